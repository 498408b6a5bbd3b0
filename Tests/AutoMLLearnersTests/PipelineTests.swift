import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

/// A small training table: a numeric column and a categorical one, both with a missing value,
/// and a text target with classes "no" (2 rows) and "yes" (4 rows).
private func smallTable() throws -> Table {
    try Table(columns: [
        .numeric("size", [1, .nan, 3, 4, 10, 2]),
        .categorical("colour", ["red", nil, "blue", "red", "red", "blue"]),
        .categorical("label", ["yes", "no", "yes", "yes", "no", "yes"]),
    ])
}

/// Rows to predict: an unseen category ("purple"), a missing category and a missing number.
private func unseenTable() throws -> Table {
    try Table(columns: [
        .numeric("size", [5, .nan, 3]),
        .categorical("colour", ["purple", nil, "blue"]),
    ])
}

/// Rewrites the top-level keys of a pipeline's JSON.
private func editedJSON(_ data: Data, _ edit: (inout [String: Any]) -> Void) throws -> Data {
    var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    edit(&object)
    return try JSONSerialization.data(withJSONObject: object)
}

@Suite struct PipelineTests {
    // MARK: Fitting and predicting

    @Test("a pipeline fitted on iris predicts class names and ignores the extra target column")
    func irisPipeline() throws {
        let table = try CSVReader.read(contentsOf: examplePath("iris.csv"))
        let dataset = try Dataset(table: table, targetName: "target")
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: dataset)
        #expect(pipeline.targetName == "target")
        #expect(pipeline.classes == ["0", "1", "2"])
        #expect(pipeline.model.featureCount == 4)
        let texts = try pipeline.predictedTexts(dataset.features)
        #expect(texts == [String](repeating: "0", count: 150))
        // The table as read, target column included, predicts the same.
        #expect(try pipeline.predict(table) == (try pipeline.predict(dataset.features)))
    }

    @Test("a regression pipeline writes predictions as numbers")
    func diabetesPipeline() throws {
        let dataset = try exampleDataset("diabetes.csv")
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: dataset)
        #expect(pipeline.classes.isEmpty)
        let texts = try pipeline.predictedTexts(dataset.features.rows(at: [0, 1]))
        #expect(texts == ["152.13348416289594", "152.13348416289594"])
    }

    @Test("preprocessing imputes missing values and encodes an unseen category as zeros")
    func unseenCategoryEncodesAsZeros() throws {
        let dataset = try Dataset(table: try smallTable(), targetName: "label")
        #expect(dataset.target.classes == ["no", "yes"])
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: dataset)
        #expect(pipeline.preprocessor.outputNames == ["size", "colour=blue", "colour=red"])
        let training = try pipeline.preprocessor.transform(dataset.features)
        let matrix = try pipeline.preprocessor.transform(try unseenTable())
        #expect(matrix.rows == 3 && matrix.columns == 3)
        #expect(matrix.storage.allSatisfy { $0.isFinite })
        // "purple" was never seen: both indicators are 0.
        #expect(matrix.row(0)[1...] == [0, 0])
        // A missing colour is imputed with the most frequent training colour, "red".
        #expect(matrix.row(1)[1...] == [0, 1])
        #expect(matrix.row(2)[1...] == [1, 0])
        // A missing size is imputed with the training median 3, standardized like training row 2.
        #expect(isClose(matrix[1, 0], training[2, 0], tolerance: 1e-12))
        #expect(isClose(matrix[2, 0], training[2, 0], tolerance: 1e-12))
    }

    @Test("predicting rows with an unseen category and missing values does not throw")
    func unseenCategoryPredicts() throws {
        let dataset = try Dataset(table: try smallTable(), targetName: "label")
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: dataset)
        let prediction = try pipeline.predict(try unseenTable())
        guard case .classes(let labels, let probabilities) = prediction else {
            Issue.record("expected class predictions")
            return
        }
        #expect(labels == [1, 1, 1])
        #expect(isClose(probabilities.row(0), [1.0 / 3, 2.0 / 3], tolerance: 1e-15))
        #expect(try pipeline.predictedTexts(try unseenTable()) == ["yes", "yes", "yes"])
    }

    @Test("predicting without a column the pipeline was fitted on throws a data error")
    func missingColumnAtPredict() throws {
        let dataset = try Dataset(table: try smallTable(), targetName: "label")
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: dataset)
        let withoutColour = try unseenTable().removingColumn(named: "colour")
        #expect(
            throws: LearnerError.data(.missingColumn(name: "colour", operation: "OneHotEncoder"))
        ) {
            _ = try pipeline.predict(withoutColour)
        }
    }

    @Test(
        "a feature column with no values (an almost empty column's training fold) is imputed as a constant, not refused"
    )
    func allMissingColumnAtFit() throws {
        let table = try Table(columns: [
            .numeric("empty", [.nan, .nan, .nan, .nan]),
            .categorical("none", [nil, nil, nil, nil]),
            .numeric("x", [1, 2, 3, 4]),
            .categorical("label", ["a", "b", "a", "b"]),
        ])
        let dataset = try Dataset(table: table, targetName: "label")
        let pipeline = try Pipeline.fit(KNearestNeighbors(.init(neighborCount: 1)), on: dataset)
        #expect(pipeline.preprocessor.imputer.fills["empty"] == .number(0))
        #expect(pipeline.preprocessor.imputer.fills["none"] == .category("(missing)"))
        // The empty columns carry no information: the neighbour is found by x alone.
        let rows = try Table(columns: [
            .numeric("empty", [5, .nan]), .categorical("none", ["q", nil]),
            .numeric("x", [2.1, 3.9]),
        ])
        #expect(try pipeline.predictedTexts(rows) == ["b", "b"])
    }

    // MARK: JSON round trip

    @Test("an iris pipeline read back from JSON predicts identically")
    func irisRoundTrip() throws {
        let dataset = try exampleDataset("iris.csv")
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: dataset)
        let json = try pipeline.jsonData()
        let decoded = try Pipeline(jsonData: json)
        #expect(decoded.targetName == pipeline.targetName)
        #expect(decoded.classes == pipeline.classes)
        #expect(decoded.preprocessor == pipeline.preprocessor)
        #expect(decoded.model as? ConstantModel == pipeline.model as? ConstantModel)
        #expect(try decoded.predict(dataset.features) == (try pipeline.predict(dataset.features)))
        #expect(
            try decoded.preprocessor.transform(dataset.features)
                == (try pipeline.preprocessor.transform(dataset.features)))
        // Writing the decoded pipeline gives the same bytes (sorted keys, exact numbers).
        #expect(try decoded.jsonData() == json)
    }

    @Test(
        "a pipeline with categorical and missing values round-trips and still handles unseen categories"
    )
    func smallTableRoundTrip() throws {
        let dataset = try Dataset(table: try smallTable(), targetName: "label")
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: dataset)
        let decoded = try Pipeline(jsonData: try pipeline.jsonData())
        #expect(decoded.preprocessor == pipeline.preprocessor)
        #expect(decoded.classes == ["no", "yes"])
        #expect(try decoded.predict(dataset.features) == (try pipeline.predict(dataset.features)))
        #expect(try decoded.predict(try unseenTable()) == (try pipeline.predict(try unseenTable())))
        #expect(
            try decoded.preprocessor.transform(try unseenTable())
                == (try pipeline.preprocessor.transform(try unseenTable())))
        #expect(try decoded.predictedTexts(try unseenTable()) == ["yes", "yes", "yes"])
    }

    @Test("a regression pipeline round-trips to identical predictions")
    func diabetesRoundTrip() throws {
        let dataset = try exampleDataset("diabetes.csv")
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: dataset)
        let decoded = try Pipeline(jsonData: try pipeline.jsonData())
        #expect(try decoded.predict(dataset.features) == (try pipeline.predict(dataset.features)))
        #expect(decoded.preprocessor == pipeline.preprocessor)
    }

    // MARK: Refused JSON

    @Test("a JSON of a newer format version is refused with unsupportedVersion")
    func newerVersionRefused() throws {
        let dataset = try exampleDataset("iris.csv")
        let json = try Pipeline.fit(ConstantBaseline(), on: dataset).jsonData()
        let newer = try editedJSON(json) { $0["version"] = 99 }
        #expect(
            throws: LearnerError.unsupportedVersion(found: 99, supported: Pipeline.formatVersion)
        ) {
            _ = try Pipeline(jsonData: newer)
        }
    }

    @Test("a JSON without a version key is read as version 1")
    func missingVersionReadsAsVersionOne() throws {
        let dataset = try exampleDataset("iris.csv")
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: dataset)
        let unversioned = try editedJSON(try pipeline.jsonData()) { $0["version"] = nil }
        // Pipeline.init(jsonData:) reads the header's version as `?? 1`, but the envelope it then
        // decodes declares `version: Int` as required, so the file is refused as unreadable.
        let decoded = try Pipeline(jsonData: unversioned)
        #expect(try decoded.predict(dataset.features) == (try pipeline.predict(dataset.features)))
    }

    @Test("a newer preprocessor version inside the JSON is refused as a data error")
    func newerPreprocessorRefused() throws {
        let dataset = try exampleDataset("iris.csv")
        let json = try Pipeline.fit(ConstantBaseline(), on: dataset).jsonData()
        let newer = try editedJSON(json) { object in
            var preprocessor = object["preprocessor"] as? [String: Any] ?? [:]
            preprocessor["version"] = 99
            object["preprocessor"] = preprocessor
        }
        #expect(
            throws: LearnerError.data(
                .unsupportedVersion(
                    what: "Preprocessor", found: 99, supported: Preprocessor.formatVersion))
        ) { _ = try Pipeline(jsonData: newer) }
    }

    @Test("a JSON naming an unknown model family is refused")
    func unknownFamilyRefused() throws {
        let dataset = try exampleDataset("iris.csv")
        let json = try Pipeline.fit(ConstantBaseline(), on: dataset).jsonData()
        let unknown = try editedJSON(json) { $0["family"] = "quantum_forest" }
        #expect(
            throws: LearnerError.unreadableModel(reason: "unknown model family 'quantum_forest'")
        ) {
            _ = try Pipeline(jsonData: unknown)
        }
        let missing = try editedJSON(json) { $0["family"] = nil }
        #expect(throws: LearnerError.unreadableModel(reason: "the key 'family' is missing")) {
            _ = try Pipeline(jsonData: missing)
        }
    }

    @Test("garbage bytes, a non-object and a truncated file are refused as unreadable")
    func garbageRefused() throws {
        let dataset = try exampleDataset("iris.csv")
        let json = try Pipeline.fit(ConstantBaseline(), on: dataset).jsonData()
        let inputs: [(String, Data)] = [
            ("garbage bytes", Data([0xFF, 0xFE, 0x00, 0x13, 0x37, 0x80])),
            ("empty", Data()),
            ("a JSON array", Data("[1, 2, 3]".utf8)),
            ("truncated", json.prefix(json.count / 2)),
            (
                "a model of the wrong shape",
                try editedJSON(json) { $0["model"] = ["values": "none"] }
            ),
        ]
        for (name, data) in inputs {
            let error = #expect(throws: LearnerError.self, "\(name)") {
                _ = try Pipeline(jsonData: data)
            }
            guard case .unreadableModel? = error else {
                Issue.record("\(name): expected unreadableModel, got \(String(describing: error))")
                continue
            }
        }
    }
}

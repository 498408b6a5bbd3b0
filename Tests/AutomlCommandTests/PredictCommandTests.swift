import AutoML
import AutoMLTestSupport
import Foundation
import Testing

@Suite(.serialized) struct PredictCommandTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "automl-predict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("predict writes one prediction per input row, in order, ignoring the target column")
    func predictsRows() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dataset = try exampleDataset("diabetes")
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: dataset)
        let modelPath = directory.appendingPathComponent("model.json").path
        try ModelArtifact.single(pipeline).write(to: modelPath)
        let out = directory.appendingPathComponent("predictions.csv").path
        let outcome = try CommandRunner.run([
            "predict", "--model", modelPath, "--data", "Examples/diabetes.csv", "--out", out,
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let table = try CSVReader.read(contentsOf: out)
        #expect(table.columnNames == ["prediction"] && table.rowCount == 442)
        guard case .numeric(let values) = table.columns[0].values else {
            Issue.record("not numeric"); return
        }
        #expect(values.allSatisfy { isClose($0, 67243.0 / 442, tolerance: 1e-9) })
    }

    @Test("classifiers write class names and one probability column per class")
    func classNames() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: try exampleDataset("breast_cancer"))
        let modelPath = directory.appendingPathComponent("model.json").path
        try ModelArtifact.single(pipeline).write(to: modelPath)
        let out = directory.appendingPathComponent("p.csv").path
        let outcome = try CommandRunner.run([
            "predict", "--model", modelPath, "--data", "Examples/breast_cancer.csv", "--out", out,
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let table = try CSVReader.read(contentsOf: out)
        #expect(table.columnNames == ["prediction", "probability_0", "probability_1"])
        #expect(table.rowCount == 569)
    }

    @Test("a model file that is not a model is refused naming it, and no output is written")
    func badModel() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let modelPath = directory.appendingPathComponent("model.json").path
        try Data("{\"version\": 1, \"family\": \"no_such_family\"}".utf8).write(
            to: URL(fileURLWithPath: modelPath))
        let out = directory.appendingPathComponent("p.csv").path
        let outcome = try CommandRunner.run([
            "predict", "--model", modelPath, "--data", "Examples/iris.csv", "--out", out,
        ])
        #expect(outcome.status != 0)
        #expect(
            outcome.standardError.contains(modelPath)
                && outcome.standardError.contains("no_such_family"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let missing = try CommandRunner.run([
            "predict", "--model", directory.appendingPathComponent("none.json").path, "--data",
            "Examples/iris.csv", "--out", out,
        ])
        #expect(missing.status != 0 && missing.standardError.contains("none.json"))
        let folder = try CommandRunner.run([
            "predict", "--model", directory.path, "--data", "Examples/iris.csv", "--out", out,
        ])
        #expect(
            folder.status != 0
                && folder.standardError.contains("\(directory.path): it is a folder, not a file."))
    }

    @Test("a model file whose class names do not match its model is refused, not a crash")
    func editedClasses() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: try exampleDataset("iris"))
        let modelPath = directory.appendingPathComponent("model.json").path
        try ModelArtifact.single(pipeline).write(to: modelPath)
        let file = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: modelPath))) as? [String: Any])
        #expect(file["kind"] as? String == "single" && file["version"] as? Int == 2)
        var json = try #require(file["pipeline"] as? [String: Any])
        #expect((json["classes"] as? [String])?.count == 3)
        func save() throws {
            var edited = file
            edited["pipeline"] = json
            try JSONSerialization.data(withJSONObject: edited).write(
                to: URL(fileURLWithPath: modelPath))
        }
        json["classes"] = [String]()
        try save()
        let out = directory.appendingPathComponent("p.csv").path
        let outcome = try CommandRunner.run([
            "predict", "--model", modelPath, "--data", "Examples/iris.csv", "--out", out,
        ])
        #expect(outcome.status != 0)
        #expect(
            outcome.standardError.contains(
                "'classes' lists 0 class names but the model predicts 3 classes"))
        #expect(!FileManager.default.fileExists(atPath: out))

        // A field of the wrong type is described in plain words, naming the field.
        json["classes"] = 7
        try save()
        let wrongType = try CommandRunner.run([
            "predict", "--model", modelPath, "--data", "Examples/iris.csv", "--out", out,
        ])
        #expect(
            wrongType.status != 0 && wrongType.standardError.contains("'pipeline.classes'"),
            "\(wrongType.standardError)")
        #expect(!wrongType.standardError.contains("DecodingError"))
    }

    @Test("data without a training column is refused naming the column, not the model file")
    func missingColumn() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: try exampleDataset("iris"))
        let modelPath = directory.appendingPathComponent("model.json").path
        try ModelArtifact.single(pipeline).write(to: modelPath)
        let data = directory.appendingPathComponent("other.csv").path
        try Data("x,y\n1,2\n".utf8).write(to: URL(fileURLWithPath: data))
        let out = directory.appendingPathComponent("p.csv").path
        let outcome = try CommandRunner.run([
            "predict", "--model", modelPath, "--data", data, "--out", out,
        ])
        #expect(outcome.status != 0)
        #expect(
            outcome.standardError.contains(
                "\(data): has no column 'sepal length (cm)', which \(modelPath) was trained with"))
        #expect(!outcome.standardError.contains("Give a model.json"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

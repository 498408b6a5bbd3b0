import AutoMLData
import AutoMLNumerics
import Foundation
import Testing

@Suite struct PreprocessorTests {
    let training: Table

    init() throws {
        training = try Table(columns: [
            .numeric("x", [1, .nan, 3, 10]),
            .categorical("color", ["red", "blue", nil, "red"]),
        ])
    }

    @Test("the imputer fills the median and the most frequent category")
    func imputer() throws {
        let imputer = try Imputer.fit(training)
        #expect(imputer.fills["x"] == .number(3))
        #expect(imputer.fills["color"] == .category("red"))
        let filled = imputer.transform(training)
        #expect(filled["x"]?.numbers == [1, 3, 3, 10])
        #expect(filled["color"]?.text(at: 2) == "red")
        #expect(try Imputer.fit(training, numericStrategy: .mean).fills["x"] == .number(14.0 / 3))
    }

    @Test("one-hot encoding maps an unseen category to zeros")
    func oneHotUnseen() throws {
        let encoder = try OneHotEncoder.fit(Imputer.fit(training).transform(training))
        #expect(encoder.outputNames == ["x", "color=blue", "color=red"])
        let later = try Table(columns: [.numeric("x", [5]), .categorical("color", ["green"])])
        let matrix = try encoder.transform(later)
        #expect(matrix.storage == [5, 0, 0])
    }

    @Test("high-cardinality columns share an infrequent indicator")
    func infrequent() throws {
        let texts: [String?] = ["a", "a", "a", "b", "b", "c", "d"]
        let table = try Table(columns: [.categorical("k", texts)])
        let encoder = try OneHotEncoder.fit(table, maximumCategories: 3)
        #expect(encoder.outputNames == ["k=a", "k=b", "k=<infrequent>"])
        let row = try encoder.transform(try Table(columns: [.categorical("k", ["d"])]))
        #expect(row.storage == [0, 0, 1])
    }

    @Test("standardization gives zero mean and unit variance, constant columns keep scale 1")
    func standardizer() throws {
        let matrix = try Matrix([[1, 5], [3, 5], [5, 5]])
        let standardizer = try Standardizer.fit(matrix)
        let scaled = try standardizer.transform(matrix)
        let sd = (8.0 / 3).squareRoot()
        #expect(abs(scaled[0, 0] + 2 / sd) < 1e-12)
        #expect(abs(scaled[2, 0] - 2 / sd) < 1e-12)
        #expect(scaled.column(1) == [0, 0, 0])
    }

    @Test("a fitted preprocessor round-trips through JSON with identical output")
    func roundTrip() throws {
        let preprocessor = try Preprocessor.fit(training)
        let data = try JSONEncoder().encode(preprocessor)
        let decoded = try JSONDecoder().decode(Preprocessor.self, from: data)
        #expect(decoded == preprocessor)
        #expect(try decoded.transform(training) == preprocessor.transform(training))
        let output = try preprocessor.transform(training)
        #expect(output.firstNonFinite() == nil)
        #expect(output.columns == 3)
    }

    @Test("a newer format version is refused")
    func newerVersion() throws {
        var object =
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(Preprocessor.fit(training)))
            as! [String: Any]
        object["version"] = 99
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: DataError.unsupportedVersion(what: "Preprocessor", found: 99, supported: 1))
        {
            try JSONDecoder().decode(Preprocessor.self, from: data)
        }
    }

    @Test("a numeric column given as text at transform time names the column")
    func kindMismatch() throws {
        let preprocessor = try Preprocessor.fit(training)
        let bad = try Table(columns: [.categorical("x", ["abc"]), .categorical("color", ["red"])])
        #expect(throws: DataError.self) { try preprocessor.transform(bad) }
        let missing = try Table(columns: [.numeric("x", [1])])
        #expect(throws: DataError.missingColumn(name: "color", operation: "OneHotEncoder")) {
            try preprocessor.transform(missing)
        }
    }
}

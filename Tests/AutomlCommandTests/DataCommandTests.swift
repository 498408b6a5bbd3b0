import Foundation
import Testing

@Suite(.serialized) struct DataCommandTests {
    @Test("describe --json reports iris as 150 rows, 4 numeric features and 3 classes")
    func describeIris() throws {
        let outcome = try CommandRunner.run(["data", "describe", "Examples/iris.csv", "--target", "target", "--json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(object["rows"] as? Int == 150)
        #expect(object["features"] as? Int == 4)
        #expect(object["task"] as? String == "classification")
        #expect(object["classes"] as? Int == 3)
        let columns = try #require(object["columns"] as? [[String: Any]])
        #expect(columns.count == 5)
        #expect(columns.filter { $0["kind"] as? String == "numeric" && $0["role"] as? String == "feature" }.count == 4)
        #expect(columns.allSatisfy { $0["missing"] as? Int == 0 })
    }

    @Test("describe detects regression on diabetes")
    func describeDiabetes() throws {
        let outcome = try CommandRunner.run(["data", "describe", "Examples/diabetes.csv", "--target", "target", "--json"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(object["rows"] as? Int == 442)
        #expect(object["features"] as? Int == 10)
        #expect(object["task"] as? String == "regression")
        #expect(object["classes"] == nil)
    }

    @Test("every malformed file gives a message naming it and a non-zero exit, never a signal")
    func malformedFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("automl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, example) in malformedCSVFiles.enumerated() {
            let path = directory.appendingPathComponent("case\(index).csv").path
            try Data(example.bytes).write(to: URL(fileURLWithPath: path))
            var arguments = ["data", "describe", path, "--target", example.target]
            if let task = example.task { arguments += ["--task", task] }
            let outcome = try CommandRunner.run(arguments)
            #expect(!outcome.wasSignalled, "\(example.name): killed by a signal")
            #expect(outcome.status != 0, "\(example.name): exit status 0")
            #expect(outcome.standardError.contains(path), "\(example.name): \(outcome.standardError)")
            #expect(outcome.standardOutput.isEmpty, "\(example.name): printed \(outcome.standardOutput)")
        }
    }

    @Test("synth writes a seeded file that describe reads back, the same twice")
    func synthesize() throws {
        let directory = FileManager.default.temporaryDirectory
        let first = directory.appendingPathComponent("automl-synth-\(UUID().uuidString).csv").path
        let second = directory.appendingPathComponent("automl-synth-\(UUID().uuidString).csv").path
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        for path in [first, second] {
            let outcome = try CommandRunner.run([
                "data", "synth", "--task", "classification", "--rows", "500", "--features", "6", "--classes", "3",
                "--seed", "4", "--out", path,
            ])
            #expect(outcome.status == 0, "\(outcome.standardError)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        let described = try CommandRunner.run(["data", "describe", first, "--target", "target", "--json"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(described.standardOutput.utf8)) as? [String: Any])
        #expect(object["rows"] as? Int == 500)
        #expect(object["features"] as? Int == 6)
        #expect(object["classes"] as? Int == 3)
    }

    @Test("bad flags are refused with usage help")
    func badFlags() throws {
        let outcome = try CommandRunner.run(["data", "describe", "Examples/iris.csv", "--target", "target", "--delimiter", ";;"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("delimiter"))
        let synth = try CommandRunner.run(["data", "synth", "--task", "classification", "--features", "3", "--informative", "5", "--out", "/tmp/x.csv"])
        #expect(synth.status != 0)
        #expect(synth.standardError.contains("featureCount") || synth.standardError.contains("informative"))
    }
}

/// The malformed files of `AutoMLDataTests/CSV/MalformedCSVCases.swift`, as the command sees them.
struct MalformedFile {
    let name: String
    let bytes: [UInt8]
    var target = "y"
    var task: String? = nil
}

let malformedCSVFiles: [MalformedFile] = [
    .init(name: "empty file", bytes: []),
    .init(name: "only a byte-order mark and blank lines", bytes: [0xEF, 0xBB, 0xBF, 0x0A, 0x0D, 0x0A]),
    .init(name: "header without rows", bytes: Array("a,b,y\n".utf8)),
    .init(name: "header followed by blank lines", bytes: Array("a,b,y\r\n\r\n\n".utf8)),
    .init(name: "row with a missing field", bytes: Array("a,b,y\n1,2,0\n3,1\n".utf8)),
    .init(name: "row with an extra field", bytes: Array("a,b,y\n1,2,0\n3,4,1\n5,6,7,1\n".utf8)),
    .init(name: "unterminated quote", bytes: Array("a,b,y\n1,\"open,0\n2,3,1\n".utf8)),
    .init(name: "text after a closing quote", bytes: Array("a,b,y\n1,\"x\"z,0\n".utf8)),
    .init(name: "duplicate column names", bytes: Array("a,b,a,y\n1,2,3,0\n4,5,6,1\n".utf8)),
    .init(name: "unknown target column", bytes: Array("a,b,c\n1,2,0\n3,4,1\n".utf8)),
    .init(name: "target with a single class", bytes: Array("a,y\n1,yes\n2,yes\n3,yes\n".utf8)),
    .init(name: "column that is all missing", bytes: Array("a,b,y\n1,,0\n2,NA,1\n3,?,0\n".utf8)),
    .init(name: "infinite number", bytes: Array("a,b,y\n1,2,0\n3,inf,1\n".utf8)),
    .init(name: "number that overflows", bytes: Array("a,b,y\n1e999,2,0\n3,4,1\n".utf8)),
    .init(name: "invalid UTF-8 in a field", bytes: Array("a,b,y\n1,x,0\n2,".utf8) + [0xC3, 0x28] + Array(",1\n".utf8)),
    .init(name: "invalid UTF-8 in the header", bytes: [0x61, 0xFF, 0x2C, 0x79, 0x0A] + Array("1,0\n2,1\n".utf8)),
    .init(name: "missing target value", bytes: Array("a,y\n1,0\n2,\n3,1\n".utf8)),
    .init(name: "text target forced to regression", bytes: Array("a,y\n1,low\n2,high\n".utf8), task: "regression"),
    .init(name: "constant regression target", bytes: Array("a,y\n1,5.5\n2,5.5\n3,5.5\n".utf8), task: "regression"),
    .init(name: "no feature columns", bytes: Array("y\n0\n1\n".utf8)),
    .init(name: "binary garbage", bytes: [0x00, 0x01, 0x2C, 0xFE, 0x0A, 0x22, 0x00]),
    .init(name: "quoted field spanning lines, then a ragged row", bytes: Array("a,b,y\n\"multi\nline\",2,0\n1,2\n".utf8)),
]

import AutoMLTestSupport
import Foundation
import Testing

@Suite(.serialized) struct DataCommandTests {
    @Test("describe --json reports iris as 150 rows, 4 numeric features and 3 classes")
    func describeIris() throws {
        let outcome = try CommandRunner.run([
            "data", "describe", "Examples/iris.csv", "--target", "target", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(object["rows"] as? Int == 150)
        #expect(object["features"] as? Int == 4)
        #expect(object["task"] as? String == "classification")
        #expect(object["classes"] as? Int == 3)
        let columns = try #require(object["columns"] as? [[String: Any]])
        #expect(columns.count == 5)
        #expect(
            columns.filter {
                $0["kind"] as? String == "numeric" && $0["role"] as? String == "feature"
            }.count == 4)
        #expect(columns.allSatisfy { $0["missing"] as? Int == 0 })
    }

    @Test("describe detects regression on diabetes")
    func describeDiabetes() throws {
        let outcome = try CommandRunner.run([
            "data", "describe", "Examples/diabetes.csv", "--target", "target", "--json",
        ])
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(object["rows"] as? Int == 442)
        #expect(object["features"] as? Int == 10)
        #expect(object["task"] as? String == "regression")
        #expect(object["classes"] == nil)
    }

    @Test("every malformed file gives a message naming it and a non-zero exit, never a signal")
    func malformedFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "automl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, example) in malformedCSVCases.enumerated() {
            let path = directory.appendingPathComponent("case\(index).csv").path
            try Data(example.bytes).write(to: URL(fileURLWithPath: path))
            var arguments = ["data", "describe", path, "--target", example.target]
            if let task = example.task { arguments += ["--task", task.rawValue] }
            let outcome = try CommandRunner.run(arguments)
            #expect(!outcome.wasSignalled, "\(example.name): killed by a signal")
            #expect(outcome.status != 0, "\(example.name): exit status 0")
            #expect(
                outcome.standardError.contains(path), "\(example.name): \(outcome.standardError)")
            #expect(
                outcome.standardOutput.isEmpty, "\(example.name): printed \(outcome.standardOutput)"
            )
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
                "data", "synth", "--task", "classification", "--rows", "500", "--features", "6",
                "--classes", "3",
                "--seed", "4", "--out", path,
            ])
            #expect(outcome.status == 0, "\(outcome.standardError)")
        }
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: first))
                == Data(contentsOf: URL(fileURLWithPath: second)))
        let described = try CommandRunner.run([
            "data", "describe", first, "--target", "target", "--json",
        ])
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(described.standardOutput.utf8))
                as? [String: Any])
        #expect(object["rows"] as? Int == 500)
        #expect(object["features"] as? Int == 6)
        #expect(object["classes"] as? Int == 3)
    }

    @Test("bad flags are refused with usage help")
    func badFlags() throws {
        let outcome = try CommandRunner.run([
            "data", "describe", "Examples/iris.csv", "--target", "target", "--delimiter", ";;",
        ])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("delimiter"))
        let synth = try CommandRunner.run([
            "data", "synth", "--task", "classification", "--features", "3", "--informative", "5",
            "--out", "/tmp/x.csv",
        ])
        #expect(synth.status != 0)
        #expect(
            synth.standardError.contains(
                "--features must be an integer ≥ --informative + --redundant"))
        // The defaults derived from --features are named as flags too, with what they default to.
        let few = try CommandRunner.run([
            "data", "synth", "--task", "classification", "--rows", "10", "--features", "3", "--out",
            "/tmp/x.csv",
        ])
        #expect(
            few.status != 0
                && few.standardError.contains(
                    "raise --informative or lower --classes or --clusters-per-class")
        )
        #expect(
            few.standardError.contains("--informative is half of --features")
                && !few.standardError.contains("Count"))
        let huge = try CommandRunner.run([
            "data", "synth", "--task", "regression", "--rows", "1000000000", "--features", "20",
            "--out", "/tmp/x.csv",
        ])
        #expect(huge.status != 0 && huge.standardError.contains("at most 268435456 numbers"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/x.csv"))
    }
}

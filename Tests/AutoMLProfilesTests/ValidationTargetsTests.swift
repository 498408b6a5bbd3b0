import AutoML
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct ValidationTargetsTests {
    func write(_ text: String) throws -> String {
        let path = scratchDirectory().appendingPathComponent("targets.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(
        "the shipped targets parse, flags add bounds, and the report passes only when every target holds"
    )
    func shipped() throws {
        var targets = try ValidationTargets.load(
            contentsOf: packageRootURL.appendingPathComponent("Examples/targets.json").path)
        #expect(targets.bounds["accuracy"] == .init(minimum: 0.85))
        #expect(targets.bounds["latency_p99_seconds"] == .init(maximum: 0.15))
        #expect(targets.bounds["throughput_rows_per_second"] == .init(minimum: 100))
        #expect(targets.bounds["peak_memory_bytes"] == .init(maximum: 1e9))
        try targets.add("f1_macro=0.8", isMinimum: true)
        try targets.check(for: .classification, source: "t")
        let passing = ValidationReport(
            achieved: [
                ("accuracy", 0.9), ("f1_macro", 0.85), ("latency_p99_seconds", 0.001),
                ("throughput_rows_per_second", 1e5), ("peak_memory_bytes", 5e7),
                ("model_bytes", 1e4),
            ], targets: targets, rowCount: 38)
        #expect(passing.passes)
        #expect(passing.rows.first { $0.metric == "model_bytes" }?.pass == nil)
        #expect(passing.text.contains("every target holds"))
        let failing = ValidationReport(
            achieved: [("accuracy", 0.84), ("latency_p99_seconds", 0.2)], targets: targets,
            rowCount: 38)
        #expect(!failing.passes)
        #expect(failing.rows.map(\.pass) == [false, false])
        #expect(failing.text.contains("FAIL") && failing.text.contains("2 targets not met"))
        #expect(
            !ValidationReport(achieved: [("accuracy", .nan)], targets: targets, rowCount: 1).passes)
    }

    @Test("bad targets are refused naming the metric, the file and line, or the flag")
    func refusals() throws {
        let wrongType = try write("{\n  \"accuracy\": {\"min\": \"high\"}\n}")
        #expect { try ValidationTargets.load(contentsOf: wrongType) } throws: {
            "\($0)".contains(":2") && "\($0)".contains("accuracy")
        }
        let empty = try write("{\"accuracy\": {}}")
        #expect { try ValidationTargets.load(contentsOf: empty) } throws: {
            "\($0)".contains("neither min nor max")
        }
        let unknownKey = try write("{\"accuracy\": {\"least\": 0.9}}")
        #expect { try ValidationTargets.load(contentsOf: unknownKey) } throws: {
            "\($0)".contains("least")
        }
        let list = try write("[1, 2]")
        #expect(throws: ProfileError.self) { try ValidationTargets.load(contentsOf: list) }
        var targets = ValidationTargets()
        #expect { try targets.add("accuracy", isMinimum: true) } throws: {
            "\($0)".contains("--target-min")
        }
        try targets.add("rmse=3", isMinimum: false)
        #expect { try targets.check(for: .classification, source: "flags") } throws: {
            "\($0)".contains("rmse")
        }
    }
}

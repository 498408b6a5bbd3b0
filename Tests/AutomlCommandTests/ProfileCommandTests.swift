import AutoML
import AutoMLTestSupport
import Foundation
import Testing

@Suite(.serialized) struct ProfileCommandTests {
    @Test(
        "the walkthrough runs tune → export → train → predict → validate on breast_cancer at a tiny budget"
    )
    func walkthrough() async throws {
        let work = scratchDirectory()
        let outcome = try await Self.runScript(
            ["Examples/walkthrough.sh", "10", work.path],
            environment: ["AUTOML": CommandRunner.executable.path])
        #expect(outcome.status == 0, "\(outcome.standardOutput)\n\(outcome.standardError)")
        for kind in ProfileKind.allCases {
            let path = work.appendingPathComponent("profiles/\(kind.fileName)").path
            let profile = try ProductionProfile.load(contentsOf: path)
            #expect(profile.profile == kind && profile.dataset.target == "target")
            #expect(profile.metrics.latencyP99Seconds >= profile.metrics.latencyP50Seconds)
            #expect(profile.metrics.modelBytes > 0 && profile.metrics.fitSeconds >= 0)
        }
        let fast = try ProductionProfile.load(
            contentsOf: work.appendingPathComponent("profiles/fast_inference.json").path)
        let high = try ProductionProfile.load(
            contentsOf: work.appendingPathComponent("profiles/high_performance.json").path)
        // Latencies measured under a loaded test run are not compared here; the selection rules
        // are checked on fixed fronts in AutoMLProfilesTests.
        #expect(fast.metrics.score >= high.metrics.score - fast.rule.tolerance - 1e-9)
        #expect(
            outcome.standardOutput.contains("Metric")
                && outcome.standardOutput.contains("latency_p99_seconds"))
        #expect(
            FileManager.default.fileExists(
                atPath: work.appendingPathComponent("predictions.csv").path))
    }

    @Test(
        "train refuses data whose columns differ from the profile's, naming the column; validate's exit status follows its table"
    )
    func trainAndValidate() async throws {
        let work = scratchDirectory()
        let profilePath = work.appendingPathComponent("p.json").path
        let profile = try sampleProfile()
        try profile.jsonData().write(to: URL(fileURLWithPath: profilePath))
        // Iris without one column.
        let table = try CSVReader.read(contentsOf: examplePath("iris.csv"))
        let dropped = table.columns[0].name
        let narrow = try Table(columns: Array(table.columns.dropFirst()))
        let narrowPath = work.appendingPathComponent("narrow.csv").path
        try CSVWriter.write(narrow, to: narrowPath)
        let model = work.appendingPathComponent("m.json").path
        let refused = try await CommandRunner.runDetached([
            "train", "--profile", profilePath, "--data", narrowPath, "--out", model,
        ])
        #expect(refused.status != 0)
        #expect(
            refused.standardError.contains("'\(dropped)'")
                && refused.standardError.contains("missing"), "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: model))

        let trained = try await CommandRunner.runDetached([
            "train", "--profile", profilePath, "--data", "Examples/iris.csv", "--out", model,
        ])
        #expect(trained.status == 0, "\(trained.standardError)")
        let pass = try await CommandRunner.runDetached([
            "validate", "--model", model, "--data", "Examples/iris.csv", "--targets",
            "Examples/targets.json", "--json",
        ])
        #expect(pass.status == 0, "\(pass.standardOutput)\(pass.standardError)")
        let rows = try #require(
            JSONSerialization.jsonObject(with: Data(pass.standardOutput.utf8)) as? [[String: Any]])
        let accuracy = try #require(rows.first { $0["metric"] as? String == "accuracy" })
        #expect((accuracy["achieved"] as? Double ?? 0) > 0.9 && accuracy["pass"] as? Bool == true)
        #expect(
            Set(rows.compactMap { $0["metric"] as? String }).isSuperset(
                of: ValidationTargets.costMetrics))
        let fail = try await CommandRunner.runDetached([
            "validate", "--model", model, "--data", "Examples/iris.csv", "--target-min",
            "accuracy=1.01",
        ])
        #expect(fail.status == 1)
        #expect(fail.standardOutput.contains("FAIL"))
        let bad = try await CommandRunner.runDetached([
            "validate", "--model", model, "--data", "Examples/iris.csv", "--target-max", "speed=3",
        ])
        #expect(bad.status == 2 && bad.standardError.contains("speed"), "\(bad.standardError)")
    }

    static func runScript(_ arguments: [String], environment: [String: String]) async throws
        -> CommandRunner.Outcome
    {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Result {
                        let process = Process()
                        process.executableURL = URL(fileURLWithPath: "/bin/bash")
                        process.arguments = arguments
                        process.currentDirectoryURL = CommandRunner.packageRoot
                        process.environment = ProcessInfo.processInfo.environment.merging(
                            environment
                        ) { $1 }
                        let output = Pipe()
                        let error = Pipe()
                        process.standardOutput = output
                        process.standardError = error
                        try process.run()
                        let out = output.fileHandleForReading.readDataToEndOfFile()
                        let err = error.fileHandleForReading.readDataToEndOfFile()
                        process.waitUntilExit()
                        return CommandRunner.Outcome(
                            status: process.terminationStatus,
                            wasSignalled: process.terminationReason == .uncaughtSignal,
                            standardOutput: String(decoding: out, as: UTF8.self),
                            standardError: String(decoding: err, as: UTF8.self))
                    })
            }
            thread.start()
        }
    }
}

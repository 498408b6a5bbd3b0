import AutoML
import AutoMLTestSupport
import Foundation
import Testing

/// `automl worker` processes sharing one study in PostgreSQL.
// Skipped, with the reason shown, when AUTOML_TEST_POSTGRES is unset or no server answers.
@Suite(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct WorkerCommandTests {
    /// Creates a command study (random sampler: the test is about the storage) in a scratch
    /// schema and returns its storage URL.
    static func makeStudy(
        _ name: String, command: String, schema: String, runner: StudyCommandRunner
    ) async throws -> String {
        let url = PostgresTestServer.url(schema: schema)
        let space = try SearchSpace.load(
            contentsOf: runner.directory.appendingPathComponent("space.json"))
        try await StorageLocation.postgres(url: url).withStorage { storage in
            _ = try await Study.create(
                name: name, space: space, sampler: RandomSampler(seed: 3), storage: storage,
                attributes: ["objective": "command", "command": command])
        }
        return url
    }

    static func trials(_ study: String, url: String) async throws -> [TrialRecord] {
        try await StorageLocation.postgres(url: url).withStorage(readOnly: true) {
            try await $0.trials(of: study)
        }
    }

    /// Waits for `process` without blocking a thread of the cooperative pool.
    static func wait(_ process: Process) async {
        await withCheckedContinuation { continuation in
            Thread {
                process.waitUntilExit(); continuation.resume()
            }.start()
        }
    }

    static func report(_ runner: StudyCommandRunner, tag: String) throws -> [String: Any] {
        let text = try String(contentsOfFile: runner.path("\(tag).out"), encoding: .utf8)
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    @Test("four workers on one study run exactly 200 trials, numbered 0…199, none lost")
    func fourWorkers() async throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let schema = PostgresTestServer.scratchSchema()
        let url = try await Self.makeStudy(
            "shared", command: "echo \"$AUTOML_PARAM_X\"", schema: schema, runner: runner)
        let workers = try (0..<4).map { index in
            try runner.start(
                [
                    "worker", "--study", "shared", "--storage", url, "--budget", "50", "--json",
                    "--quiet",
                ], tag: "w\(index)")
        }
        for worker in workers { await Self.wait(worker) }
        for index in 0..<4 {
            #expect(workers[index].terminationStatus == 0)
            let report = try Self.report(runner, tag: "w\(index)")
            #expect(report["trials_run"] as? Int == 50)
            #expect(report["complete"] as? Int == 50)
        }
        let trials = try await Self.trials("shared", url: url)
        #expect(trials.map(\.number) == Array(0..<200))
        #expect(trials.allSatisfy { $0.state == .complete })
        #expect(Set(trials.compactMap { $0.owner?.processID }).count == 4)
        try await PostgresStorage.dropSchema(schema, url: PostgresTestServer.url ?? "")
    }

    @Test(
        "a worker killed with SIGKILL leaves its trial failed once the heartbeat times out; the others finish their budgets"
    )
    func killedWorker() async throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let schema = PostgresTestServer.scratchSchema()
        let url = try await Self.makeStudy(
            "killed", command: "sleep 0.2; echo \"$AUTOML_PARAM_X\"", schema: schema,
            runner: runner)
        let arguments = [
            "worker", "--study", "killed", "--storage", url, "--json", "--quiet",
            "--stale-after", "2s",
        ]
        let victim = try runner.start(arguments + ["--budget", "100"], tag: "victim")
        let others = try (0..<3).map { index in
            try runner.start(arguments + ["--budget", "12"], tag: "w\(index)")
        }
        // Kill the victim while it runs a trial. It is stopped (SIGSTOP) before its trials are
        // read, so the running trial seen cannot finish between the read and the kill.
        var victimTrial: Int?
        for _ in 0..<200 where victimTrial == nil {
            try await Task.sleep(for: .milliseconds(50))
            kill(victim.processIdentifier, SIGSTOP)
            victimTrial = try await Self.trials("killed", url: url).first {
                $0.state == .running && $0.owner?.processID == victim.processIdentifier
            }?.number
            if victimTrial == nil { kill(victim.processIdentifier, SIGCONT) }
        }
        let killed = try #require(victimTrial)
        kill(victim.processIdentifier, SIGKILL)
        await Self.wait(victim)
        for worker in others { await Self.wait(worker) }
        for index in 0..<3 {
            #expect(others[index].terminationStatus == 0)
            let report = try Self.report(runner, tag: "w\(index)")
            #expect(report["trials_run"] as? Int == 12)
            #expect(report["complete"] as? Int == 12)
        }
        let trials = try await Self.trials("killed", url: url)
        let trial = try #require(trials.first { $0.number == killed })
        #expect(trial.state == .failed)
        #expect(trial.failureReason?.hasPrefix("abandoned") == true)
        #expect(!trials.contains { $0.state == .running })
        #expect(trials.map(\.number) == Array(0..<trials.count))
        try await PostgresStorage.dropSchema(schema, url: PostgresTestServer.url ?? "")
    }
}

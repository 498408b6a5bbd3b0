import AutoMLExecutor
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStudy
import AutoMLTestSupport
import Foundation
import Testing

/// What a command objective leaves behind: under `automl-supervise` nothing, without it only what
/// left its process group; and a trial ends when its command exits, whoever holds its output.
@Suite struct CommandSupervisionTests {
    let space = SearchSpace(unordered: [
        Parameter(name: "x", domain: .float(low: 0.5, high: 0.5, log: false, step: nil))
    ])

    func run(_ command: String, timeout: Duration? = nil, isSupervised: Bool = true) async throws
        -> TrialRecord
    {
        let study = try await Study.create(name: "s", space: space, sampler: RandomSampler())
        try await study.optimize(
            budget: .trials(1), trialTimeout: timeout,
            objective: CommandObjective(command: command, isSupervised: isSupervised))
        return try await study.storage.trial(0, of: "s")
    }

    @Test("automl-supervise is found next to the test binary and runs the command")
    func supervisorFound() async throws {
        let path = try #require(CommandObjective.supervisorPath)
        #expect(path.hasSuffix("/automl-supervise"))
        // The shell's parent is the supervisor (its name cut to 15 characters), or not.
        let command = #"test "$(cat /proc/$PPID/comm)" = automl-supervis && echo 1 || echo 0"#
        #expect(try await run(command).value == 1)
        #expect(try await run(command, isSupervised: false).value == 0)
    }

    @Test(
        "a command that backgrounds setsid, double-forked and plain sleeps and prints a value ends promptly, and none of them survives"
    )
    func backgroundedChildren() async throws {
        try #require(CommandObjective.supervisorPath != nil)
        let marker = ProcessTable.marker(seconds: 300)
        defer { ProcessTable.kill(withArgument: marker) }
        let clock = ContinuousClock()
        let start = clock.now
        let trial = try await run(
            "setsid sleep \(marker) & (sleep \(marker) &); sleep \(marker) & echo 0.5")
        // The background jobs sleep for five minutes; the bound leaves room for a busy test run.
        #expect(clock.now - start < .seconds(120))
        #expect(trial.state == .complete, "\(trial.failureReason ?? "")")
        #expect(trial.value == 0.5)
        #expect(ProcessTable.processes(withArgument: marker).isEmpty)
    }

    @Test(
        "without the supervisor, a background job holding standard output neither delays the trial nor survives it"
    )
    func unsupervisedBackgroundJob() async throws {
        let marker = ProcessTable.marker(seconds: 300)
        defer { ProcessTable.kill(withArgument: marker) }
        let clock = ContinuousClock()
        let start = clock.now
        let trial = try await run(
            "sleep \(marker) & echo noise; echo 0.5", isSupervised: false)
        // The background jobs sleep for five minutes; the bound leaves room for a busy test run.
        #expect(clock.now - start < .seconds(120))
        #expect(trial.value == 0.5, "\(trial.failureReason ?? "")")
        // Killed with the group (SIGKILL is delivered asynchronously: give it a moment).
        #expect(await ProcessTable.areGone(withArgument: marker, within: .seconds(5)))
    }

    @Test("a timed-out supervised command is killed with everything it started, setsid included")
    func timeoutKillsTree() async throws {
        try #require(CommandObjective.supervisorPath != nil)
        let marker = ProcessTable.marker(seconds: 300)
        defer { ProcessTable.kill(withArgument: marker) }
        let trial = try await run(
            "setsid sleep \(marker) & (sleep \(marker) &); echo started >&2; sleep \(marker)",
            timeout: .milliseconds(300))
        #expect(
            trial.failureReason
                == "timed out after 300ms; the command's process group was killed; stderr: started")
        #expect(ProcessTable.processes(withArgument: marker).isEmpty)
    }

    @Test(
        "exit statuses, CPU time and peak memory read the same supervised or not",
        arguments: [true, false])
    func measured(isSupervised: Bool) async throws {
        let exited = try await run("echo 0.5; exit 7", isSupervised: isSupervised)
        #expect(exited.failureReason == "the command exited with status 7")
        #expect(exited.metrics["exit_status"] == 7)
        let killed = try await run("kill -KILL $$", isSupervised: isSupervised)
        #expect(killed.failureReason == "the command was killed by signal 9 (SIGKILL)")
        // 64 MiB written by the command, and a loop of well over 10 ms of CPU.
        let heavy = try await run(
            #"python3 -c 'b = b"x" * (64 << 20); print(sum(range(3_000_000)) * 0 + 1)'; true"#,
            isSupervised: isSupervised)
        #expect(heavy.value == 1, "\(heavy.failureReason ?? "")")
        #expect((heavy.metrics["peak_memory_bytes"] ?? 0) > Double(64 << 20))
        #expect((heavy.metrics["cpu_seconds"] ?? 0) > 0.01)
    }
}

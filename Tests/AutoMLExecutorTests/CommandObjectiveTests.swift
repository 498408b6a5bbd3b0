import AutoMLExecutor
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStudy
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct CommandObjectiveTests {
    let space = SearchSpace(unordered: [
        Parameter(
            name: "learning-rate", domain: .float(low: 0.5, high: 0.5, log: false, step: nil)),
        Parameter(name: "kernel", domain: .categorical([.string("it's; rm -rf /")])),
    ])

    func run(_ command: String, timeout: Duration? = nil, isSupervised: Bool = true) async throws
        -> TrialRecord
    {
        let study = try await Study.create(name: "c", space: space, sampler: RandomSampler())
        try await study.optimize(
            budget: .trials(1), trialTimeout: timeout,
            objective: CommandObjective(command: command, isSupervised: isSupervised))
        return try await study.storage.trial(0, of: "c")
    }

    @Test("parameters arrive as environment variables and stdin JSON, never in the shell line")
    func parameters() async throws {
        let trial = try await run(
            #"test "$AUTOML_PARAM_KERNEL" = "it's; rm -rf /" && echo "$AUTOML_PARAM_LEARNING_RATE""#
        )
        #expect(trial.state == .complete, "\(trial.failureReason ?? "")")
        #expect(trial.value == 0.5)
        let echoed = try await run(
            #"python3 -c 'import json,sys; p=json.load(sys.stdin); print(p["learning-rate"] * 2 if p["kernel"] == "it'"'"'s; rm -rf /" else -1)'"#
        )
        #expect(echoed.value == 1.0, "\(echoed.failureReason ?? "")")
    }

    @Test("a JSON last line gives the value and metrics; resources are measured")
    func jsonOutput() async throws {
        let trial = try await run(
            #"echo noise; echo '{"value": 0.25, "metrics": {"accuracy": 0.9, "note": "x"}}'"#)
        #expect(trial.value == 0.25)
        #expect(trial.metrics["accuracy"] == 0.9)
        #expect(trial.metrics["note"] == nil)
        #expect(
            trial.metrics["cpu_seconds"] != nil && (trial.metrics["peak_memory_bytes"] ?? 0) > 0)
        #expect(trial.metrics["exit_status"] == 0)
    }

    @Test(
        "crashes, signals, garbage and timeouts fail with the tail of stderr, supervised or not",
        arguments: [true, false])
    func failures(isSupervised: Bool) async throws {
        func run(_ command: String, timeout: Duration? = nil) async throws -> TrialRecord {
            try await self.run(command, timeout: timeout, isSupervised: isSupervised)
        }
        let crash = try await run("echo 'Traceback: bad thing' >&2; exit 3")
        #expect(crash.state == .failed)
        #expect(
            crash.failureReason == "the command exited with status 3; stderr: Traceback: bad thing")
        let signal = try await run("kill -SEGV $$")
        #expect(
            signal.failureReason?.hasPrefix("the command was killed by signal 11 (SIGSEGV)") == true
        )
        let garbage = try await run("echo 'loss is low'")
        #expect(garbage.failureReason?.contains("not a number or a JSON object") == true)
        let clock = ContinuousClock()
        let start = clock.now
        let hang = try await run("echo started >&2; sleep 30 & wait", timeout: .milliseconds(300))
        // Well below the command's 30 s: it was killed (a loaded 2-core machine can take seconds
        // to schedule the kill and the reaping).
        #expect(clock.now - start < .seconds(25))
        #expect(
            hang.failureReason
                == "timed out after 300ms; the command's process group was killed; stderr: started")
        let empty = try await run("true")
        #expect(empty.failureReason?.contains("printed nothing") == true)
    }

    @Test("the command inherits no file descriptor but its standard input, output and error")
    func noLeakedDescriptors() async throws {
        // `ls` itself holds 0, 1, 2 and the directory it reads.
        let trial = try await run("ls /proc/self/fd | wc -l")
        #expect(trial.value == 4, "\(trial.failureReason ?? "")")
    }

    @Test("environment names are upper-cased with other characters as underscores")
    func names() {
        #expect(CommandObjective.environmentName("learning-rate") == "AUTOML_PARAM_LEARNING_RATE")
        #expect(CommandObjective.environmentName("n_estimators") == "AUTOML_PARAM_N_ESTIMATORS")
        #expect(CommandObjective.environmentName("max.depth2") == "AUTOML_PARAM_MAX_DEPTH2")
    }
}

@Suite struct CommandOutputTests {
    func parse(_ text: String, valueCount: Int = 1) throws -> Evaluation {
        try CommandOutput.parse(Data(text.utf8), valueCount: valueCount)
    }

    @Test("the last non-empty line is the objective: a number or a JSON object")
    func accepted() throws {
        #expect(try parse("epoch 1\nepoch 2\n0.25\n\n") == Evaluation(value: 0.25))
        #expect(try parse("  -3e2 ") == Evaluation(value: -300))
        #expect(
            try parse(#"{"value": 1, "metrics": {"acc": 0.5, "flag": true, "name": "x"}}"#)
                == Evaluation(value: 1, metrics: ["acc": 0.5]))
        #expect(try parse(#"{"values": [1, 2.5]}"#, valueCount: 2) == Evaluation(values: [1, 2.5]))
        // The executor fails it as non-finite.
        #expect(try parse("nan").values.first?.isNaN == true)
    }

    @Test("anything else is an unreadable objective with the line quoted")
    func refused() {
        for text in ["", "\n\n", "loss: 0.3", #"{"loss": 0.3}"#, #"{"value": "high"}"#, "[1]"] {
            #expect(throws: ObjectiveFailure.self) { try parse(text) }
        }
        #expect(throws: ObjectiveFailure.self) { try parse("0.5", valueCount: 2) }
        #expect(throws: ObjectiveFailure.self) { try parse(#"{"values": [1]}"#, valueCount: 2) }
    }
}

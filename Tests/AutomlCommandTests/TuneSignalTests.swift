import AutoMLTestSupport
import Foundation
import Testing

/// A signal that stops `automl tune`, named for test descriptions.
struct StopSignal: Sendable, CustomTestStringConvertible {
    var name: String
    var number: Int32

    var testDescription: String { name }

    static let interrupt = StopSignal(name: "SIGINT", number: SIGINT)
    static let terminate = StopSignal(name: "SIGTERM", number: SIGTERM)
    static let hangUp = StopSignal(name: "SIGHUP", number: SIGHUP)
    static let all = [interrupt, terminate, hangUp]
}

/// Two signals in a row, the first graceful and the second aborting.
struct SignalPair: Sendable, CustomTestStringConvertible {
    var first: StopSignal
    var second: StopSignal

    var testDescription: String { "\(first.name) then \(second.name)" }
}

/// Signals to a running `automl tune --command`, and what its trial commands leave behind.
@Suite(.serialized) struct TuneSignalTests {
    @Test(
        "a second stop signal aborts: the running trial is killed with all it started, recorded interrupted, exit status 130",
        arguments: [
            SignalPair(first: .terminate, second: .terminate),
            SignalPair(first: .hangUp, second: .interrupt),
        ])
    func secondSignalAborts(signals: SignalPair) throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let marker = ProcessTable.marker(seconds: 60)
        defer { ProcessTable.kill(withArgument: marker) }
        // Trial 0 finishes at once; trial 1 runs until it is killed.
        let command = """
            if [ $AUTOML_TRIAL_NUMBER -ge 1 ]; then setsid sleep \(marker) & sleep \(marker); fi; \
            echo $AUTOML_PARAM_X
            """
        let process = try runner.start(
            ["tune", "--space", "space.json", "--command", command, "--budget", "100"], tag: "abort"
        )
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        try #require(waitUntil { ProcessTable.processes(withArgument: marker).count == 2 })

        kill(process.processIdentifier, signals.first.number)
        try #require(
            waitUntil {
                let notes = try? String(contentsOfFile: runner.path("abort.err"), encoding: .utf8)
                return notes?.contains("stopping: no new trials") == true
            })
        // Stopping gracefully: the running trial goes on.
        #expect(process.isRunning)
        #expect(ProcessTable.processes(withArgument: marker).count == 2)

        kill(process.processIdentifier, signals.second.number)
        try #require(waitUntil { !process.isRunning })
        #expect(process.terminationStatus == 130)
        let output = try String(contentsOfFile: runner.path("abort.out"), encoding: .utf8)
        #expect(output.contains("best: trial"), "\(output)")
        let notes = try String(contentsOfFile: runner.path("abort.err"), encoding: .utf8)
        #expect(notes.contains("stopping now"), "\(notes)")
        let trials = try runner.trials("space")
        #expect(trials.count == 2, "\(trials)")
        #expect(trials.first?["state"] as? String == "complete")
        #expect(trials.last?["state"] as? String == "failed")
        #expect((trials.last?["reason"] as? String)?.hasPrefix("interrupted") == true, "\(trials)")
        #expect(ProcessTable.processes(withArgument: marker).isEmpty)
    }

    @Test("kill -9 of automl leaves no process of its trial command alive, setsid or double-forked")
    func killNineLeavesNothing() throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let marker = ProcessTable.marker(seconds: 60)
        defer { ProcessTable.kill(withArgument: marker) }
        let command =
            "setsid sleep \(marker) & (sleep \(marker) &); sleep \(marker); echo $AUTOML_PARAM_X"
        let process = try runner.start(
            ["tune", "--space", "space.json", "--command", command, "--budget", "3"], tag: "nine")
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        try #require(waitUntil { ProcessTable.processes(withArgument: marker).count == 3 })

        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        // The supervisor is told of automl's death and kills its tree within milliseconds.
        #expect(waitUntil(seconds: 5) { ProcessTable.processes(withArgument: marker).isEmpty })
        #expect(ProcessTable.processes(withArgument: marker).isEmpty)
    }

    /// Polls `condition` every 50 ms until it holds (true) or `seconds` pass (false).
    func waitUntil(seconds: Double = 30, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition()
    }
}

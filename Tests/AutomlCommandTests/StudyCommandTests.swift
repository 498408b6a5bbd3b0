import AutoMLTestSupport
import Foundation
import Testing

@Suite(.serialized) struct StudyCommandTests {
    @Test(
        "kill -9 of a running tune, then a resume: no complete trial lost, the orphaned one marked failed"
    )
    func killAndResume() throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        // Trials 0–2 finish at once; from trial 3 on each takes 5 s, so the kill lands while
        // one runs (its supervisor then kills its `sleep`).
        let command =
            "if [ $AUTOML_TRIAL_NUMBER -ge 3 ]; then exec sleep 5; fi; echo $AUTOML_PARAM_X"
        let process = try runner.start(
            ["tune", "--space", "space.json", "--command", command, "--budget", "500"],
            tag: "killed")
        // Wait until some trials are complete and one is running, then kill without warning.
        var before: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            guard let trials = try? runner.trials("space") else { continue }
            let complete = trials.filter { $0["state"] as? String == "complete" }.count
            if complete >= 3, trials.contains(where: { $0["state"] as? String == "running" }) {
                kill(process.processIdentifier, SIGKILL)
                break
            }
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        before = try runner.trials("space")
        let completeBefore = before.filter { $0["state"] as? String == "complete" }
        let running = before.filter { $0["state"] as? String == "running" }.compactMap {
            $0["number"] as? Int
        }
        try #require(completeBefore.count >= 3)
        try #require(running.count == 1)

        let resumed = try runner.run([
            "tune", "--study", "space", "--command", "echo $AUTOML_PARAM_X", "--budget", "2",
        ])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardError.contains("continuing study 'space'"))
        let after = try runner.trials("space")
        #expect(after.count == before.count + 2)
        for trial in completeBefore {
            let number = try #require(trial["number"] as? Int)
            let now = try #require(after.first { $0["number"] as? Int == number })
            #expect(now["state"] as? String == "complete")
            #expect(now["value"] as? Double == trial["value"] as? Double)
        }
        let orphan = try #require(after.first { $0["number"] as? Int == running[0] })
        #expect(orphan["state"] as? String == "failed")
        #expect((orphan["reason"] as? String)?.contains("is gone") == true, "\(orphan)")
        #expect(orphan["value"] is NSNull)
        #expect(after.suffix(2).allSatisfy { $0["state"] as? String == "complete" })
    }

    @Test("two processes on one SQLite study, 30 trials each, give 60 distinct trial numbers")
    func twoProcesses() throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let arguments = [
            "tune", "--space", "space.json", "--study", "shared", "--command",
            "echo $AUTOML_PARAM_X", "--budget", "30",
            "--storage", "sqlite:shared.db", "--quiet",
        ]
        let first = try runner.start(arguments, tag: "first")
        let second = try runner.start(arguments, tag: "second")
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(
            first.terminationStatus == 0 && second.terminationStatus == 0,
            "\((try? String(contentsOfFile: runner.path("first.err"), encoding: .utf8)) ?? "") \((try? String(contentsOfFile: runner.path("second.err"), encoding: .utf8)) ?? "")"
        )
        let trials = try runner.trials("shared", storage: "sqlite:shared.db")
        #expect(trials.compactMap { $0["number"] as? Int }.sorted() == Array(0..<60))
        #expect(trials.allSatisfy { $0["state"] as? String == "complete" })
        // The two processes see each other's trials, so their configurations do not repeat.
        // (The GP drives x to its bound −5, so whole configurations are compared, not x alone.)
        let configurations = try trials.map { trial in
            let params = try #require(trial["params"] as? [String: Any])
            return String(
                decoding: try JSONSerialization.data(withJSONObject: params, options: .sortedKeys),
                as: UTF8.self)
        }
        #expect(Set(configurations).count == 60)
    }

    @Test(
        "a command that crashes, hangs past its timeout, prints garbage or is killed fails its trial; the budget completes"
    )
    func failingCommands() throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let command = """
            case $AUTOML_TRIAL_NUMBER in
              1) echo 'ValueError: bad depth' >&2; exit 3;;
              2) sleep 30;;
              3) echo 'the loss is low';;
              4) kill -9 $$;;
              *) echo $AUTOML_PARAM_X;;
            esac
            """
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try runner.run([
            "tune", "--space", "space.json", "--command", command, "--budget", "6",
            "--trial-timeout", "1s", "--json",
        ])
        #expect(clock.now - start < .seconds(20))
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
                as? [String: Any])
        #expect(summary["trials_run"] as? Int == 6)
        #expect(summary["failed"] as? Int == 4)
        let trials = try runner.trials("space")
        let reasons = Dictionary(
            uniqueKeysWithValues: trials.map {
                ($0["number"] as? Int ?? -1, $0["reason"] as? String ?? "")
            })
        #expect(reasons[1] == "the command exited with status 3; stderr: ValueError: bad depth")
        #expect(reasons[2]?.hasPrefix("timed out after 1s") == true, "\(reasons[2] ?? "")")
        #expect(reasons[3]?.contains("not a number or a JSON object") == true)
        #expect(reasons[4]?.contains("signal 9") == true)
        #expect(
            trials.filter { $0["state"] as? String == "complete" }.map { $0["number"] as? Int } == [
                0, 5,
            ])
    }

    @Test("the same seed with --jobs 1 gives the same trials twice")
    func sameSeedSameTrials() throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        var runs: [[NSDictionary]] = []
        for storage in ["sqlite:a.db", "sqlite:b.db"] {
            let outcome = try runner.run([
                "tune", "--space", "space.json", "--command", "echo $AUTOML_PARAM_X", "--budget",
                "8", "--seed", "5",
                "--jobs", "1", "--storage", storage, "--quiet",
            ])
            #expect(outcome.status == 0, "\(outcome.standardError)")
            runs.append(
                try runner.trials("space", storage: storage).map {
                    ($0["params"] as? NSDictionary) ?? [:]
                })
        }
        #expect(runs[0].count == 8)
        #expect(runs[0] == runs[1])
    }

    @Test("ask prints a trial, tell finishes it once, and show --json reports both")
    func askAndTell() throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let missing = try runner.run(["ask", "--study", "at"])
        #expect(missing.status != 0 && missing.standardError.contains("--space"))
        var numbers: [Int] = []
        for _ in 0..<3 {
            let asked = try runner.run([
                "ask", "--study", "at", "--space", "space.json", "--direction", "maximize",
            ])
            #expect(asked.status == 0, "\(asked.standardError)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(asked.standardOutput.utf8))
                    as? [String: Any])
            numbers.append(try #require(object["number"] as? Int))
            let params = try #require(object["params"] as? [String: Any])
            #expect(params["x"] is Double && params["depth"] is Int)
        }
        #expect(numbers == [0, 1, 2])
        #expect(
            try runner.run([
                "tell", "--study", "at", "--trial", "0", "--value", "0.75", "--metric",
                "accuracy=0.9",
            ]).status == 0)
        #expect(
            try runner.run([
                "tell", "--study", "at", "--trial", "1", "--failed", "--reason", "out of memory",
            ]).status == 0)
        let again = try runner.run(["tell", "--study", "at", "--trial", "0", "--value", "1"])
        #expect(again.status != 0 && again.standardError.contains("already complete"))
        let report = try runner.show("at")
        #expect(report["name"] as? String == "at")
        #expect(report["directions"] as? [String] == ["maximize"])
        let trials = try #require(report["trials"] as? [[String: Any]])
        #expect(trials.map { $0["state"] as? String } == ["complete", "failed", "running"])
        #expect(trials[0]["value"] as? Double == 0.75)
        #expect((trials[0]["metrics"] as? [String: Any])?["accuracy"] as? Double == 0.9)
        #expect(trials[0]["reason"] == nil)
        #expect(trials[1]["value"] is NSNull && trials[1]["reason"] as? String == "out of memory")
        #expect(trials[2]["value"] is NSNull)
        #expect(
            trials.allSatisfy { $0["params"] is [String: Any] && $0["metrics"] is [String: Any] })
        // A negative value follows --value as it is (no `--value=-0.93` needed).
        let negative = try runner.run(["tell", "--study", "at", "--trial", "2", "--value", "-0.93"])
        #expect(negative.status == 0, "\(negative.standardError)")
        let told = try #require(try runner.show("at")["trials"] as? [[String: Any]])
        #expect(told[2]["state"] as? String == "complete" && told[2]["value"] as? Double == -0.93)
    }

    @Test("studies list, export (json and csv, atomically) and delete")
    func studiesCommands() throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let tuned = try runner.run([
            "tune", "--space", "space.json", "--command", "echo $AUTOML_PARAM_X", "--budget", "4",
            "--quiet",
        ])
        #expect(tuned.status == 0, "\(tuned.standardError)")
        let list = try runner.run(["studies", "list", "--json"])
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8))
                as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String } == ["space"])
        #expect(rows.first?["complete"] as? Int == 4)

        #expect(
            try runner.run(["studies", "export", "space", "--format", "csv", "--out", "trials.csv"])
                .status == 0)
        let csv = try String(contentsOfFile: runner.path("trials.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(
            lines[0].hasPrefix(
                "number,state,value,params_depth,params_gamma,params_kernel,params_x,"))
        #expect(
            try runner.run([
                "studies", "export", "space", "--format", "json", "--out", "trials.json",
            ]).status == 0)
        let exported = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: runner.path("trials.json"))))
                as? [String: Any])
        #expect((exported["trials"] as? [Any])?.count == 4)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: runner.directory.path)
            .filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
        let badDirectory = try runner.run([
            "studies", "export", "space", "--out", "missing/dir/x.json",
        ])
        #expect(badDirectory.status != 0)

        #expect(try runner.run(["studies", "delete", "space"]).status == 0)
        let gone = try runner.run(["studies", "show", "space"])
        #expect(gone.status != 0 && gone.standardError.contains("does not exist"))

        // Reading a database path with a typo neither creates it nor pretends it is empty.
        let typo = try runner.run([
            "studies", "show", "space", "--storage", "sqlite:automl-typo.db",
        ])
        #expect(
            typo.status != 0
                && typo.standardError.contains(
                    "automl-typo.db: cannot open the study database (no such database file")
        )
        let emptyList = try runner.run([
            "studies", "list", "--json", "--storage", "sqlite:automl-typo.db",
        ])
        #expect(emptyList.status == 0)
        let listed =
            try JSONSerialization.jsonObject(with: Data(emptyList.standardOutput.utf8)) as? [Any]
        #expect(listed?.isEmpty == true)
        #expect(!FileManager.default.fileExists(atPath: runner.path("automl-typo.db")))
    }

    @Test(
        "Ctrl-C, SIGTERM and SIGHUP stop gracefully: the running trial finishes, the best is printed, exit status 130",
        arguments: StopSignal.all)
    func interrupt(signal: StopSignal) throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let process = try runner.start(
            [
                "tune", "--space", "space.json", "--command", "sleep 0.3; echo $AUTOML_PARAM_X",
                "--budget", "100",
            ], tag: "int")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            if let trials = try? runner.trials("space"),
                trials.contains(where: { $0["state"] as? String == "complete" })
            {
                break
            }
        }
        kill(process.processIdentifier, signal.number)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let output = try String(contentsOfFile: runner.path("int.out"), encoding: .utf8)
        #expect(output.contains("best: trial"))
        let notes = try String(contentsOfFile: runner.path("int.err"), encoding: .utf8)
        #expect(notes.contains("stopping: no new trials"), "\(notes)")
        let trials = try runner.trials("space")
        #expect(trials.allSatisfy { $0["state"] as? String == "complete" }, "\(trials)")
        #expect(trials.count < 100)
    }

    @Test("bad tune flags are refused with a precise message")
    func badFlags() throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let cases: [([String], String)] = [
            (["tune", "--space", "space.json", "--command", "true", "--budget", "soon"], "budget"),
            (["tune", "--space", "space.json", "--command", "true", "--jobs", "0"], "--jobs"),
            (
                ["tune", "--space", "space.json", "--command", "true", "--trial-timeout", "x"],
                "trial-timeout"
            ),
            (["tune", "--space", "space.json"], "--command"),
            (
                ["tune", "--space", "space.json", "--command", "true", "--storage", "mysql://h"],
                "storage"
            ),
            (
                ["tune", "--space", "space.json", "--command", "true", "--sampler", "annealing"],
                "annealing"
            ),
            (["tune", "--space", "nothere.json", "--command", "true"], "nothere.json"),
        ]
        for (arguments, mention) in cases {
            let outcome = try runner.run(arguments)
            #expect(outcome.status != 0, "\(arguments)")
            #expect(
                outcome.standardError.contains(mention), "\(arguments): \(outcome.standardError)")
        }
        // Continuing a study with another direction is refused.
        #expect(
            try runner.run([
                "tune", "--space", "space.json", "--command", "echo 1", "--budget", "1", "--quiet",
            ]).status == 0)
        let other = try runner.run([
            "tune", "--study", "space", "--command", "echo 1", "--direction", "maximize",
        ])
        #expect(other.status != 0 && other.standardError.contains("directions"))
    }
}

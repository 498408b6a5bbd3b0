import AutoML
import AutoMLTestSupport
import Foundation
import Testing

@Suite(.serialized) struct ReportCommandTests {
    @Test(
        "reports taken in a loop while a tune writes the same SQLite file: the tune loses and fails nothing"
    )
    func reportDuringTune() async throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        // The trials wait for `go`, written after the first report: a report is taken while the
        // tune is mid-run however the test's tasks are scheduled on a loaded machine.
        let go = runner.path("go")
        let tune = try runner.start(
            [
                "tune", "--space", "space.json", "--study", "busy", "--command",
                "while [ ! -e '\(go)' ]; do sleep 0.02; done; echo $AUTOML_PARAM_X", "--budget",
                "40", "--storage", "sqlite:busy.db", "--quiet",
            ], tag: "tune")
        let workflow = ReportWorkflow(
            study: "busy", storage: .sqlite(path: runner.path("busy.db")),
            output: runner.path("busy.html"))
        var written = 0
        var failures: [String] = []
        var notYet = ""
        let deadline = Date().addingTimeInterval(120)
        while tune.isRunning, Date() < deadline {
            do {
                let outcome = try await workflow.run()
                written += 1
                #expect(outcome.bytes > 0)
                if written == 1 { _ = FileManager.default.createFile(atPath: go, contents: Data()) }
            } catch {
                // Before the tune created the database, its tables and its study there is nothing
                // to read; once a report was written, every later one must be.
                let text = "\(error)"
                let early = [
                    "no such database file", "not an automl study database", "studyNotFound",
                    "no study",
                ]
                if written > 0 || !early.contains(where: { text.contains($0) }) {
                    failures.append(text)
                } else {
                    notYet = text
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Past the deadline without a report: let the tune finish (the expectation below fails).
        _ = FileManager.default.createFile(atPath: go, contents: Data())
        tune.waitUntilExit()
        let tuneErrors =
            (try? String(contentsOfFile: runner.path("tune.err"), encoding: .utf8)) ?? ""
        #expect(tune.terminationStatus == 0, "\(tuneErrors)")
        #expect(failures.isEmpty, "\(failures)")
        #expect(written >= 1, "no report written while the tune ran; last: \(notYet)")
        let trials = try runner.trials("busy", storage: "sqlite:busy.db")
        #expect(trials.count == 40)
        #expect(trials.allSatisfy { $0["state"] as? String == "complete" })
        // The final report holds them all.
        let final = try await workflow.run()
        #expect(final.trials == 40)
    }

    @Test(
        "automl report writes the page; tune --report too; studies show prints a leaderboard and a sparkline"
    )
    func commands() throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let tuned = try runner.run([
            "tune", "--space", "space.json", "--study", "s", "--command", "echo $AUTOML_PARAM_X",
            "--budget", "12", "--quiet", "--report", "tuned.html",
        ])
        #expect(tuned.status == 0, "\(tuned.standardError)")
        let tunedPage = try String(contentsOfFile: runner.path("tuned.html"), encoding: .utf8)
        #expect(tunedPage.contains("<h1>Study s</h1>"))
        #expect(tunedPage.contains("12 trials"))

        let reported = try runner.run(["report", "--study", "s", "--out", "report.html"])
        #expect(reported.status == 0, "\(reported.standardError)")
        #expect(reported.standardError.contains("wrote report.html: 12 trials"))
        let page = try String(contentsOfFile: runner.path("report.html"), encoding: .utf8)
        #expect(page.contains("data-chart=\"history\""))

        let shown = try runner.run(["studies", "show", "s"])
        #expect(shown.status == 0, "\(shown.standardError)")
        #expect(shown.standardOutput.contains("best so far: "))
        #expect(shown.standardOutput.contains("configuration"))
    }

    @Test(
        "automl report refuses a missing study, a bad interval, memory: and an output over the database"
    )
    func errors() throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let tuned = try runner.run([
            "tune", "--space", "space.json", "--study", "s", "--command", "echo 1", "--budget", "2",
            "--quiet",
        ])
        #expect(tuned.status == 0, "\(tuned.standardError)")
        let cases: [([String], String)] = [
            (["report", "--study", "nope", "--out", "r.html"], "nope"),
            (["report", "--study", "s", "--out", "r.html", "--watch", "soon"], "--watch 'soon'"),
            (["report", "--study", "s", "--out", "r.html", "--storage", "memory:"], "memory:"),
            (["report", "--study", "s", "--out", "automl.db"], "automl.db"),
            (
                ["report", "--study", "s", "--out", "r.html", "--ablation", "missing.json"],
                "missing.json"
            ),
            (
                ["report", "--study", "s", "--out", "r.html", "--storage", "sqlite:none.db"],
                "none.db"
            ),
        ]
        for (arguments, mention) in cases {
            let outcome = try runner.run(arguments)
            #expect(outcome.status == 2, "\(arguments): \(outcome.standardError)")
            #expect(
                outcome.standardError.contains(mention), "\(arguments): \(outcome.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: runner.path("r.html")))
        #expect(!FileManager.default.fileExists(atPath: runner.path("none.db")))
    }

    @Test("--watch rewrites the report until SIGINT, then exits with 130")
    func watch() throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let tuned = try runner.run([
            "tune", "--space", "space.json", "--study", "s", "--command", "echo 1", "--budget", "2",
            "--quiet",
        ])
        #expect(tuned.status == 0, "\(tuned.standardError)")
        let watcher = try runner.start(
            ["report", "--study", "s", "--out", "w.html", "--watch", "1s"], tag: "watch")
        let deadline = Date().addingTimeInterval(30)
        var writes = 0
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            let log = (try? String(contentsOfFile: runner.path("watch.err"), encoding: .utf8)) ?? ""
            writes = log.components(separatedBy: "wrote w.html").count - 1
            if writes >= 2 { break }
        }
        kill(watcher.processIdentifier, SIGINT)
        watcher.waitUntilExit()
        #expect(writes >= 2)
        #expect(watcher.terminationStatus == 130)
        #expect(FileManager.default.fileExists(atPath: runner.path("w.html")))
    }
}

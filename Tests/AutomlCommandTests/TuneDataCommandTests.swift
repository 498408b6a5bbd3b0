import AutoML
import AutoMLTestSupport
import Foundation
import Testing

@Suite(.serialized) struct TuneDataCommandTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "automl-tune-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(
        "tune --data on iris writes a summary, a model automl predict can use, and an ensemble no worse than the best trial or the reason"
    )
    func irisEndToEnd() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("result").path
        let outcome = try await CommandRunner.runDetached([
            "tune", "--data", "Examples/iris.csv", "--target", "target", "--budget", "10", "--cv",
            "3",
            "--storage", "sqlite:" + directory.appendingPathComponent("s.db").path, "--out", out,
            "--quiet",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("best single model"))
        let summary = try #require(
            JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json")))
                as? [String: Any])
        let best = try #require(summary["best"] as? [String: Any])
        #expect(["single", "ensemble"].contains(best["kind"] as? String))
        #expect(best["metric"] as? String == "accuracy")
        #expect(best["description"] is String)
        let score = try #require(best["score"] as? Double)
        #expect(score >= 0.93)
        #expect(summary["trials"] as? Int == 10)
        let single = try #require((summary["best_single"] as? [String: Any])?["score"] as? Double)
        if let ensemble = (summary["best_ensemble"] as? [String: Any])?["score"] as? Double,
            ensemble < single
        {
            #expect((summary["ensemble_note"] as? String ?? "").contains("does not beat"))
            #expect(best["kind"] as? String == "single")
        }
        #expect(score >= single)
        let predictions = directory.appendingPathComponent("p.csv").path
        let predict = try await CommandRunner.runDetached([
            "predict", "--model", out + "/model.json", "--data", "Examples/iris.csv", "--out",
            predictions,
        ])
        #expect(predict.status == 0, "\(predict.standardError)")
        let table = try CSVReader.read(contentsOf: predictions)
        #expect(table.rowCount == 150 && table.columnNames.first == "prediction")
        let truth = try CSVReader.read(contentsOf: examplePath("iris.csv"))
        let predicted = (0..<150).map { table.columns[0].text(at: $0) }
        let actual = (0..<150).map { truth.columns[4].text(at: $0) }
        let accuracy = Double(zip(predicted, actual).filter { $0 == $1 }.count) / 150
        #expect(accuracy >= 0.93)

        // Every complete model trial carries its serving metrics and its attributes.
        let storage = "sqlite:" + directory.appendingPathComponent("s.db").path
        let show = try await CommandRunner.runDetached([
            "studies", "show", "tune-iris", "--json", "--storage", storage,
        ])
        #expect(show.status == 0, "\(show.standardError)")
        let study = try #require(
            JSONSerialization.jsonObject(with: Data(show.standardOutput.utf8)) as? [String: Any])
        let trials = try #require(study["trials"] as? [[String: Any]])
        let complete = trials.filter { $0["state"] as? String == "complete" }
        #expect(!complete.isEmpty)
        for trial in complete {
            let metrics = try #require(trial["metrics"] as? [String: Double])
            for name in [
                "fit_seconds", "latency_p50_seconds", "latency_p99_seconds",
                "throughput_rows_per_second", "model_bytes", "score_std", "folds_run",
            ] {
                #expect((metrics[name] ?? -1) >= 0, "trial \(trial["number"] ?? "?"): \(name)")
            }
            #expect((metrics["latency_p99_seconds"] ?? 0) >= (metrics["latency_p50_seconds"] ?? 1))
            #expect((metrics["model_bytes"] ?? 0) > 100)
            let attributes = try #require(trial["attributes"] as? [String: String])
            #expect(attributes["automl_version"] == AutoMLVersion.current)
            #expect(
                attributes["learner"] == (trial["params"] as? [String: Any])?["learner"] as? String)
        }

        // A second run continues the study: its ensemble pool holds the first run's trials.
        let again = try await CommandRunner.runDetached([
            "tune", "--data", "Examples/iris.csv", "--target", "target", "--budget", "4", "--cv",
            "3", "--storage", storage, "--quiet", "--json",
        ])
        #expect(again.status == 0, "\(again.standardError)")
        let report = try #require(
            JSONSerialization.jsonObject(with: Data(again.standardOutput.utf8)) as? [String: Any])
        #expect(report["study_trials"] as? Int == 14)
        let pool = try #require(report["ensemble_pool"] as? [Int])
        // (The second run's own trials join the pool when they complete; pruned ones do not.)
        #expect(pool.filter { $0 < 10 }.count >= 2, "\(pool)")
        #expect(report["ensemble_study"] as? String == "tune-iris.ensembles")
    }

    @Test("tune --data refuses a metric of the wrong task and an unknown target, naming them")
    func refusals() async throws {
        let wrongMetric = try await CommandRunner.runDetached([
            "tune", "--data", "Examples/iris.csv", "--metric", "rmse", "--budget", "2", "--storage",
            "memory:",
        ])
        #expect(wrongMetric.status != 0 && wrongMetric.standardError.contains("rmse"))
        let badTarget = try await CommandRunner.runDetached([
            "tune", "--data", "Examples/iris.csv", "--target", "species", "--budget", "2",
            "--storage", "memory:",
        ])
        #expect(badTarget.status != 0 && badTarget.standardError.contains("species"))
        // A space without a 'learner' parameter must be named after a family.
        let scratch = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let spacePath = scratch.appendingPathComponent("ok.yaml").path
        try Data("parameters:\n  x: {type: float, low: 0, high: 1}\n".utf8).write(
            to: URL(fileURLWithPath: spacePath))
        let noLearner = try await CommandRunner.runDetached([
            "tune", "--data", "Examples/iris.csv", "--space", spacePath, "--budget", "2",
            "--storage", "memory:",
        ])
        #expect(
            noLearner.status != 0
                && noLearner.standardError.contains(
                    "has no 'learner' parameter, and 'ok' is not a learner family")
        )
        // --out naming a file is refused before any trial runs, and the file is left alone.
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("results.csv").path
        try Data("keep".utf8).write(to: URL(fileURLWithPath: file))
        let outIsFile = try await CommandRunner.runDetached([
            "tune", "--data", "Examples/iris.csv", "--target", "target", "--budget", "2",
            "--storage", "memory:",
            "--out", file, "--quiet",
        ])
        #expect(
            outIsFile.status != 0
                && outIsFile.standardError.contains("\(file): cannot be written: it is a file"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["results.csv"])
    }

    @Test("bench scenarios --scale tiny runs all six scenarios and reports each against its target")
    func scenarios() async throws {
        let outcome = try await CommandRunner.runDetached([
            "bench", "scenarios", "--scale", "tiny", "--json",
        ])
        let rows = try #require(
            JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
                as? [[String: Any]], "\(outcome.standardError)")
        #expect(
            rows.map { $0["scenario"] as? String ?? "" } == [
                "classification-small", "classification-large", "regression-small",
                "regression-large",
                "tuning-gp-vs-random", "cv-stability",
            ])
        for row in rows {
            #expect(row["passed"] is Bool && row["value"] is Double && row["target"] is String)
        }
        #expect(rows.first?["passed"] as? Bool == true)
        #expect(outcome.status == (rows.allSatisfy { $0["passed"] as? Bool == true } ? 0 : 1))
    }
}

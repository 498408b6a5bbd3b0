import AutoMLTestSupport
import Foundation
import Testing

@Suite(.serialized) struct BenchLearnersCommandTests {
    @Test("bench learners --json gives one row per dataset and learner with every required key")
    func jsonRows() throws {
        let outcome = try CommandRunner.run([
            "bench", "learners", "--data", "Examples/iris.csv", "Examples/diabetes.csv",
            "--learners", "constant",
            "--folds", "5", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = try #require(
            JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
                as? [[String: Any]])
        #expect(rows.count == 2)
        for key in [
            "dataset", "learner", "metric", "score", "fit_seconds", "predict_row_seconds",
            "predict_batch_seconds", "model_bytes",
        ] {
            #expect(rows.allSatisfy { $0[key] != nil }, "missing \(key)")
        }
        #expect(
            rows[0]["dataset"] as? String == "iris" && rows[0]["metric"] as? String == "accuracy")
        // Five stratified folds of 10/10/10 rows: every training prior ties, class 0 wins, accuracy 1/3.
        #expect(isClose(rows[0]["score"] as? Double ?? 0, 1.0 / 3, tolerance: 1e-12))
        #expect(
            rows[1]["dataset"] as? String == "diabetes" && rows[1]["metric"] as? String == "rmse")
    }

    /// Writes `folds` (one index per line) to a scratch file and returns its path.
    private func foldFile(_ folds: [Int], name: String = "iris") throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(name)-\(UUID().uuidString).folds")
        try folds.map(String.init).joined(separator: "\n").appending("\n").write(
            to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test(
        "--fold-file runs CV on exactly the given folds (the constant baseline scores 1/33 on skewed iris folds)"
    )
    func predefinedFolds() throws {
        // Iris's classes sit in blocks of 50 rows. Fold 0 = rows 0..<10 + 50..<55, fold 1 = 10..<50 +
        // 55..<60 + 100..<110, fold 2 = the rest. The training majority is c2, c1, c0 in turn, so the
        // fold accuracies are 0/15, 5/55 and 0/80.
        let folds = (0..<150).map { row in
            switch row {
            case 0..<10, 50..<55: return 0
            case 10..<50, 55..<60, 100..<110: return 1
            default: return 2
            }
        }
        let path = try foldFile(folds)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = try CommandRunner.run([
            "bench", "learners", "--data", "Examples/iris.csv", "--fold-file", path, "--learners",
            "constant", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = try #require(
            JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
                as? [[String: Any]])
        #expect(
            rows.count == 1 && rows[0]["folds"] as? Int == 3
                && rows[0]["fold_file"] as? String == path)
        #expect(isClose(rows[0]["score"] as? Double ?? .nan, 5.0 / 55 / 3, tolerance: 1e-12))

        let table = try CommandRunner.run([
            "bench", "learners", "--data", "Examples/iris.csv", "--fold-file", path, "--learners",
            "constant",
        ])
        #expect(table.status == 0 && table.standardOutput.contains("3-fold CV, folds from \(path)"))
    }

    @Test("a bad fold file fails with a message naming the file and line, not a crash")
    func badFoldFiles() throws {
        let short = try foldFile((0..<149).map { $0 % 5 })
        let negative = try foldFile([0, 1, -2] + (3..<150).map { $0 % 3 })
        let fourFolds = try foldFile((0..<150).map { $0 % 4 })
        defer {
            for path in [short, negative, fourFolds] {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        let cases: [([String], String)] = [
            (
                ["--fold-file", short],
                "\(short): it has 149 fold indices but Examples/iris.csv has 150 data rows"
            ),
            (["--fold-file", negative], "\(negative):3: the fold index -2 is negative"),
            (
                ["--fold-file", fourFolds, "--folds", "5"],
                "it defines 4 folds but --folds 5 was given"
            ),
            (["--fold-file", short, short], "one --fold-file per --data file"),
            (["--fold-file", "/nonexistent/iris.folds"], "/nonexistent/iris.folds: no such file"),
        ]
        for (extra, message) in cases {
            let outcome = try CommandRunner.run(
                ["bench", "learners", "--data", "Examples/iris.csv", "--learners", "constant"]
                    + extra)
            #expect(outcome.status != 0 && !outcome.wasSignalled, "\(extra)")
            #expect(outcome.standardError.contains(message), "\(extra): \(outcome.standardError)")
        }
    }

    @Test("an unknown learner is refused naming the known ones")
    func unknownLearner() throws {
        let outcome = try CommandRunner.run([
            "bench", "learners", "--data", "Examples/iris.csv", "--learners", "forest",
        ])
        #expect(outcome.status != 0)
        #expect(
            outcome.standardError.contains("forest") && outcome.standardError.contains("constant"))
        // A known family of the other task is refused too, not skipped in silence.
        let wrongTask = try CommandRunner.run([
            "bench", "learners", "--data", "Examples/iris.csv", "--learners", "linear_regression",
        ])
        #expect(wrongTask.status != 0)
        #expect(
            wrongTask.standardError.contains(
                "a family that handles classification for Examples/iris.csv"))
    }
}

import AutoMLTestSupport
import Foundation
import Testing

@Suite(.serialized) struct BenchLearnersCommandTests {
    @Test("bench learners --json gives one row per dataset and learner with every required key")
    func jsonRows() throws {
        let outcome = try CommandRunner.run([
            "bench", "learners", "--data", "Examples/iris.csv", "Examples/diabetes.csv", "--learners", "constant",
            "--folds", "5", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = try #require(JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [[String: Any]])
        #expect(rows.count == 2)
        for key in ["dataset", "learner", "metric", "score", "fit_seconds", "predict_row_seconds",
                    "predict_batch_seconds", "model_bytes"] {
            #expect(rows.allSatisfy { $0[key] != nil }, "missing \(key)")
        }
        #expect(rows[0]["dataset"] as? String == "iris" && rows[0]["metric"] as? String == "accuracy")
        // Five stratified folds of 10/10/10 rows: every training prior ties, class 0 wins, accuracy 1/3.
        #expect(isClose(rows[0]["score"] as? Double ?? 0, 1.0 / 3, tolerance: 1e-12))
        #expect(rows[1]["dataset"] as? String == "diabetes" && rows[1]["metric"] as? String == "rmse")
    }

    @Test("an unknown learner is refused naming the known ones")
    func unknownLearner() throws {
        let outcome = try CommandRunner.run(["bench", "learners", "--data", "Examples/iris.csv", "--learners", "forest"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("forest") && outcome.standardError.contains("constant"))
    }
}

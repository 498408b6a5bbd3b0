import AutoMLData
import AutoMLLearners
import AutoMLTestSupport
import Testing

@Suite struct CrossValidationTests {
    @Test(
        "the constant baseline scores exactly 1/3 on iris and its out-of-fold probabilities are the fold priors"
    )
    func baselineOnIris() throws {
        let dataset = try exampleDataset("iris")
        let splits = try CrossValidation.folds(for: dataset, count: 5, seed: 0)
        let result = try CrossValidation.evaluate(
            AnyLearner(ConstantBaseline()), on: dataset, splits: splits, metric: .accuracy)
        #expect(result.foldScores.count == 5 && result.isComplete)
        #expect(result.foldScores.allSatisfy { isClose($0, 1.0 / 3, tolerance: 1e-12) })
        guard case .classes(_, let probabilities) = result.outOfFold else {
            Issue.record("not classes"); return
        }
        #expect(
            probabilities.rows == 150
                && probabilities.storage.allSatisfy { isClose($0, 1.0 / 3, tolerance: 1e-12) })
    }

    @Test("stopping after the second fold keeps two scores and marks the result incomplete")
    func pruning() throws {
        let dataset = try exampleDataset("diabetes")
        let splits = try CrossValidation.folds(for: dataset, count: 5, seed: 1)
        var seen: [Int] = []
        let result = try CrossValidation.evaluate(
            AnyLearner(ConstantBaseline()), on: dataset, splits: splits, metric: .rmse,
            continueAfterFold: { index, _ in
                seen.append(index); return index < 1
            })
        #expect(seen == [0, 1] && result.foldScores.count == 2 && !result.isComplete)
    }

    @Test(
        "each fold's model sees only its training rows (the baseline's mean is the training mean)")
    func noLeak() throws {
        let dataset = try exampleDataset("diabetes")
        let splits = try CrossValidation.folds(for: dataset, count: 4, seed: 3)
        var means: [Int: Double] = [:]
        _ = try CrossValidation.evaluate(
            AnyLearner(ConstantBaseline()), on: dataset, splits: splits, metric: .rmse,
            foldPipeline: { index, pipeline in
                means[index] = (pipeline.model as? ConstantModel)?.values[0]
            })
        guard case .regression(let y) = dataset.target else { return }
        for (index, split) in splits.enumerated() {
            let expected = split.train.map { y[$0] }.reduce(0, +) / Double(split.train.count)
            #expect(isClose(means[index] ?? .nan, expected, tolerance: 1e-9))
        }
    }
}

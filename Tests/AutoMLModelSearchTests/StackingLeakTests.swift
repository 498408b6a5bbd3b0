import AutoMLData
import AutoMLEnsemble
import AutoMLLearners
import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLTestSupport
import AutoMLModelSearch
import Testing

@Suite struct StackingLeakTests {
    /// Random features and random labels: nothing can be learned, so an honest score is about
    /// 0.5. A fully grown tree fits its training rows perfectly; if stacking saw in-sample
    /// predictions instead of out-of-fold ones, its meta-learner would score near 1.
    @Test("stacking on out-of-fold predictions of memorizing trees scores chance on random labels")
    func noLeak() throws {
        var random = RandomSource(seed: 11)
        let n = 200
        let columns = (0..<4).map { k in
            Column.numeric("x\(k)", (0..<n).map { _ in random.normal() })
        }
        let labels = (0..<n).map { _ in random.integer(below: 2) == 0 ? "a" : "b" }
        let table = try Table(columns: columns + [.categorical("y", labels)])
        let dataset = try Dataset(table: table, targetName: "y")
        let splits = try CrossValidation.folds(for: dataset, count: 5, seed: 0)
        let evaluator = ModelTrialEvaluator(
            dataset: dataset, splits: splits, metric: .accuracy, seed: 0)
        var members: [EnsembleMember] = []
        for (id, depth) in [nil, 20, 12].enumerated() {
            var values: [String: ParameterValue] = ["learner": .string("decision_tree")]
            if let depth { values["decision_tree.max_depth"] = .integer(depth) }
            let result = try evaluator.evaluate(Configuration(values))
            members.append(
                EnsembleMember(
                    id: id, outOfFold: try #require(result.outOfFold), score: result.score))
            // In-sample the tree is perfect; out of fold it is chance.
            #expect(result.score < 0.65)
        }
        for strategy in [EnsembleStrategy.stacking, .blending] {
            let ensemble = try EnsembleBuilder.build(
                .init(strategy: strategy, memberCount: 3), from: members, target: dataset.target,
                metric: .accuracy)
            #expect(ensemble.score < 0.65, "\(strategy): \(ensemble.score)")
        }
    }
}

import AutoML
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct LowCostStartTests {
    static let defaultSpace = packageRootURL.appendingPathComponent("SearchSpaces/default.yaml")

    @Test(
        "every family of the space once, at its defaults, cheapest first; kernel SVM left out on large data"
    )
    func defaultsFirst() throws {
        let space = try SearchSpace.load(contentsOf: Self.defaultSpace).restrictingChoices(
            of: "learner"
        ) {
            LearnerCatalog.family(named: $0.description)?.handles(.classification) ?? false
        }
        let small = LowCostStart.configurations(for: space, rowCount: 150)
        let learners = small.compactMap { $0["learner"]?.description }
        #expect(learners.first == "gaussian_nb")
        #expect(learners.last == "svm")
        #expect(Set(learners).count == learners.count)
        #expect(!learners.contains("linear_regression"))
        if case .categorical(let choices)? = space.parameter(named: "learner")?.domain {
            #expect(learners.count == choices.count)
        }
        #expect(small.allSatisfy { space.contains($0) }, "\(small.filter { !space.contains($0) })")
        // Defaults inside the space's ranges are kept: scikit-learn's 100 trees, C = 1, k = 5.
        let forest = try #require(small.first { $0["learner"] == .string("random_forest") })
        #expect(forest["random_forest.tree_count"] == .integer(100))
        let logistic = try #require(small.first { $0["learner"] == .string("logistic_regression") })
        #expect(logistic["logistic_regression.c"]?.number == 1)
        let knn = try #require(small.first { $0["learner"] == .string("knn") })
        #expect(knn["knn.neighbor_count"] == .integer(5))

        let large = LowCostStart.configurations(for: space, rowCount: 50_000)
        #expect(!large.contains { $0["learner"] == .string("svm") })
        #expect(large.count == small.count - 1)
    }

    @Test("a space without a learner choice has no starting list")
    func singleFamily() {
        let space = SearchSpace(unordered: [
            Parameter(name: "c", domain: .float(low: 0.1, high: 10, log: true, step: nil))
        ])
        #expect(LowCostStart.configurations(for: space, rowCount: 100).isEmpty)
    }

    @Test("the warm-start sampler hands out its list in order, skips what was tried, then defers")
    func warmStart() throws {
        let space = SearchSpace(unordered: [
            Parameter(name: "x", domain: .float(low: 0, high: 1, log: false, step: nil))
        ])
        let a = Configuration(["x": .real(0.25)])
        let b = Configuration(["x": .real(0.75)])
        let outside = Configuration(["x": .real(3)])
        let sampler = WarmStartSampler(base: RandomSampler(seed: 1), initial: [a, outside, b])
        #expect(sampler.settings == RandomSampler(seed: 1).settings)
        // A batch of 3 on an empty study: the two valid starts, then one from the base.
        let batch = try sampler.suggest(3, in: space, history: StudyHistory())
        #expect(Array(batch.prefix(2)) == [a, b])
        #expect(batch.count == 3 && batch[2] != a && batch[2] != b && space.contains(batch[2]))
        // After one trial of `a`, the next suggestion is `b`; once `b` was tried too, the base
        // sampler takes over.
        var history = StudyHistory(trials: [
            TrialRecord(number: 0, state: .complete, configuration: a, values: [1])
        ])
        #expect(try sampler.suggest(1, in: space, history: history) == [b])
        history.trials.append(
            TrialRecord(number: 1, state: .complete, configuration: b, values: [2]))
        let next = try sampler.suggest(1, in: space, history: history)
        #expect(next != [a] && next != [b])
    }
}

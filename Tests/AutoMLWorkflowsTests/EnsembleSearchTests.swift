import AutoMLData
import AutoMLEnsemble
import AutoMLLearners
import AutoMLNumerics
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLTestSupport
import AutoMLWorkflows
import Testing

@Suite struct EnsembleSearchTests {
    @Test("configurations are read into ensemble settings, unknown values refused")
    func settings() throws {
        let settings = try EnsembleSearch.settings(
            from: Configuration([
                "strategy": .string("stacking"), "member_count": .integer(7), "meta_learner": .string("ridge"),
                "meta_regularization": .real(0.5),
            ]), seed: 3)
        #expect(settings.strategy == .stacking && settings.memberCount == 7 && settings.metaLearner == .linear)
        #expect(settings.metaRegularization == 0.5 && settings.seed == 3)
        #expect(throws: TuneError.self) {
            try EnsembleSearch.settings(from: Configuration(["strategy": .string("bagging")]), seed: 0)
        }
        #expect(throws: TuneError.self) {
            try EnsembleSearch.settings(from: Configuration(["member_count": .integer(0)]), seed: 0)
        }
    }

    @Test("the search finds the averaging composition that beats every member")
    func search() throws {
        // Two members with opposite mistakes (see EnsembleBuilderTests): averaging beats both.
        func member(_ id: Int, _ p1: [Double]) -> EnsembleMember {
            var p = Matrix(rows: 4, columns: 2)
            for (r, v) in p1.enumerated() { p[r, 0] = 1 - v; p[r, 1] = v }
            return EnsembleMember(id: id, outOfFold: .classes(labels: p1.map { $0 > 0.5 ? 1 : 0 }, probabilities: p), score: 0.38)
        }
        let members = [member(0, [0.1, 0.9, 0.3, 0.1]), member(1, [0.1, 0.9, 0.9, 0.7])]
        let target = Target.classification(labels: [0, 1, 1, 0], classes: ["a", "b"])
        let space = SearchSpace(unordered: [
            Parameter(name: "strategy", domain: .categorical([.string("voting_soft"), .string("greedy"), .string("bayesian_averaging")])),
            Parameter(name: "member_count", domain: .integer(low: 1, high: 2, log: false, step: 1)),
        ])
        let search = EnsembleSearch(space: space, sampler: RandomSampler(seed: 1), evaluations: 12, seed: 0)
        let (all, best) = try search.run(members: members, target: target, metric: .logLoss)
        #expect(all.count == 12)
        let score = try #require(best?.ensemble?.score)
        #expect(score < 0.38 - 0.05)
    }
}

import AutoMLData
import AutoMLEnsemble
import AutoMLExecutor
import AutoMLLearners
import AutoMLModelSearch
import AutoMLNumerics
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStudy
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct EnsembleSearchTests {
    @Test("configurations are read into ensemble settings, unknown values refused")
    func settings() throws {
        let settings = try EnsembleConfiguration.settings(
            from: Configuration([
                "strategy": .string("stacking"), "member_count": .integer(7),
                "meta_learner": .string("ridge"),
                "meta_regularization": .real(0.5),
            ]), seed: 3)
        #expect(
            settings.strategy == .stacking && settings.memberCount == 7
                && settings.metaLearner == .linear)
        #expect(settings.metaRegularization == 0.5 && settings.seed == 3)
        #expect(throws: ModelSearchError.self) {
            try EnsembleConfiguration.settings(
                from: Configuration(["strategy": .string("bagging")]), seed: 0)
        }
        #expect(throws: ModelSearchError.self) {
            try EnsembleConfiguration.settings(
                from: Configuration(["member_count": .integer(0)]), seed: 0)
        }
    }

    /// A model study of two trials with opposite mistakes (see EnsembleBuilderTests), their
    /// out-of-fold predictions stored as a model trial stores them.
    func modelStudy(storage: InMemoryStorage) async throws -> Study {
        let space = SearchSpace(unordered: [
            Parameter(name: "x", domain: .float(low: 0, high: 1, log: false, step: nil))
        ])
        let study = try await Study.create(
            name: "m", space: space, directions: [.minimize], sampler: RandomSampler(seed: 0),
            storage: storage)
        for p1 in [[0.1, 0.9, 0.3, 0.1], [0.1, 0.9, 0.9, 0.7]] {
            var p = Matrix(rows: 4, columns: 2)
            for (r, v) in p1.enumerated() { p[r, 0] = 1 - v; p[r, 1] = v }
            let trial = try await study.ask()
            let prediction = Prediction.classes(
                labels: p1.map { $0 > 0.5 ? 1 : 0 }, probabilities: p)
            try await storage.artifacts.put(
                OutOfFoldPredictions.encode(prediction), named: OutOfFoldPredictions.artifactName,
                trial: trial.number, of: "m")
            try await study.tell(trial, value: 0.38)
        }
        return study
    }

    @Test(
        "the ensemble search is a study of stored trials that finds the averaging composition beating every member"
    )
    func search() async throws {
        let storage = InMemoryStorage()
        let study = try await modelStudy(storage: storage)
        let target = Target.classification(labels: [0, 1, 1, 0], classes: ["a", "b"])
        let space = SearchSpace(unordered: [
            Parameter(
                name: "strategy",
                domain: .categorical([
                    .string("voting_soft"), .string("greedy"), .string("bayesian_averaging"),
                ])),
            Parameter(name: "member_count", domain: .integer(low: 1, high: 2, log: false, step: 1)),
        ])
        let phase = EnsembleSearchPhase(
            space: space, samplerName: "random", seed: 1, evaluations: 12)
        let outcome = try #require(
            try await phase.run(
                for: study, target: target, metric: .logLoss, stop: StopController()))
        #expect(outcome.pool.members.map(\.id) == [0, 1])
        #expect(outcome.trials.count == 12)
        let stored = try await storage.trials(of: EnsembleSearchPhase.studyName(for: "m"))
        #expect(stored.count == 12 && stored.allSatisfy { $0.state.isFinished })
        #expect(
            stored.filter { $0.state == .complete }.allSatisfy {
                $0.attributes[.learner] == "ensemble"
            })
        let (trial, ensemble) = try #require(outcome.best)
        #expect(ensemble.score < 0.38 - 0.05)
        #expect(trial.value == ensemble.score)
        #expect(Set(ensemble.memberTrials) == [0, 1])
        // A second run continues the ensemble study.
        let again = try #require(
            try await phase.run(
                for: study, target: target, metric: .logLoss, stop: StopController()))
        #expect(again.trials.map(\.number).min() == 12)
        #expect(try await storage.trials(of: EnsembleSearchPhase.studyName(for: "m")).count == 24)
    }

    @Test(
        "out-of-fold predictions round-trip through their stored form in single precision, damage is refused"
    )
    func storedPredictions() throws {
        var p = Matrix(rows: 3, columns: 3)
        let rows = [[0.2, 0.3, 0.5], [0.7, 0.2, 0.1], [1.0 / 3, 1.0 / 3, 1.0 / 3]]
        for r in 0..<3 { for k in 0..<3 { p[r, k] = rows[r][k] } }
        let classes = Prediction.classes(labels: [2, 0, 1], probabilities: p)
        let data = OutOfFoldPredictions.encode(classes)
        #expect(data.count == 13 + 4 * 3 * (3 + 1))
        guard case .classes(let labels, let back) = try OutOfFoldPredictions.decode(data) else {
            Issue.record("not classes")
            return
        }
        #expect(labels == [2, 0, 1])
        for r in 0..<3 { for k in 0..<3 { #expect(abs(back[r, k] - rows[r][k]) < 1e-7) } }
        let values = Prediction.values([1.5, -2.25, 1e6 + 0.5])
        guard
            case .values(let decoded) = try OutOfFoldPredictions.decode(
                OutOfFoldPredictions.encode(values))
        else {
            Issue.record("not values")
            return
        }
        #expect(decoded == [1.5, -2.25, 1e6 + 0.5])
        #expect(throws: OutOfFoldPredictions.DecodingFailure.self) {
            try OutOfFoldPredictions.decode(data.dropLast(4))
        }
        var wrongLabel = [UInt8](data)
        wrongLabel[13] = 7
        #expect(throws: OutOfFoldPredictions.DecodingFailure.self) {
            try OutOfFoldPredictions.decode(Data(wrongLabel))
        }
        #expect(throws: OutOfFoldPredictions.DecodingFailure.self) {
            try OutOfFoldPredictions.decode(Data("OOF2 and more".utf8))
        }
    }

    @Test("retention keeps the best N complete trials and every running one")
    func retention() {
        let configuration = Configuration(["x": .real(0)])
        let trials =
            [0.5, 0.1, 0.9, 0.3].enumerated().map { number, value in
                TrialRecord(
                    number: number, state: .complete, configuration: configuration, values: [value])
            } + [TrialRecord(number: 4, state: .running, configuration: configuration)]
        let history = StudyHistory(directions: [.minimize], trials: trials)
        #expect(PredictionRetention(count: 2).kept(in: history) == [1, 3, 4])
        let maximizing = StudyHistory(directions: [.maximize], trials: trials)
        #expect(PredictionRetention(count: 1).kept(in: maximizing) == [2, 4])
    }
}

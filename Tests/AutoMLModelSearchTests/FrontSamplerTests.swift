import AutoMLModelSearch
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStudy
import AutoMLTestSupport
import Testing

@Suite struct FrontSamplerTests {
    static func trial(
        _ number: Int, accuracy: Double?, p99: Double? = nil, bytes: Double? = nil,
        state: TrialState = .complete
    )
        -> TrialRecord
    {
        var metrics: [String: Double] = ["score_std": 0.02, "folds_run": 4]
        metrics[.latencyP99Seconds] = p99
        metrics[.modelBytes] = bytes
        return TrialRecord(
            number: number, state: state,
            configuration: Configuration(["x": .real(Double(number) / 10)]),
            values: accuracy.map { [$0] }, metrics: metrics)
    }

    @Test(
        "the history is rewritten to the serving cost within the tolerance and a penalty outside it"
    )
    func rewriting() throws {
        let history = StudyHistory(
            directions: [.maximize],
            trials: [
                Self.trial(0, accuracy: 0.97, p99: 1e-2, bytes: 1e6),  // best
                // Within 0.01 (0.02/√4), and the fastest:
                Self.trial(1, accuracy: 0.965, p99: 1e-4, bytes: 1e6),
                Self.trial(2, accuracy: 0.90, p99: 1e-5, bytes: 1e2),  // outside
                Self.trial(3, accuracy: 0.96, p99: nil, bytes: nil),  // an ensemble without a cost
                Self.trial(4, accuracy: nil, state: .pruned),
                Self.trial(5, accuracy: nil, state: .running),
            ] + (6..<18).map { Self.trial($0, accuracy: nil, state: .running) })
        // 18 trials: the fourth block of six, w = 1 (latency only).
        #expect(FrontSampler.latencyWeight(afterTrials: 18) == 1)
        #expect(FrontSampler.latencyWeight(afterTrials: 6) == 0)
        let rewritten = FrontSampler(base: RandomSampler(seed: 0)).rewritten(history)
        #expect(rewritten.directions == [.minimize])
        let values = rewritten.trials.map { $0.values?.first }
        // Inside the tolerance the value is log10 of the p99 latency (w = 1).
        #expect(isClose(try #require(values[0]), -2, tolerance: 1e-12))
        #expect(isClose(try #require(values[1]), -4, tolerance: 1e-12))
        // Trial 2 is 0.06 beyond the tolerance: the offset plus (0.07 − 0.01)/0.07.
        #expect(
            isClose(
                try #require(values[2]), FrontSampler.penaltyOffset + (0.97 - 0.90 - 0.01) / 0.07,
                tolerance: 1e-12))
        #expect(
            rewritten.trials.prefix(6).map(\.state) == [
                .complete, .complete, .complete, .failed, .failed, .running,
            ])
        // A fixed tolerance of 0.1 takes trial 2 in; it is the fastest, so it scores lowest.
        let wide = FrontSampler(base: RandomSampler(seed: 0), tolerance: 0.1).rewritten(history)
        #expect(isClose(try #require(wide.trials[2].values?.first), -5, tolerance: 1e-12))
    }

    /// Extra trees within the tolerance but large; an SVM just outside it and ten times smaller;
    /// a kNN far outside it. Accuracy, tolerance 0.01 (0.02/√4).
    static let families: [TrialRecord] = [
        familyTrial(0, "extra_trees", accuracy: 0.97, p99: 1e-3, bytes: 1e6),
        familyTrial(1, "extra_trees", accuracy: 0.965, p99: 8e-4, bytes: 9e5),
        familyTrial(2, "svm", accuracy: 0.955, p99: 1e-4, bytes: 1e5, c: 1),
        familyTrial(3, "svm", accuracy: 0.94, p99: 1e-4, bytes: 1e5, c: 100),
        familyTrial(4, "knn", accuracy: 0.80, p99: 1e-5, bytes: 1e4),
    ]

    static let familySpace = SearchSpace(unordered: [
        Parameter(
            name: "learner",
            domain: .categorical([.string("extra_trees"), .string("svm"), .string("knn")])),
        Parameter(
            name: "svm.c", domain: .float(low: 1e-3, high: 1e3, log: true, step: nil),
            conditions: [Condition(parent: "learner", values: [.string("svm")])]),
        Parameter(
            name: "extra_trees.tree_count",
            domain: .integer(low: 10, high: 500, log: true, step: 1),
            conditions: [Condition(parent: "learner", values: [.string("extra_trees")])]),
    ])

    static func familyTrial(
        _ number: Int, _ learner: String, accuracy: Double?, p99: Double = 1e-3,
        bytes: Double = 1e6, c: Double = 1, state: TrialState = .complete
    ) -> TrialRecord {
        var values: [String: ParameterValue] = ["learner": .string(learner)]
        if learner == "svm" { values["svm.c"] = .real(c) }
        if learner == "extra_trees" { values["extra_trees.tree_count"] = .integer(100) }
        var record = trial(number, accuracy: accuracy, p99: p99, bytes: bytes, state: state)
        record.configuration = Configuration(values)
        return record
    }

    @Test(
        "suggestions are directed at a cheaper family just outside the tolerance, until it has had its trials"
    )
    func directedFamily() throws {
        let sampler = FrontSampler(base: GPSampler(seed: 3))
        let history = StudyHistory(directions: [.maximize], trials: Self.families)
        // The SVM (0.015 behind, within 3 tolerances) is ten times smaller than every trial within
        // the tolerance; the kNN is cheaper still but 0.17 behind.
        let directed = try #require(sampler.directedFamily(for: history))
        #expect(directed.name == "svm" && directed.completeTrials == 2)
        #expect(directed.best["svm.c"] == .real(1))
        // The sixth trial (6 % 3 ≠ 2) is directed; with two complete SVM trials it is a local
        // step from the best SVM (c = 1, unit 0.5).
        let suggestion = try #require(
            sampler.suggest(
                1, in: Self.familySpace,
                history: StudyHistory(
                    directions: [.maximize],
                    trials: Self.families + [
                        Self.familyTrial(5, "knn", accuracy: nil, state: .running)
                    ]
                )
            ).first)
        #expect(suggestion["learner"] == .string("svm"))
        let c = try #require(suggestion["svm.c"])
        let unit = try #require(Self.familySpace.parameter(named: "svm.c")?.unit(of: c))
        #expect(abs(unit - 0.5) < 5 * FrontSampler.localStepSize && unit != 0.5)
        #expect(
            sampler.localStep(
                from: directed.best, of: "svm", in: Self.familySpace, draw: 6)
                == sampler.localStep(from: directed.best, of: "svm", in: Self.familySpace, draw: 6))
        // An SVM inside the tolerance ends the direction at it: the kNN is too far behind.
        let reached = StudyHistory(
            directions: [.maximize],
            trials: Self.families + [
                Self.familyTrial(5, "svm", accuracy: 0.968, p99: 1e-4, bytes: 1e5)
            ])
        #expect(sampler.directedFamily(for: reached) == nil)
        // Ten SVM trials without reaching it: given up.
        let tried = StudyHistory(
            directions: [.maximize],
            trials: Self.families
                + (5..<13).map { Self.familyTrial($0, "svm", accuracy: nil, state: .failed) })
        #expect(sampler.directedFamily(for: tried) == nil)
        // A third complete SVM trial hands the family's search to the base sampler, in the space
        // cut to the SVM.
        let modelled = StudyHistory(
            directions: [.maximize],
            trials: Self.families + [
                Self.familyTrial(5, "svm", accuracy: 0.95, p99: 1e-4, bytes: 1e5, c: 10),
                Self.familyTrial(6, "knn", accuracy: nil, state: .running),
            ])
        let next = try sampler.suggest(2, in: Self.familySpace, history: modelled)
        #expect(
            next.allSatisfy { $0["learner"] == .string("svm") && Self.familySpace.contains($0) })
    }

    @Test("the front sampler suggests points of the space, as any sampler")
    func conformance() throws {
        let violations = try SamplerConformance.violations {
            FrontSampler(base: GPSampler(seed: $0))
        }
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test(
        "a trial budget gives the front search a fifth of the trials; a time budget its last fifth of the model share"
    )
    func budgetSplit() {
        let start = ContinuousClock.now
        let trials = BudgetSplit(.trials(100), start: start)
        #expect(trials.modelSearch == .trials(80) && trials.frontSearch == .trials(20))
        #expect(BudgetSplit(.trials(4), start: start).frontSearch == nil)
        #expect(BudgetSplit(.trials(100), start: start, frontShare: 0).modelSearch == .trials(100))
        let time = BudgetSplit(.time(.seconds(100)), start: start)
        guard case .time(let main) = time.modelSearch else {
            Issue.record("not a time budget")
            return
        }
        #expect(abs(main.timeInterval - 64) < 1e-6)
        #expect(time.frontDeadline == start + .seconds(80))
        #expect(
            time.modelTrialDeadline == start + .seconds(85)
                && time.ensembleDeadline == start + .seconds(92))
    }
}

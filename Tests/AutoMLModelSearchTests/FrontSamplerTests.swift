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

import AutoML
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct TradeOffFrontTests {
    /// A model-trial candidate with the given score, spread, p99 latency and bytes.
    static func candidate(
        _ number: Int, _ score: Double, std: Double = 0.02, p99: Double, bytes: Double
    )
        -> ProfileCandidate
    {
        ProfileCandidate(
            source: .model(
                TrialRecord(
                    number: number, state: .complete, configuration: Configuration(),
                    values: [score])),
            score: score, scoreStandardDeviation: std, folds: 4, latencyP50Seconds: p99 / 2,
            latencyP99Seconds: p99,
            throughputRowsPerSecond: 1 / p99, modelBytes: bytes, fitSeconds: 0.1,
            peakMemoryBytes: 1e7)
    }

    static let candidates = [
        candidate(0, 0.97, p99: 1e-2, bytes: 5e6),  // best, slow and big
        candidate(1, 0.965, p99: 1e-4, bytes: 4e5),  // within 0.01: fast
        candidate(2, 0.962, p99: 3e-4, bytes: 2e3),  // within 0.01: small
        candidate(3, 0.90, p99: 1e-5, bytes: 1e2),  // fastest and smallest, far behind
        candidate(4, 0.95, p99: 2e-2, bytes: 6e6),  // dominated by 0
    ]

    @Test(
        "each profile's rule picks its candidate; the tolerance decides what counts as close to the best"
    )
    func selection() {
        let front = TradeOffFront(candidates: Self.candidates, direction: .maximize)
        #expect(front.front.members.map(\.trialNumber).sorted() == [0, 1, 2, 3])
        #expect(abs(front.defaultTolerance - 0.01) < 1e-12)  // 0.02 / √4
        #expect(front.select(.highPerformance, tolerance: 0.01).trialNumber == 0)
        #expect(front.select(.fastInference, tolerance: 0.01).trialNumber == 1)
        #expect(front.select(.memoryEfficient, tolerance: 0.01).trialNumber == 2)
        // A wider tolerance admits the far-behind candidate for both.
        #expect(front.select(.fastInference, tolerance: 0.1).trialNumber == 3)
        #expect(front.select(.memoryEfficient, tolerance: 0.1).trialNumber == 3)
        // A zero tolerance leaves only the best.
        #expect(front.select(.fastInference, tolerance: 0).trialNumber == 0)
        // Balanced: utility 0.5·s + 0.25·(1 − l) + 0.25·(1 − b) over the front; candidate 2 is
        // near the best score and near the smallest and fastest.
        #expect(front.select(.balanced, tolerance: 0.01).trialNumber == 2)
    }

    @Test("the shortlists of the deployed rules: by the trials' figures, the best always last")
    func shortlists() {
        let front = TradeOffFront(candidates: Self.candidates, direction: .maximize)
        #expect(
            front.shortlist(.fastInference, tolerance: 0.1, count: 3).map(\.trialNumber)
                == [3, 1, 0])
        #expect(
            front.shortlist(.memoryEfficient, tolerance: 0.1, count: 5).map(\.trialNumber)
                == [3, 2, 1, 4, 0])
        // Only the best within the tolerance: it alone.
        #expect(front.shortlist(.fastInference, tolerance: 0, count: 5).map(\.trialNumber) == [0])
        #expect(front.shortlist(.balanced, tolerance: 0.01, count: 5).map(\.trialNumber) == [2])
    }

    @Test("for a loss metric the best is the lowest score")
    func minimizing() {
        let front = TradeOffFront(
            candidates: [
                Self.candidate(0, 50, std: 4, p99: 1e-3, bytes: 1e5),
                Self.candidate(1, 51, std: 4, p99: 1e-5, bytes: 1e3),
                Self.candidate(2, 60, std: 4, p99: 1e-6, bytes: 1e2),
            ], direction: .minimize)
        #expect(front.best.trialNumber == 0)
        #expect(front.select(.fastInference, tolerance: front.defaultTolerance).trialNumber == 1)
    }

    @Test("the front's hypervolume grows when a cheaper candidate within reach joins")
    func hypervolume() {
        let reference = [0.0, 0.0, 8.0]  // loss −score ≤ 0, log10 latency ≤ 0, log10 bytes ≤ 8
        let without = TradeOffFront(
            candidates: [Self.candidates[0], Self.candidates[4]], direction: .maximize)
        let with = TradeOffFront(candidates: Array(Self.candidates.prefix(3)), direction: .maximize)
        #expect(with.hypervolume(reference: reference) > without.hypervolume(reference: reference))
        // One point: the box to the reference, exactly.
        let one = TradeOffFront(candidates: [Self.candidates[0]], direction: .maximize)
        #expect(
            isClose(
                one.hypervolume(reference: reference), 0.97 * 2 * (8 - log10(5e6)), tolerance: 1e-9)
        )
    }
}

import AutoML
@testable import AutoMLReport
import Foundation
import Testing

/// `count` complete trials of `x`, `y`, `z` uniform on [−1, 1] (seeded) valued `f(x, y, z)`
/// plus normal noise of standard deviation `noise`.
private func uniformTrials(
    count: Int, seed: UInt64, noise: Double, _ f: (Double, Double, Double) -> Double
) -> [TrialRecord] {
    var random = RandomSource(seed: seed)
    return (0..<count).map { number in
        let x = 2 * random.uniform() - 1
        let y = 2 * random.uniform() - 1
        let z = 2 * random.uniform() - 1
        return TrialRecord(
            number: number, state: .complete,
            configuration: Configuration(["x": .real(x), "y": .real(y), "z": .real(z)]),
            values: [f(x, y, z) + noise * random.normal()])
    }
}

@Suite struct PairInteractionTests {
    static let axes = ["x", "y", "z"].compactMap { name in
        ParameterAxis(
            Parameter(name: name, domain: .float(low: -1, high: 1, log: false, step: nil)))
    }

    @Test("x·y + z/2: the pair (x, y) is the strongest, its share near the grid's 0.0977 / 0.197")
    func product() throws {
        let trials = uniformTrials(count: 2_000, seed: 4, noise: 0.05) { x, y, z in x * y + z / 2 }
        let strongest = try #require(PairInteraction.strongest(among: Self.axes, trials: trials))
        #expect(strongest.first == "x" && strongest.second == "y")
        #expect(strongest.trialCount == 2_000)
        // On a 4 × 4 grid the cell means of x·y keep E[x̄²]² = 0.3125² = 0.0977 of its variance
        // 1/9; the total is 1/9 + 1/12 + 0.0025 = 0.197, so the share is about 0.50.
        #expect(abs(strongest.share - 0.496) < 0.06, "share \(strongest.share)")
        #expect(strongest.zScore > 20)
        // x and z, y and z: additive, nothing beyond noise.
        let xz = try #require(PairInteraction.estimate(Self.axes[0], Self.axes[2], trials: trials))
        #expect(xz.share < 0.01, "x × z share \(xz.share)")
        #expect(!xz.isSignificant, "x × z: z = \(xz.zScore)")
    }

    @Test("an additive objective, however curved, has no pair beyond noise")
    func additive() throws {
        let trials = uniformTrials(count: 1_000, seed: 9, noise: 0.1) { x, y, z in
            x + 3 * y * y + z / 2
        }
        for (index, a) in Self.axes.enumerated() {
            for b in Self.axes.dropFirst(index + 1) {
                let pair = try #require(PairInteraction.estimate(a, b, trials: trials))
                #expect(
                    pair.share < 0.01, "\(a.parameter.name) × \(b.parameter.name): \(pair.share)")
                #expect(!pair.isSignificant, "z = \(pair.zScore)")
            }
        }
        #expect(PairInteraction.strongest(among: Self.axes, trials: trials) == nil)
    }

    @Test("a parameter active under one choice of the other leaves no interaction to estimate")
    func conditional() throws {
        let kernel = try #require(
            ParameterAxis(
                Parameter(
                    name: "kernel", domain: .categorical([.string("rbf"), .string("linear")])))
        )
        let gamma = try #require(
            ParameterAxis(
                Parameter(
                    name: "gamma", domain: .float(low: 1e-3, high: 10, log: true, step: nil),
                    conditions: [Condition(parent: "kernel", values: [.string("rbf")])])))
        var random = RandomSource(seed: 2)
        let trials = (0..<200).map { number in
            let isRBF = number % 2 == 0
            var values: [String: ParameterValue] = ["kernel": .string(isRBF ? "rbf" : "linear")]
            if isRBF { values["gamma"] = .real(pow(10, -3 + 4 * random.uniform())) }
            return TrialRecord(
                number: number, state: .complete, configuration: Configuration(values),
                values: [random.normal()])
        }
        #expect(PairInteraction.estimate(kernel, gamma, trials: trials) == nil)
        #expect(PairInteraction.strongest(among: [kernel, gamma], trials: trials) == nil)
    }

    @Test("Paulson's approximation gives the F distribution's 0.1 % and 50 % points")
    func paulson() {
        // F(9, 1000): upper 0.1 % point 3.130, median 0.928 (scipy.stats.f.ppf).
        #expect(abs(PairInteraction.paulsonZ(3.13, 9, 1_000) - 3.09) < 0.1)
        #expect(abs(PairInteraction.paulsonZ(0.93, 9, 1_000)) < 0.1)
    }

    @Test("too few trials give no estimate")
    func tooFew() {
        let trials = uniformTrials(count: PairInteraction.minimumTrials - 1, seed: 1, noise: 0) {
            x, y, _ in x * y
        }
        #expect(PairInteraction.estimate(Self.axes[0], Self.axes[1], trials: trials) == nil)
    }
}

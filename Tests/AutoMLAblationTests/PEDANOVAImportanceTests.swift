import AutoMLSearchSpace
import AutoMLStudy
import Foundation
import Testing

@testable import AutoMLAblation

@Suite struct PEDANOVAImportanceTests {
    @Test("f = 10·x1 + x2 + 0·(x3…x6): x1 > x2 > the rest, which stay near zero")
    func linearRanking() throws {
        let history = ImportanceFixtures.history(count: 2000, dimension: 6, noise: 0.01) {
            10 * $0[0] + $0[1]
        }
        let result = try ParameterImportance.evaluate(
            history, space: ImportanceFixtures.cube(6), method: .pedANOVA())
        #expect(Array(result.ranking.prefix(2)) == ["x1", "x2"])
        #expect(abs(result.mainEffects.map(\.fraction).reduce(0, +) - 1) < 1e-12)
        let x2 = try #require(result.effect(of: "x2")).fraction
        for name in ["x3", "x4", "x5", "x6"] {
            let fraction = try #require(result.effect(of: name)).fraction
            #expect(fraction < x2 && fraction < 0.05, "\(name) \(fraction)")
        }
        #expect(result.interactions.isEmpty)
        #expect(result.mainEffects.allSatisfy { $0.low == nil && $0.high == nil })
    }

    @Test(
        "fractions equal Optuna 5.0.0's on floats, log floats, ints, a categorical and a condition")
    func matchesOptuna() throws {
        // Optuna 5.0.0, get_param_importances(study, evaluator=PedAnovaImportanceEvaluator(…))
        // on the same 40 trials (built the same way in Python with create_trial + add_trials).
        let space = SearchSpace(unordered: [
            Parameter(name: "x", domain: .float(low: 0, high: 1, log: false, step: nil)),
            Parameter(name: "k", domain: .integer(low: 1, high: 8, log: false, step: 1)),
            Parameter(name: "lg", domain: .float(low: 1e-3, high: 1, log: true, step: nil)),
            Parameter(name: "c", domain: .categorical([.string("a"), .string("b"), .string("c")])),
            Parameter(
                name: "y", domain: .float(low: 0, high: 1, log: false, step: nil),
                conditions: [Condition(parent: "c", values: [.string("a")])]),
        ])
        func fraction(_ v: Double) -> Double { v - v.rounded(.down) }
        let trials = (0..<40).map { i in
            let x = fraction(Double(i) * 0.618034)
            let k = 1 + (i * 5) % 8
            let lg = pow(10, -3 * fraction(Double(i) * 0.414214))
            let c = ["a", "b", "c"][i % 3]
            var values: [String: ParameterValue] = [
                "x": .real(x), "k": .integer(k), "lg": .real(lg), "c": .string(c),
            ]
            var value = (x - 0.3) * (x - 0.3) + 0.05 * Double(k) + 0.1 * pow(log10(lg), 2)
            value += c == "b" ? 0.2 : 0
            if c == "a" {
                let y = fraction(Double(i) * 0.3)
                values["y"] = .real(y)
                value += (y - 0.5) * (y - 0.5)
            }
            return TrialRecord(
                number: i, state: .complete, configuration: Configuration(values), values: [value])
        }
        let history = StudyHistory(directions: [.minimize], trials: trials)
        let cases: [(PEDANOVA.Settings, [String: Double])] = [
            (
                .init(),
                [
                    "lg": 0.441450034864152, "x": 0.27363210384943104, "k": 0.14075437387108208,
                    "y": 0.10920474374395613, "c": 0.034958743671378856,
                ]
            ),
            (
                .init(targetQuantile: 0.25, regionQuantile: 0.75),
                [
                    "lg": 0.48309471897615125, "x": 0.248779171209191, "k": 0.22787403308399917,
                    "y": 0.029092478912821743, "c": 0.011159597817836778,
                ]
            ),
        ]
        for (settings, optuna) in cases {
            let result = try ParameterImportance.evaluate(
                history, space: space, method: .pedANOVA(settings))
            for (name, expected) in optuna {
                let ours = try #require(result.effect(of: name)).fraction
                #expect(abs(ours - expected) < 1e-9, "\(name): \(ours), Optuna \(expected)")
            }
        }
    }

    @Test("the quantile filters keep the trials up to the ⌈q·n⌉-th smallest loss")
    func quantileCutoff() {
        let losses = (0..<10).map(Double.init)
        #expect(PEDANOVA.cutoff(losses, 0.1) == 0)
        #expect(PEDANOVA.cutoff(losses, 0.25) == 2)
        #expect(PEDANOVA.cutoff(losses, 0.5) == 4)
        #expect(PEDANOVA.cutoff(losses, 1.0) == 9)
    }

    @Test("each Parzen estimator is a distribution on its grid, numeric and categorical")
    func massesSumToOne() throws {
        let numeric = try #require(
            GridParzenEstimator.Grid(.float(low: 0, high: 1, log: false, step: nil), gridSize: 50))
        var counts = [Int](repeating: 0, count: numeric.count)
        counts[3] = 5
        counts[10] = 1
        counts[49] = 2
        let masses = GridParzenEstimator(counts: counts, grid: numeric, priorWeight: 1).masses
        #expect(masses.count == 50)
        #expect(abs(masses.reduce(0, +) - 1) < 1e-9)
        #expect(masses[3] > masses[10] && masses[3] > masses[30])
        let categorical = GridParzenEstimator(
            counts: [4, 0, 1], grid: .categorical(count: 3), priorWeight: 1
        ).masses
        #expect(abs(categorical.reduce(0, +) - 1) < 1e-12)
        #expect(categorical[0] > categorical[2] && categorical[2] > categorical[1])
        // Values go to the nearest grid point (0, 1/49, …), midpoints down; log grids in the
        // logarithm, with ⌈log₂(high − low + 1)⌉ + 1 points.
        #expect(numeric.index(of: 0) == 0 && numeric.index(of: 1) == 49)
        #expect(numeric.index(of: 0.5 / 49) == 0 && numeric.index(of: 0.51 / 49) == 1)
        let logarithmic = try #require(
            GridParzenEstimator.Grid(.integer(low: 1, high: 1000, log: true, step: 1), gridSize: 50)
        )
        #expect(logarithmic.count == 11)
        #expect(logarithmic.index(of: 1) == 0 && logarithmic.index(of: 1000) == 10)
        let levels = try #require(
            GridParzenEstimator.Grid(.integer(low: 0, high: 10, log: false, step: 2), gridSize: 50))
        #expect(levels.count == 6 && levels.index(of: 4) == 2)
    }

    @Test("identical densities give zero divergence, and then equal fractions")
    func noSignal() throws {
        // A constant loss puts every trial in the target set: every divergence is 0.
        let history = ImportanceFixtures.history(count: 50, dimension: 3) { _ in 1 }
        let result = try ParameterImportance.evaluate(
            history, space: ImportanceFixtures.cube(3), method: .pedANOVA())
        for effect in result.mainEffects {
            #expect(abs(effect.fraction - 1.0 / 3) < 1e-12)
        }
    }
}

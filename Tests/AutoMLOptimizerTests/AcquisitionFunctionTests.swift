@testable import AutoMLOptimizer
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct AcquisitionFunctionTests {
    @Test("log h(z) equals the naive log(φ + zΦ) wherever that is representable")
    func logHMatchesNaive() {
        for z in stride(from: -5.0, through: 5.0, by: 0.25) {
            let naive = log(StandardNormal.density(z) + z * StandardNormal.cumulative(z))
            #expect(
                isClose(
                    LogExpectedImprovement.logH(z), naive, tolerance: 1e-9 * max(1, abs(naive))),
                "z = \(z)")
        }
    }

    // mpmath at 50 digits: log(φ(z) + zΦ(z)) and Φ(z)/h(z).
    @Test(
        "log h(z) and its slope agree with mpmath from z = 3 down to −10⁶, finite where EI underflows"
    )
    func logHAgainstReference() {
        let cases: [(z: Double, logH: Double, slope: Double)] = [
            (3, 1.098_739_665_327_707_8, 0.332_840_968_451_795_24),
            (0, -0.918_938_533_204_672_74, 1.253_314_137_315_500_3),
            (-1, -2.485_121_025_712_641_3, 1.904_271_233_329_691_8),
            (-5, -16.744_301_162_660_990, 5.361_816_288_041_288_5),
            (-20, -206.917_838_509_425_10, 20.099_262_811_101_282),
            (-40, -808.298_568_356_619_96, 40.049_906_657_648_518),
            (-1000, -500_014.734_452_091_16, 1000.001_999_994_000),
            (-1e4, -50_000_019.339_619_307, 10_000.000_199_999_994),
            (-1e6, -500_000_000_028.549_96, 1_000_000.000_002),
        ]
        for c in cases {
            let value = LogExpectedImprovement.logH(c.z)
            #expect(value.isFinite)
            #expect(isClose(value, c.logH, relativeTolerance: 1e-12), "log h(\(c.z)) = \(value)")
            #expect(
                isClose(
                    LogExpectedImprovement.logHDerivative(c.z), c.slope, relativeTolerance: 1e-7),
                "z = \(c.z)")
        }
        // At z = −40 the naive expected improvement is exactly 0 or garbage; log EI is not.
        let naive = StandardNormal.density(-40) + -40 * StandardNormal.cumulative(-40)
        #expect(naive <= 0 || !naive.isNormal)
    }

    @Test("log EI is continuous across the switches between formulas")
    func continuity() {
        for z in [-1.0, LogExpectedImprovement.asymptoticThreshold] {
            let left = LogExpectedImprovement.logH(z.nextDown)
            let right = LogExpectedImprovement.logH(z.nextUp)
            #expect(isClose(left, right, relativeTolerance: 1e-10), "z = \(z)")
        }
        #expect(
            isClose(
                LogExpectedImprovement.value(mean: 1, standardDeviation: 2, best: 0.5),
                log(2 * (StandardNormal.density(-0.25) - 0.25 * StandardNormal.cumulative(-0.25))),
                tolerance: 1e-12))
    }

    @Test(
        "each acquisition's derivatives in the mean and standard deviation equal finite differences",
        arguments: [
            AcquisitionFunction.logExpectedImprovement, .upperConfidenceBound(beta: 2),
            .probabilityOfImprovement,
        ])
    func derivatives(function: AcquisitionFunction) {
        for (mean, sd) in [(0.3, 0.5), (2.0, 0.1), (-1.0, 1.0), (12.0, 0.2)] {
            let best = 0.0
            let (_, dMean, dSD) = function.evaluate(mean: mean, standardDeviation: sd, best: best)
            let h = 1e-6
            let fdMean =
                (function.evaluate(mean: mean + h, standardDeviation: sd, best: best).value
                    - function.evaluate(mean: mean - h, standardDeviation: sd, best: best).value)
                / (2 * h)
            let fdSD =
                (function.evaluate(mean: mean, standardDeviation: sd + h, best: best).value
                    - function.evaluate(mean: mean, standardDeviation: sd - h, best: best).value)
                / (2 * h)
            #expect(
                isClose(dMean, fdMean, tolerance: 1e-5 * max(1, abs(fdMean))),
                "\(function) μ=\(mean) σ=\(sd)")
            #expect(
                isClose(dSD, fdSD, tolerance: 1e-5 * max(1, abs(fdSD))),
                "\(function) μ=\(mean) σ=\(sd)")
        }
    }

    @Test("names round-trip")
    func names() {
        for function in [
            AcquisitionFunction.logExpectedImprovement, .upperConfidenceBound(beta: 2),
            .probabilityOfImprovement,
        ] {
            #expect(AcquisitionFunction(name: function.name) == function)
        }
        #expect(AcquisitionFunction(name: "thompson") == nil)
    }
}

@Suite struct OutputTransformTests {
    @Test("symmetric losses are only standardized (λ = 1)")
    func symmetric() {
        var random = RandomSource(seed: 1)
        let values = (0..<200).map { _ in random.normal(mean: 5, standardDeviation: 2) }
        let transform = OutputTransform(fitting: values)
        #expect(transform.lambda == 1)
        let targets = values.map { transform($0) }
        let mean = targets.reduce(0, +) / 200
        let variance = targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 200
        #expect(abs(mean) < 1e-12 && abs(variance - 1) < 1e-12)
    }

    @Test("losses spanning decades are modelled close to their logarithm, keeping the order")
    func heavyTail() {
        var random = RandomSource(seed: 2)
        let values = (0..<200).map { _ in exp(random.normal(mean: 0, standardDeviation: 3)) }
        let transform = OutputTransform(fitting: values)
        #expect(transform.lambda < 0.2)
        let sorted = values.sorted()
        let targets = sorted.map { transform($0) }
        #expect(zip(targets, targets.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("the log Jacobian equals the sum of log slopes by finite differences")
    func jacobian() {
        let values = [0.4, 1.2, 3.0, 10.0, 55.0]
        for (lambda, quantile) in [(0.0, 0.75), (0.5, 0.75), (1.0, 0.75), (0.0, 0.25)] {
            let transform = OutputTransform(
                fitting: values, lambda: lambda, shiftQuantile: quantile)
            let numeric = values.reduce(0.0) { sum, y in
                sum + log((transform(y + 1e-6) - transform(y - 1e-6)) / 2e-6)
            }
            #expect(
                isClose(transform.logJacobian(values), numeric, tolerance: 1e-6),
                "λ = \(lambda), q = \(quantile)")
        }
    }

    @Test(
        "the shift is the chosen quantile's distance from the minimum; a lower one spreads the good values"
    )
    func shiftQuantile() {
        // Sorted values 1, 2, 4, 8, 16: q₀.₂₅ is the second (2), q₀.₇₅ the fourth (8).
        let values = [16.0, 1, 8, 2, 4]
        let near = OutputTransform(fitting: values, warp: .init(lambda: 0, shiftQuantile: 0.25))
        let far = OutputTransform(fitting: values, warp: .init(lambda: 0))
        #expect(near.minimum == 1 && near.shift == 1 && far.shift == 7)
        #expect(!near.shiftIsFallback && !far.shiftIsFallback)
        // The share of the whole range taken by the gap between the two best values:
        // log 2 / log 16 = 1/4 near (u = y), log(8/7) / log(22/7) ≈ 0.117 far (u = y + 6).
        func share(_ t: OutputTransform) -> Double { (t(2) - t(1)) / (t(16) - t(1)) }
        #expect(isClose(share(near), 0.25, tolerance: 1e-12))
        #expect(isClose(share(far), log(8.0 / 7) / log(22.0 / 7), tolerance: 1e-12))
        #expect(isClose(near(1), (log(1) - near.center) / near.scale, tolerance: 1e-12))
        // Out-of-range and NaN parameters are clamped, so equal transforms have equal warps.
        #expect(
            OutputTransform.Warp(lambda: 2, shiftQuantile: -1) == .init(lambda: 1, shiftQuantile: 0)
        )
        #expect(OutputTransform.Warp(lambda: .nan, shiftQuantile: .nan) == .init(lambda: 1))
        #expect(OutputTransform(fitting: values, lambda: 0, shiftQuantile: .nan).shift == far.shift)
        // Ties at the best leave the lower quartile at the minimum: the shift falls back.
        let tied = OutputTransform(
            fitting: [1, 1, 1, 4, 9], warp: .init(lambda: 0, shiftQuantile: 0.25))
        #expect(tied.shiftIsFallback && isClose(tied.shift, 8e-3, tolerance: 1e-15))
    }

    @Test("constant losses map to 0 without dividing by zero")
    func constant() {
        let transform = OutputTransform(fitting: [3, 3, 3])
        #expect(transform(3) == 0)
    }
}

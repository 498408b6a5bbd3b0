@testable import AutoMLOptimizer
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

/// Random inputs in the unit cube and a smooth target with a little noise.
private func sample(_ n: Int, dimension d: Int, seed: UInt64) throws -> (Matrix, [Double]) {
    var random = RandomSource(seed: seed)
    let x = try Matrix(rows: n, columns: d, values: (0..<(n * d)).map { _ in random.uniform() })
    let y = (0..<n).map { i in
        sin(5 * x[i, 0]) + x[i, min(1, d - 1)] * x[i, min(1, d - 1)] + 0.05 * random.normal()
    }
    return (x, y)
}

@Suite struct GaussianProcessTests {
    // Two observations in 1-D, x = 0 and x = 1, with y = 1 and 2; ℓ = 1, s = 1.5, ν = 0.1.
    // With ρ(r) = (1 + √5 r + 5r²/3) e^{−√5 r} (Matérn-5/2) or (1 + √3 r) e^{−√3 r} (Matérn-3/2):
    //   K = [[s + ν, sρ(1)], [sρ(1), s + ν]],  K⁻¹ = [[s + ν, −sρ(1)], [−sρ(1), s + ν]] / det
    //   at x* = 0.3: k* = (sρ(0.3), sρ(0.7)),  μ = k*ᵀK⁻¹y,  σ² = s − k*ᵀK⁻¹k*
    //   log p(y) = −½ yᵀK⁻¹y − ½ log det − log 2π
    @Test(
        "posterior mean, variance and marginal likelihood equal the closed-form two-point example",
        arguments: MaternKernel.Smoothness.allCases)
    func twoPointClosedForm(smoothness: MaternKernel.Smoothness) throws {
        let (s, noise) = (1.5, 0.1)
        let rho: (Double) -> Double =
            switch smoothness {
            case .fiveHalves:
                { r in (1 + 5.0.squareRoot() * r + 5 * r * r / 3) * exp(-5.0.squareRoot() * r) }
            case .threeHalves: { r in (1 + 3.0.squareRoot() * r) * exp(-3.0.squareRoot() * r) }
            }
        let (a, b) = (s + noise, s * rho(1))
        let det = a * a - b * b
        let y = [1.0, 2.0]
        let inverseY = [(a * y[0] - b * y[1]) / det, (-b * y[0] + a * y[1]) / det]
        let k = [s * rho(0.3), s * rho(0.7)]
        let mean = k[0] * inverseY[0] + k[1] * inverseY[1]
        let quadratic = (a * k[0] * k[0] - 2 * b * k[0] * k[1] + a * k[1] * k[1]) / det
        let variance = s - quadratic
        let logLikelihood =
            -0.5 * (y[0] * inverseY[0] + y[1] * inverseY[1]) - 0.5 * log(det) - log(2 * Double.pi)

        let hyperparameters = GPHyperparameters(
            lengthscales: [1], signalVariance: s, noiseVariance: noise, smoothness: smoothness)
        let gp = try GaussianProcess(
            inputs: try Matrix([[0], [1]]), targets: y, hyperparameters: hyperparameters)
        let prediction = try gp.predict(try Matrix([[0.3]]))
        #expect(isClose(prediction.mean[0], mean, tolerance: 1e-12))
        #expect(isClose(prediction.variance[0], variance, tolerance: 1e-12))
        let single = gp.predictionWithGradient(at: [0.3])
        #expect(
            isClose(single.mean, mean, tolerance: 1e-12)
                && isClose(single.variance, variance, tolerance: 1e-12))
        let likelihood = try GaussianProcess.logMarginalLikelihood(
            inputs: gp.inputs, targets: y, hyperparameters: hyperparameters)
        #expect(isClose(likelihood.value, logLikelihood, tolerance: 1e-12))
    }

    @Test("with a tiny noise the posterior interpolates the observations")
    func interpolates() throws {
        let (x, y) = try sample(12, dimension: 2, seed: 1)
        let gp = try GaussianProcess(
            inputs: x, targets: y,
            hyperparameters: GPHyperparameters(
                lengthscales: [0.3, 0.5], signalVariance: 1, noiseVariance: 1e-6))
        let prediction = try gp.predict(x)
        #expect(isClose(prediction.mean, y, tolerance: 1e-4))
        #expect(prediction.variance.allSatisfy { $0 < 1e-5 })
    }

    @Test(
        "the log-marginal-likelihood gradient equals central finite differences",
        arguments: MaternKernel.Smoothness.allCases)
    func likelihoodGradient(smoothness: MaternKernel.Smoothness) throws {
        let (x, y) = try sample(25, dimension: 3, seed: 2)
        let hyperparameters = GPHyperparameters(
            lengthscales: [0.3, 0.7, 1.5], signalVariance: 1.3, noiseVariance: 0.05,
            smoothness: smoothness)
        let analytic = try GaussianProcess.logMarginalLikelihood(
            inputs: x, targets: y, hyperparameters: hyperparameters)
        let theta = hyperparameters.vector
        for k in theta.indices {
            let h = 1e-6
            var plus = theta
            plus[k] += h
            var minus = theta
            minus[k] -= h
            let difference =
                (try GaussianProcess.logMarginalLikelihood(
                    inputs: x, targets: y,
                    hyperparameters: GPHyperparameters(vector: plus, smoothness: smoothness)
                ).value
                    - GaussianProcess.logMarginalLikelihood(
                        inputs: x, targets: y,
                        hyperparameters: GPHyperparameters(vector: minus, smoothness: smoothness)
                    ).value) / (2 * h)
            #expect(
                isClose(
                    analytic.gradient[k], difference, tolerance: 1e-6 * max(1, abs(difference))),
                "θ[\(k)]")
        }
    }

    @Test("the prior's gradient equals finite differences")
    func priorGradient() {
        let prior = HyperparameterPrior()
        let theta = [log(0.4), log(2.0), log(0.8), log(0.01)]
        let analytic = prior.logDensity(GPHyperparameters(vector: theta)).gradient
        for k in theta.indices {
            var plus = theta
            plus[k] += 1e-6
            var minus = theta
            minus[k] -= 1e-6
            let difference =
                (prior.logDensity(GPHyperparameters(vector: plus)).value
                    - prior.logDensity(GPHyperparameters(vector: minus)).value) / 2e-6
            #expect(isClose(analytic[k], difference, tolerance: 1e-6 * max(1, abs(difference))))
        }
    }

    @Test(
        "mean and variance gradients in the inputs equal finite differences",
        arguments: MaternKernel.Smoothness.allCases)
    func predictionGradient(smoothness: MaternKernel.Smoothness) throws {
        let (x, y) = try sample(30, dimension: 3, seed: 3)
        let gp = try GaussianProcess(
            inputs: x, targets: y,
            hyperparameters: GPHyperparameters(
                lengthscales: [0.2, 0.6, 1.1], signalVariance: 0.9, noiseVariance: 1e-3,
                smoothness: smoothness))
        let point = [0.31, 0.42, 0.77]
        let prediction = gp.predictionWithGradient(at: point)
        for j in 0..<3 {
            var plus = point
            plus[j] += 1e-6
            var minus = point
            minus[j] -= 1e-6
            let (p, m) = (gp.predictionWithGradient(at: plus), gp.predictionWithGradient(at: minus))
            #expect(isClose(prediction.meanGradient[j], (p.mean - m.mean) / 2e-6, tolerance: 1e-6))
            #expect(
                isClose(
                    prediction.varianceGradient[j], (p.variance - m.variance) / 2e-6,
                    tolerance: 1e-6))
        }
    }

    @Test(
        "a kriging-believer fantasy keeps the mean, shrinks the variance and equals refitting with the point",
        arguments: MaternKernel.Smoothness.allCases)
    func fantasy(smoothness: MaternKernel.Smoothness) throws {
        let (x, y) = try sample(15, dimension: 2, seed: 4)
        let hyperparameters = GPHyperparameters(
            lengthscales: [0.4, 0.4], signalVariance: 1, noiseVariance: 1e-4, smoothness: smoothness
        )
        let gp = try GaussianProcess(inputs: x, targets: y, hyperparameters: hyperparameters)
        let pending = [0.55, 0.45]
        let probes = try Matrix([[0.55, 0.45], [0.6, 0.4], [0.1, 0.9]])
        let before = try gp.predict(probes)
        let believed = try gp.conditioned(on: pending, value: before.mean[0])
        let after = try believed.predict(probes)
        #expect(isClose(after.mean, before.mean, tolerance: 1e-9))
        // At the fantasy the latent variance drops to about the noise variance (1e-4).
        #expect(after.variance[0] < 1.1e-4 && after.variance[0] < 0.05 * before.variance[0])
        #expect(after.variance[1] < before.variance[1])
        let rebuilt = try GaussianProcess(
            inputs: try Matrix(rows: 16, columns: 2, values: x.storage + pending),
            targets: y + [before.mean[0]],
            hyperparameters: hyperparameters)
        let direct = try rebuilt.predict(probes)
        #expect(isClose(after.variance, direct.variance, tolerance: 1e-10))
    }

    @Test("a factor grown from a cached prefix is bit-identical to one built from scratch")
    func prefixReuse() throws {
        let (x, y) = try sample(150, dimension: 2, seed: 5)
        let hyperparameters = GPHyperparameters(
            lengthscales: [0.3, 0.6], signalVariance: 1, noiseVariance: 1e-3)
        let first = try GaussianProcess(
            inputs: x.rows(at: Array(0..<140)), targets: Array(y.prefix(140)),
            hyperparameters: hyperparameters)
        let grown = try GaussianProcess(
            inputs: x, targets: y, hyperparameters: hyperparameters, prefix: first.factor)
        let scratch = try GaussianProcess(inputs: x, targets: y, hyperparameters: hyperparameters)
        #expect(grown.factor.lower == scratch.factor.lower)
        let direct = try Cholesky(
            hyperparameters.kernel.covariance(
                scaled: hyperparameters.kernel.scaled(x),
                diagonalNoise: hyperparameters.noiseVariance))
        #expect(isClose(grown.factor.lower, direct.lower, tolerance: 1e-10))
    }

    @Test(
        "the MAP fit finds short lengthscales on a wiggly axis and long ones on an irrelevant axis")
    func fitRecoversRelevance() throws {
        var random = RandomSource(seed: 6)
        let n = 40
        let x = try Matrix(rows: n, columns: 2, values: (0..<(2 * n)).map { _ in random.uniform() })
        let y = (0..<n).map { sin(8 * x[$0, 0]) }
        let fit = HyperparameterFitter().fit(
            inputs: x, targets: y, starts: [.defaults(dimension: 2)])
        let lengthscales = fit.hyperparameters.lengthscales
        #expect(lengthscales[0] < 0.5 && lengthscales[1] > 2 * lengthscales[0], "\(lengthscales)")
        #expect(fit.hyperparameters.noiseVariance < 1e-2)
        #expect(fit.negativeLogPosterior.isFinite && fit.evaluations > 0)
    }
}

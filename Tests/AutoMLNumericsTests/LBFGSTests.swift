import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// Known optima:
//   Rosenbrock f(x, y) = (1 − x)² + 100 (y − x²)² has its minimum 0 at (1, 1).
//   ½‖x − a‖² + λ‖x‖₁ is minimized by soft thresholding, xᵢ = sign(aᵢ) max(|aᵢ| − λ, 0):
//   a = [3, −0.5, −2, 0.2], λ = 1 → [2, 0, −1, 0].

private func rosenbrock(_ p: [Double], _ g: inout [Double]) -> Double {
    let (x, y) = (p[0], p[1])
    g[0] = -2 * (1 - x) - 400 * x * (y - x * x)
    g[1] = 200 * (y - x * x)
    return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
}

@Suite struct LBFGSTests {
    @Test("finds the Rosenbrock minimum at (1, 1) from (−1.2, 1)")
    func rosenbrockMinimum() {
        let minimizer = LBFGS(maximumIterations: 500, gradientTolerance: 1e-10)
        let result = minimizer.minimize(from: [-1.2, 1], objective: rosenbrock)
        #expect(result.isConverged)
        #expect(isClose(result.point, [1, 1], tolerance: 1e-7), "point \(result.point)")
        #expect(result.value < 1e-14)
        #expect(result.largestGradient <= 1e-10 || result.value < 1e-20)
        #expect(result.iterations > 10 && result.iterations < 200)
    }

    @Test("solves an ill-conditioned quadratic with condition number 10⁴")
    func illConditionedQuadratic() {
        // f = ½ Σ cᵢ (xᵢ − i)², cᵢ from 1 to 10⁴: minimum at xᵢ = i.
        let n = 20
        let curvature = (0..<n).map { pow(1e4, Double($0) / Double(n - 1)) }
        // The relative-reduction test is switched off so only the gradient test can stop it.
        let minimizer = LBFGS(
            maximumIterations: 1000, gradientTolerance: 1e-8, relativeReductionTolerance: 0)
        let result = minimizer.minimize(from: [Double](repeating: 0, count: n)) { x, g in
            var f = 0.0
            for i in 0..<n {
                let r = x[i] - Double(i)
                f += 0.5 * curvature[i] * r * r
                g[i] = curvature[i] * r
            }
            return f
        }
        #expect(result.isConverged)
        #expect(isClose(result.point, (0..<n).map(Double.init), tolerance: 1e-8))
        #expect(result.largestGradient <= 1e-8)
    }

    @Test("with L1 weights (OWL-QN) it soft-thresholds to exact zeros")
    func softThresholding() {
        let a = [3.0, -0.5, -2, 0.2]
        let minimizer = LBFGS(
            maximumIterations: 100, gradientTolerance: 1e-12, l1Weights: [1, 1, 1, 1])
        let result = minimizer.minimize(from: [0, 0, 0, 0]) { x, g in
            var f = 0.0
            for i in x.indices {
                f += 0.5 * (x[i] - a[i]) * (x[i] - a[i])
                g[i] = x[i] - a[i]
            }
            return f
        }
        #expect(result.isConverged)
        #expect(isClose(result.point, [2, 0, -1, 0], tolerance: 1e-10), "point \(result.point)")
        #expect(result.point[1] == 0 && result.point[3] == 0)
        // F = ½(1 + 0.25 + 1 + 0.04) + (2 + 1) = 4.145.
        #expect(isClose(result.value, 4.145, tolerance: 1e-10))
    }

    @Test("a zero L1 weight leaves that coordinate unpenalized")
    func partialL1() {
        let a = [0.5, 0.5]
        let minimizer = LBFGS(gradientTolerance: 1e-12, l1Weights: [1, 0])
        let result = minimizer.minimize(from: [0, 0]) { x, g in
            g[0] = x[0] - a[0]
            g[1] = x[1] - a[1]
            return 0.5 * ((x[0] - a[0]) * (x[0] - a[0]) + (x[1] - a[1]) * (x[1] - a[1]))
        }
        #expect(result.point[0] == 0)
        #expect(isClose(result.point[1], 0.5, tolerance: 1e-10))
    }

    @Test("stops at the iteration limit and says it did not converge")
    func iterationLimit() {
        let result = LBFGS(maximumIterations: 3, gradientTolerance: 1e-12).minimize(
            from: [-1.2, 1], objective: rosenbrock)
        #expect(result.iterations == 3)
        #expect(!result.isConverged)
        #expect(result.value < 24.2)  // f(−1.2, 1) = 24.2: every accepted step decreases f
    }

    @Test("a start where the objective is not finite is returned unconverged")
    func nonFiniteStart() {
        let result = LBFGS().minimize(from: [1]) { _, g in
            g[0] = 0
            return .nan
        }
        #expect(!result.isConverged)
        #expect(result.iterations == 0)
        #expect(result.evaluations == 1)
    }
}

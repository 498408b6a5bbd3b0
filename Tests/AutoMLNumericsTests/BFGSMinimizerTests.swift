import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct BFGSMinimizerTests {
    @Test("minimizes the Rosenbrock valley from the classic start (−1.2, 1) to (1, 1)")
    func rosenbrock() throws {
        let result = try BFGSMinimizer(maximumIterations: 500, gradientTolerance: 1e-10).minimize(
            from: [-1.2, 1]
        ) { x, g in
            let (a, b) = (1 - x[0], x[1] - x[0] * x[0])
            g[0] = -2 * a - 400 * x[0] * b
            g[1] = 200 * b
            return a * a + 100 * b * b
        }
        #expect(isClose(result.point, [1, 1], tolerance: 1e-5), "ended at \(result.point)")
        #expect(result.value < 1e-10)
        #expect(result.converged)
        #expect(result.evaluations >= result.iterations)
    }

    @Test("finds the exact minimum of a convex quadratic in a few iterations")
    func quadratic() throws {
        // f = (x − 3)² + 10 (y + 2)² + (z − 0.5)², minimum 0 at (3, −2, 0.5).
        let result = try BFGSMinimizer().minimize(from: [0, 0, 0]) { x, g in
            g[0] = 2 * (x[0] - 3)
            g[1] = 20 * (x[1] + 2)
            g[2] = 2 * (x[2] - 0.5)
            return (x[0] - 3) * (x[0] - 3) + 10 * (x[1] + 2) * (x[1] + 2) + (x[2] - 0.5)
                * (x[2] - 0.5)
        }
        #expect(isClose(result.point, [3, -2, 0.5], tolerance: 1e-6))
        #expect(result.iterations < 30)
    }

    @Test("returns the best finite point when the objective is infinite outside a region")
    func nonFiniteValues() throws {
        // f = (x − 2)² on x < 1.5 and +∞ beyond: the best reachable point is near 1.5.
        let result = try BFGSMinimizer(maximumIterations: 50).minimize(from: [0]) { x, g in
            guard x[0] < 1.5 else { return .infinity }
            g[0] = 2 * (x[0] - 2)
            return (x[0] - 2) * (x[0] - 2)
        }
        #expect(result.value.isFinite)
        #expect(result.point[0] < 1.5 && result.point[0] >= 0)
        #expect(
            isClose(result.value, (result.point[0] - 2) * (result.point[0] - 2), tolerance: 1e-12))
    }

    @Test(
        "the function-tolerance test stops once an iteration gains less than that fraction of the value"
    )
    func functionTolerance() throws {
        // f = 10⁶ + Σᵢ (i + 1)(xᵢ − 1)² in 10-D: gains are small next to |f|, so a relative
        // tolerance of 10⁻⁶ (a gain under 1) stops early, where the gradient test alone goes on
        // to the minimum at (1, …, 1).
        let objective: BFGSMinimizer.Objective = { x, g in
            var f = 1e6
            for i in 0..<x.count {
                g[i] = 2 * Double(i + 1) * (x[i] - 1)
                f += Double(i + 1) * (x[i] - 1) * (x[i] - 1)
            }
            return f
        }
        let start = [Double](repeating: 30, count: 10)
        let stalled = try BFGSMinimizer(gradientTolerance: 1e-9, functionTolerance: 1e-6).minimize(
            from: start, objective)
        let polished = try BFGSMinimizer(gradientTolerance: 1e-9).minimize(from: start, objective)
        #expect(stalled.converged)
        #expect(
            stalled.iterations < polished.iterations,
            "\(stalled.iterations) vs \(polished.iterations)")
        #expect(stalled.value < 1e6 + 50 && stalled.value > polished.value, "\(stalled.value)")
        #expect(isClose(polished.point, [Double](repeating: 1, count: 10), tolerance: 1e-6))
    }

    @Test("refuses an empty start")
    func emptyStart() {
        #expect(throws: NumericError.self) {
            _ = try BFGSMinimizer().minimize(from: []) { _, _ in 0 }
        }
    }
}

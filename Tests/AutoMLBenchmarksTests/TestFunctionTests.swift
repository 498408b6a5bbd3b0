import AutoMLBenchmarks
import AutoMLNumerics
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct TestFunctionTests {
    @Test(
        "each function equals its known minimum at its minimizer, and nowhere lower among 2,000 random points",
        arguments: TestFunctionCatalog.names)
    func minimum(name: String) throws {
        let function = try TestFunctionCatalog.function(named: name)
        #expect(function.minimizer.count == function.dimension)
        let atMinimizer = function(function.minimizer)
        #expect(atMinimizer >= function.minimum - 1e-12)
        #expect(atMinimizer - function.minimum < 1e-9, "f(x*) = \(atMinimizer)")
        #expect(function.value(at: function.configuration(at: function.minimizer)) == atMinimizer)
        #expect(function.searchSpace.contains(function.configuration(at: function.minimizer)))
        var random = RandomSource(seed: 1)
        for _ in 0..<2000 {
            let configuration = function.searchSpace.configuration {
                $0.value(atUnit: random.uniform())
            }
            let value = try #require(function.value(at: configuration))
            #expect(value > function.minimum)
        }
    }

    @Test("known values away from the minimum")
    func knownValues() {
        // Branin's other two minima; its value at the origin.
        #expect(isClose(Branin()([-Double.pi, 12.275]), 0.397887357729738, tolerance: 1e-12))
        #expect(isClose(Branin()([9.42478, 2.475]), 0.397887357729738, tolerance: 1e-9))
        #expect(isClose(Branin()([0, 0]), 55.602112642270264, tolerance: 1e-9))
        // Rosenbrock at the origin: (1 − 0)² per term.
        #expect(Rosenbrock(dimension: 4)([0, 0, 0, 0]) == 3)
        #expect(Rosenbrock(dimension: 4).name == "rosenbrock4")
        // Ackley at (1, …, 1): −20·e^−0.2 − e¹ + 20 + e (cos 2π = 1).
        #expect(
            isClose(Ackley(dimension: 5)([1, 1, 1, 1, 1]), 20 - 20 * exp(-0.2), tolerance: 1e-12))
        // Hartmann-6 at the centre of the cube (reference: functions.py).
        #expect(
            isClose(
                Hartmann6()([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), -0.5053149917022333, tolerance: 1e-10))
    }

    @Test("known values of the held-out functions")
    func heldOutValues() {
        // Styblinski–Tang at the origin is 0; at (1, 1, 1, 1) each term is (1 − 16 + 5)/2 = −5.
        #expect(StyblinskiTang(dimension: 4)([0, 0, 0, 0]) == 0)
        #expect(StyblinskiTang(dimension: 4)([1, 1, 1, 1]) == -20)
        // Levy at x = −3 (w = 0): sin²(0) = 0, each middle term 1·(1 + 10 sin²(1)),
        // the last 1·(1 + sin²(0)) = 1.
        let s1 = sin(1.0)
        #expect(
            isClose(
                Levy(dimension: 4)([-3, -3, -3, -3]), 3 * (1 + 10 * s1 * s1) + 1, tolerance: 1e-12))
        // Six-hump camel at (1, 1): (4 − 2.1 + 1/3) + 1 + 0.
        #expect(isClose(SixHumpCamel()([1, 1]), 4 - 2.1 + 1.0 / 3 + 1, tolerance: 1e-12))
        #expect(isClose(Hartmann3()([0.5, 0.5, 0.5]), -0.6280220150705937, tolerance: 1e-12))
    }

    @Test("unknown names are refused, listing the known ones")
    func unknown() {
        #expect(
            throws: BenchmarkError.unknownTestFunction(
                name: "sphere",
                available: [
                    "branin", "hartmann6", "rosenbrock4", "ackley5",
                    "hartmann3", "six_hump_camel", "styblinski_tang4", "levy4",
                ])
        ) {
            try TestFunctionCatalog.function(named: "sphere")
        }
    }
}

import AutoMLBenchmarks
import AutoML
import AutoMLTestSupport
import Testing

@Suite struct OptimizerBenchmarkTests {
    @Test("checkpoints are 25, 50, 100, 200, 500, … up to the budget, and the budget itself")
    func checkpoints() {
        #expect(OptimizerBenchmark.checkpoints(budget: 10) == [10])
        #expect(OptimizerBenchmark.checkpoints(budget: 100) == [25, 50, 100])
        #expect(OptimizerBenchmark.checkpoints(budget: 150) == [25, 50, 100, 150])
        #expect(OptimizerBenchmark.checkpoints(budget: 1000) == [25, 50, 100, 200, 500, 1000])
        #expect(
            OptimizerBenchmark.checkpoints(budget: 2500) == [
                25, 50, 100, 200, 500, 1000, 2000, 2500,
            ])
    }

    @Test(
        "a tiny benchmark gives one regret row per function, sampler and checkpoint, and the overhead rows"
    )
    func tinyRun() throws {
        let benchmark = try OptimizerBenchmark(
            functions: ["branin", "ackley5"], samplers: ["random", "sobol"], budget: 30, seeds: 3,
            overheadObservations: [5, 20], overheadRepeats: 2)
        let rows = try benchmark.run()
        let regret = rows.filter { $0.kind == "regret" }
        #expect(regret.count == 2 * 2 * 2)
        #expect(Set(regret.compactMap(\.evaluations)) == [25, 30])
        for row in regret {
            let median = try #require(row.medianLog10Regret)
            let q25 = try #require(row.q25Log10Regret)
            let q75 = try #require(row.q75Log10Regret)
            #expect(q25 <= median && median <= q75)
            #expect(isClose(try #require(row.iqrLog10Regret), q75 - q25, tolerance: 1e-12))
            #expect(median >= -12 && median < 3)
            #expect(row.seeds == 3 && row.secondsPerSuggestion >= 0)
        }
        // More evaluations never raise the best so far.
        for sampler in ["random", "sobol"] {
            let branin = regret.filter { $0.function == "branin" && $0.sampler == sampler }
            #expect(
                try #require(branin.last?.q75Log10Regret)
                    <= (try #require(branin.first?.q75Log10Regret)))
        }
        let overhead = rows.filter { $0.kind == "overhead" }
        #expect(overhead.map(\.observations) == [5, 20, 5, 20])
        #expect(overhead.allSatisfy { $0.function == "hartmann6" && $0.repeats == 2 })
    }

    @Test("regrets do not depend on running seeds on two threads")
    func parallelSeeds() throws {
        let serial = try OptimizerBenchmark(
            functions: ["hartmann6"], samplers: ["random", "sobol"], budget: 25, seeds: 4, jobs: 1,
            overheadObservations: [])
        let parallel = try OptimizerBenchmark(
            functions: ["hartmann6"], samplers: ["random", "sobol"], budget: 25, seeds: 4, jobs: 2,
            overheadObservations: [])
        let a = try serial.run()
        let b = try parallel.run()
        #expect(a.map(\.medianLog10Regret) == b.map(\.medianLog10Regret))
        #expect(a.map(\.q25Log10Regret) == b.map(\.q25Log10Regret))
    }

    @Test(
        "batches: Sobol's regrets do not depend on the batch size, and the GP in batches of 4 still solves Branin"
    )
    func batches() throws {
        let sequential = try OptimizerBenchmark(
            functions: ["hartmann6"], samplers: ["sobol"], budget: 30, seeds: 2,
            overheadObservations: [])
        let batched = try OptimizerBenchmark(
            functions: ["hartmann6"], samplers: ["sobol"], budget: 30, seeds: 2, batch: 4,
            overheadObservations: [])
        let a = try sequential.run()
        let b = try batched.run()
        #expect(a.map(\.medianLog10Regret) == b.map(\.medianLog10Regret))
        #expect(a.allSatisfy { $0.batch == 1 } && b.allSatisfy { $0.batch == 4 })

        let gp = try OptimizerBenchmark(
            functions: ["branin"], samplers: ["gp"], budget: 40, seeds: 2, batch: 4,
            overheadObservations: [])
        let atBudget = try #require(try gp.run().last)
        #expect(atBudget.evaluations == 40)
        // Well within 10⁻² of Branin's minimum (the command over seeds 0–2 gives a median of −4.34).
        #expect(try #require(atBudget.q75Log10Regret) < -2)
    }

    @Test("unknown functions and samplers are refused")
    func unknownNames() {
        #expect(throws: BenchmarkError.self) {
            try OptimizerBenchmark(functions: ["nope"], samplers: ["random"])
        }
        #expect(throws: OptimizerError.self) {
            try OptimizerBenchmark(functions: ["branin"], samplers: ["nope"])
        }
    }
}

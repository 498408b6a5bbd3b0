import AutoMLNumerics
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStudy
import AutoMLTestSupport
import AutoMLBenchmarks
import Foundation
import Testing

@Suite struct SobolSamplerTests {
    @Test(
        "the Sobol and random samplers meet the sampler contract (conditional spaces never get inactive parameters)",
        arguments: ["random", "sobol"])
    func conformance(name: String) throws {
        let entry = try #require(SamplerCatalog.entries.first { $0.name == name })
        let violations = try SamplerConformance.violations(entry.make)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("one at a time or all at once, trial i gets point i of the sequence")
    func stateless() throws {
        let space = Branin().searchSpace
        let sampler = SobolSampler(seed: 4)
        let batch = try sampler.suggest(16, in: space, history: StudyHistory())
        var history = StudyHistory()
        var sequential: [Configuration] = []
        for number in 0..<16 {
            let next = try #require(try sampler.suggest(1, in: space, history: history).first)
            sequential.append(next)
            history.trials.append(
                TrialRecord(
                    number: number, state: number % 5 == 2 ? .failed : .complete,
                    configuration: next, values: [1]))
        }
        #expect(batch == sequential)
        // The first 16 trials cover each sixteenth of x1's range once.
        let strata = Set(batch.compactMap { $0["x1"]?.number }.map { Int(($0 + 5) / 15 * 16) })
        #expect(strata.count == 16)
    }

    @Test("categorical choices are drawn in equal shares by the first 2^m points")
    func balancedChoices() throws {
        let space = try SearchSpace(
            yaml:
                "parameters:\n  kernel: {type: categorical, choices: [a, b, c, d]}\n  x: {type: float, low: 0, high: 1}"
        )
        let suggestions = try SobolSampler(seed: 1).suggest(64, in: space, history: StudyHistory())
        var counts: [ParameterValue: Int] = [:]
        for configuration in suggestions {
            counts[configuration["kernel"] ?? .string("?"), default: 0] += 1
        }
        #expect(counts.values.allSatisfy { $0 == 16 }, "\(counts)")
    }

    @Test("above 40 searched parameters it falls back to random draws, still valid and seeded")
    func wideSpaceFallback() throws {
        let space = SearchSpace(
            unordered: (0..<45).map {
                Parameter(name: "p\($0)", domain: .float(low: 0, high: 1, log: false, step: nil))
            })
        let a = try SobolSampler(seed: 2).suggest(3, in: space, history: StudyHistory())
        #expect(a == (try RandomSampler(seed: 2).suggest(3, in: space, history: StudyHistory())))
        #expect(a.allSatisfy { space.contains($0) })
    }

    @Test("a space of fixed parameters only gets its fixed values")
    func onlyFixed() throws {
        let space = SearchSpace(unordered: [Parameter(name: "jobs", domain: .fixed(.integer(1)))])
        let suggestions = try SobolSampler(seed: 0).suggest(2, in: space, history: StudyHistory())
        #expect(
            suggestions == [
                Configuration(["jobs": .integer(1)]), Configuration(["jobs": .integer(1)]),
            ])
    }

    @Test("the catalog makes samplers by name and refuses unknown names, listing the known ones")
    func catalog() throws {
        #expect(SamplerCatalog.names.starts(with: ["random", "sobol"]))
        #expect(try SamplerCatalog.make(name: "sobol", seed: 3).name == "sobol")
        #expect(throws: OptimizerError.unknownSampler(name: "tpe", available: SamplerCatalog.names))
        {
            try SamplerCatalog.make(name: "tpe", seed: 0)
        }
        #expect(
            OptimizerError.unknownSampler(name: "tpe", available: ["random", "sobol"]).description
                == "Unknown sampler 'tpe'; use one of random, sobol.")
    }
}

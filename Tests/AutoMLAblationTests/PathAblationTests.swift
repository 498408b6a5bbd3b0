import AutoMLAblation
import AutoMLSearchSpace
import AutoMLStudy
import Foundation
import Synchronization
import Testing

/// An objective with a known structure: the score is the sum of the weights of the parameters
/// at their target values, plus a repeat-dependent jitter much smaller than any weight.
final class KnownPathEvaluator: AblationEvaluator {
    let weights: [String: Double]
    let target: Configuration
    let jitter: Double
    let calls = Mutex(0)

    init(weights: [String: Double], target: Configuration, jitter: Double) {
        self.weights = weights
        self.target = target
        self.jitter = jitter
    }

    func score(_ configuration: Configuration, repeat index: Int) async throws -> Double {
        calls.withLock { $0 += 1 }
        var score = 0.0
        for (name, weight) in weights where configuration[name] == target[name] { score += weight }
        return score + jitter * Double(index % 3 - 1)
    }
}

@Suite struct PathAblationTests {
    let space = SearchSpace(unordered: [
        Parameter(name: "a", domain: .float(low: 0, high: 1, log: false, step: nil)),
        Parameter(name: "b", domain: .integer(low: 1, high: 10, log: false, step: 1)),
        Parameter(name: "c", domain: .categorical([.string("x"), .string("y")])),
        Parameter(name: "d", domain: .float(low: 0, high: 1, log: false, step: nil)),
        Parameter(
            name: "c.child", domain: .float(low: 0, high: 1, log: false, step: nil),
            conditions: [Condition(parent: "c", values: [.string("y")])]),
    ])
    let source = Configuration([
        "a": .real(0.1), "b": .integer(1), "c": .string("x"), "d": .real(0.5),
    ])
    let target = Configuration([
        "a": .real(0.9), "b": .integer(7), "c": .string("y"), "c.child": .real(0.3),
        "d": .real(0.5),
    ])

    @Test(
        "path ablation of a three-parameter change reconstructs the known order, with gains and noise"
    )
    func knownOrder() async throws {
        let evaluator = KnownPathEvaluator(
            weights: ["a": 1, "b": 5, "c": 3], target: target, jitter: 0.01)
        let (sourceScore, steps, configurations) = try await PathAblation.run(
            from: source, to: target, space: space, evaluator: evaluator, direction: .maximize,
            repeats: 3)
        #expect(abs(sourceScore) < 1e-9)
        #expect(steps.map(\.parameter) == ["b", "c", "a"])
        #expect(steps.map(\.gain).map { ($0 * 1000).rounded() / 1000 } == [5, 3, 1])
        #expect(steps.allSatisfy { $0.isSignificant && !$0.predicted })
        // The conditional child came with its parent, valued as in the target.
        #expect(configurations[1]["c.child"] == .real(0.3))
        #expect(configurations.last == target)
        // d never differed; 3 + 2 + 1 candidate changes and the source, three repeats each.
        let calls: Int = evaluator.calls.withLock { $0 }
        #expect(calls == 21)
    }

    @Test(
        "a change smaller than the noise is marked as within noise; minimizing reverses the gains")
    func noise() async throws {
        let evaluator = KnownPathEvaluator(
            weights: ["a": 0.001, "b": 5, "c": 3], target: target, jitter: 0.2)
        let (_, steps, _) = try await PathAblation.run(
            from: source, to: target, space: space, evaluator: evaluator, direction: .maximize,
            repeats: 3)
        let a = try #require(steps.first { $0.parameter == "a" })
        #expect(!a.isSignificant)
        #expect(steps.first?.parameter == "b" && steps.first?.isSignificant == true)
        let losses = KnownPathEvaluator(
            weights: ["a": -1, "b": -5, "c": -3], target: target, jitter: 0)
        let (_, minimized, _) = try await PathAblation.run(
            from: source, to: target, space: space, evaluator: losses, direction: .minimize,
            repeats: 1, noise: 0.1)
        #expect(minimized.map(\.parameter) == ["b", "c", "a"])
        #expect(minimized.allSatisfy { $0.gain > 0 })
    }

    @Test("leave-one-out resets each parameter alone and orders them by the loss")
    func leaveOneOut() async throws {
        let evaluator = KnownPathEvaluator(
            weights: ["a": 1, "b": 5, "c": 3], target: target, jitter: 0)
        let entries = try await LeaveOneOut.run(
            from: source, to: target, space: space, evaluator: evaluator, direction: .maximize,
            repeats: 1, noise: 0.1)
        #expect(entries.map(\.parameter) == ["b", "c", "a"])
        #expect(entries.map(\.loss) == [5, 3, 1])
    }

    @Test("refinement's restricted sampler searches only the free parameters")
    func restricted() throws {
        let sampler = RestrictedSampler(
            base: UniformTestSampler(seed: 3), anchor: target, free: ["a"])
        let suggestions = try sampler.suggest(
            20, in: space, history: StudyHistory(directions: [.maximize]))
        #expect(suggestions.count == 20)
        for configuration in suggestions {
            #expect(configuration["b"] == .integer(7) && configuration["c"] == .string("y"))
            #expect(configuration["c.child"] == .real(0.3) && configuration["d"] == .real(0.5))
            #expect(space.contains(configuration))
        }
        #expect(Set(suggestions.compactMap { $0["a"] }).count > 10)
    }
}

/// Draws every searched parameter uniformly (the tests' stand-in for the GP).
struct UniformTestSampler: Sampler {
    var seed: UInt64
    var name: String { "uniform-test" }

    func suggest(_ count: Int, in space: SearchSpace, history: StudyHistory) throws
        -> [Configuration]
    {
        var state = seed &+ UInt64(history.trials.count)
        return (0..<count).map { _ in
            space.configuration { parameter in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return parameter.value(atUnit: Double(state >> 11) / Double(1 << 53))
            }
        }
    }
}

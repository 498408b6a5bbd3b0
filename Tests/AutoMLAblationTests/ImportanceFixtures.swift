import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLStudy

/// Studies with known structure, built as trial records (no study runs): configurations drawn
/// uniformly from the unit cube, the value a known function of them plus optional noise.
enum ImportanceFixtures {
    /// A space of `dimension` floats `x1 … xd` on [0, 1].
    static func cube(_ dimension: Int) -> SearchSpace {
        SearchSpace(
            unordered: (1...dimension).map {
                Parameter(name: "x\($0)", domain: .float(low: 0, high: 1, log: false, step: nil))
            })
    }

    /// `count` complete trials at uniform points of the `dimension`-cube, valued
    /// `f(x) + noise · N(0, 1)`, minimized.
    static func history(
        count: Int, dimension: Int, noise: Double = 0, seed: UInt64 = 1,
        _ f: ([Double]) -> Double
    ) -> StudyHistory {
        var random = RandomSource(seed: seed)
        let trials = (0..<count).map { number in
            let x = (0..<dimension).map { _ in random.uniform() }
            var values: [String: ParameterValue] = [:]
            for (index, value) in x.enumerated() { values["x\(index + 1)"] = .real(value) }
            return TrialRecord(
                number: number, state: .complete, configuration: Configuration(values),
                values: [f(x) + noise * random.normal()])
        }
        return StudyHistory(directions: [.minimize], trials: trials)
    }

    /// The conditional space `learner ∈ {a, b}`, `z` ∈ [0, 1] always active, `a.x` ∈ [0, 1]
    /// only when `learner = a`, `b.y` ∈ [0, 1] only when `learner = b`.
    static var conditionalSpace: SearchSpace {
        SearchSpace(unordered: [
            Parameter(name: "learner", domain: .categorical([.string("a"), .string("b")])),
            Parameter(name: "z", domain: .float(low: 0, high: 1, log: false, step: nil)),
            Parameter(
                name: "a.x", domain: .float(low: 0, high: 1, log: false, step: nil),
                conditions: [Condition(parent: "learner", values: [.string("a")])]),
            Parameter(
                name: "b.y", domain: .float(low: 0, high: 1, log: false, step: nil),
                conditions: [Condition(parent: "learner", values: [.string("b")])]),
        ])
    }

    /// Trials of ``conditionalSpace`` holding only their active parameters: under `a` the loss
    /// is `10 (a.x − 0.2)² + z`, under `b` it is `5 + z + 0.01 b.y` (`b.y` barely matters).
    static func conditionalHistory(count: Int, seed: UInt64 = 3) -> StudyHistory {
        var random = RandomSource(seed: seed)
        let trials = (0..<count).map { number in
            let z = random.uniform()
            let isA = random.uniform() < 0.5
            let inner = random.uniform()
            let configuration: Configuration
            let value: Double
            if isA {
                configuration = Configuration([
                    "learner": .string("a"), "z": .real(z), "a.x": .real(inner),
                ])
                value = 10 * (inner - 0.2) * (inner - 0.2) + z
            } else {
                configuration = Configuration([
                    "learner": .string("b"), "z": .real(z), "b.y": .real(inner),
                ])
                value = 5 + z + 0.01 * inner
            }
            return TrialRecord(
                number: number, state: .complete, configuration: configuration, values: [value])
        }
        return StudyHistory(directions: [.minimize], trials: trials)
    }
}

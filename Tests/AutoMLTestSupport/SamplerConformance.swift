import AutoML
import Foundation

/// What every ``Sampler`` must do, checked the same way for each implementation:
///
///     @Test("the GP sampler meets the sampler contract")
///     func conformance() throws {
///         let violations = try SamplerConformance.violations { GPSampler(seed: $0) }
///         #expect(violations.isEmpty, "\(violations)")
///     }
///
/// Checks, on a mixed conditional space (log float, stepped int, categorical with a sub-space,
/// a condition with two parents, a fixed parameter) over a history of complete, failed and
/// running trials: the count asked for is returned; every configuration holds exactly the
/// active parameters with legal values (never an inactive one); the same seed and history
/// give the same suggestions and another seed different ones; an empty history and a count of
/// zero work.
public enum SamplerConformance {
    /// The space the checks run on.
    public static let space: SearchSpace = {
        let yaml = """
            parameters:
              learner: {type: categorical, choices: [svm, forest, constant]}
              svm.kernel: {type: categorical, choices: [rbf, poly, linear], when: {learner: svm}}
              svm.c: {type: float, low: 1.0e-3, high: 1000, log: true, when: {learner: svm}}
              svm.gamma: {type: float, low: 1.0e-4, high: 10, log: true, when: {learner: svm, svm.kernel: [rbf, poly]}}
              svm.degree: {type: int, low: 2, high: 5, when: {svm.kernel: poly}}
              forest.trees: {type: int, low: 10, high: 500, step: 10, when: {learner: forest}}
              forest.depth: {type: int, low: 1, high: 64, log: true, when: {learner: forest}}
              scale: {type: float, low: 0, high: 1, step: 0.125}
              jobs: {type: fixed, value: 1}
            """
        do { return try SearchSpace(yaml: yaml) } catch {
            fatalError("conformance space: \(error)")
        }
    }()

    /// A history of 12 complete, 2 failed and 2 running trials drawn from ``space``.
    public static func history() -> StudyHistory {
        var random = RandomSource(seed: 99)
        var trials: [TrialRecord] = []
        for number in 0..<16 {
            let configuration = space.configuration { $0.value(atUnit: random.uniform()) }
            let state: TrialState =
                number % 8 == 3 ? .failed : (number >= 14 ? .running : .complete)
            trials.append(
                TrialRecord(
                    number: number, state: state, configuration: configuration,
                    values: state == .complete ? [random.uniform()] : nil,
                    startedAt: Date(timeIntervalSince1970: 0),
                    failureReason: state == .failed ? "diverged" : nil))
        }
        return StudyHistory(directions: [.minimize], trials: trials)
    }

    /// The contract's violations by the sampler `make` builds from a seed (empty: it conforms).
    public static func violations(_ make: (UInt64) -> any Sampler) throws -> [String] {
        var problems: [String] = []
        let history = history()
        for (label, past) in [("empty history", StudyHistory()), ("mixed history", history)] {
            let first = try make(7).suggest(6, in: space, history: past)
            let again = try make(7).suggest(6, in: space, history: past)
            let other = try make(8).suggest(6, in: space, history: past)
            if first.count != 6 { problems.append("\(label): asked for 6, got \(first.count)") }
            if first != again {
                problems.append("\(label): the same seed gave different suggestions")
            }
            if first == other {
                problems.append("\(label): seeds 7 and 8 gave the same suggestions")
            }
            for configuration in first + other where !space.contains(configuration) {
                problems.append(
                    "\(label): \(configuration) is not exactly the active parameters of the space")
            }
            if try !make(7).suggest(0, in: space, history: past).isEmpty {
                problems.append("\(label): a count of 0 returned configurations")
            }
        }
        // Many draws: inactive parameters never appear, every branch is reached.
        var past = StudyHistory()
        var learners = Set<ParameterValue>()
        for number in 0..<60 {
            guard let configuration = try make(3).suggest(1, in: space, history: past).first else {
                problems.append("no suggestion at trial \(number)")
                break
            }
            if !space.contains(configuration) {
                problems.append("trial \(number): \(configuration) has inactive or illegal values")
            }
            if let learner = configuration["learner"] { learners.insert(learner) }
            past.trials.append(
                TrialRecord(
                    number: number, state: .complete, configuration: configuration,
                    values: [Double(number % 7)],
                    startedAt: Date(timeIntervalSince1970: 0)))
        }
        if learners.count != 3 {
            problems.append("60 trials reached only the learners \(learners)")
        }
        return problems
    }
}

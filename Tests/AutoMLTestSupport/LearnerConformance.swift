import AutoML
import Foundation

/// What every learner family in the ``LearnerCatalog`` must do, checked the same way for each:
///
///     @Test("every family meets the learner contract", arguments: LearnerCatalog.families.map(\.name))
///     func conformance(name: String) throws {
///         #expect(LearnerConformance.violations(of: name).isEmpty)
///     }
///
/// On small seeded datasets (3-class classification and regression, for the tasks the family
/// handles): the same seed gives the same model (identical JSON); a JSON round trip gives
/// identical predictions; each hyperparameter rule refuses its violating value, naming the
/// hyperparameter; a single-class target and a feature matrix of the wrong width are refused
/// with ``LearnerError/invalidTrainingData(learner:reason:)`` and
/// ``LearnerError/featureCountMismatch(learner:expected:got:)``.
public enum LearnerConformance {
    /// `rows × 4` features and a target that depends on them, seeded.
    public static func data(_ task: LearningTask, rows: Int = 60, seed: UInt64 = 5) -> TrainingData
    {
        var random = RandomSource(seed: seed)
        var values: [Double] = []
        var labels: [Int] = []
        var targets: [Double] = []
        for _ in 0..<rows {
            let x = (0..<4).map { _ in random.normal() }
            values += x
            let signal = 1.5 * x[0] - x[1] + 0.5 * x[2] * x[3] + 0.3 * random.normal()
            labels.append(signal < -0.5 ? 0 : (signal < 0.5 ? 1 : 2))
            targets.append(10 * signal + 3)
        }
        let features =
            (try? Matrix(rows: rows, columns: 4, values: values)) ?? Matrix(rows: 0, columns: 4)
        switch task {
        case .classification:
            return TrainingData(
                features: features,
                target: .classification(labels: labels, classes: ["a", "b", "c"]))
        case .regression:
            return TrainingData(features: features, target: .regression(targets))
        }
    }

    /// The contract's violations by the catalog family `name` (empty: it conforms).
    public static func violations(of name: String) -> [String] {
        guard let family = LearnerCatalog.family(named: name) else { return ["no family \(name)"] }
        var problems: [String] = []
        for task in LearningTask.allCases where family.handles(task) {
            problems += fitting(family, task).map { "\(name) (\(task.rawValue)): \($0)" }
        }
        problems += rules(family).map { "\(name): \($0)" }
        return problems
    }

    private static func fitting(_ family: LearnerFamily, _ task: LearningTask) -> [String] {
        var problems: [String] = []
        let training = data(task)
        do {
            let learner = try family.learner()
            let first = try learner.fit(training, seed: 7)
            let second = try learner.fit(training, seed: 7)
            if try encoded(first) != encoded(second) {
                problems.append("two fits with seed 7 give different models")
            }
            let back = try roundTripped(first)
            if try encoded(back) != encoded(first) {
                problems.append("the JSON round trip changes the model")
            }
            let probe = data(task, rows: 25, seed: 99).features
            if !identical(try first.predict(probe), try back.predict(probe)) {
                problems.append("the JSON round trip changes predictions")
            }
            let wide = try Matrix(rows: 3, columns: 5, values: [Double](repeating: 0.5, count: 15))
            do {
                _ = try first.predict(wide)
                problems.append("a 5-column matrix was accepted by a 4-column model")
            } catch LearnerError.featureCountMismatch(_, let expected, let got)
                where expected == 4 && got == 5
            {
            } catch {
                problems.append("a 5-column matrix gave \(error), not featureCountMismatch(4, 5)")
            }
        } catch {
            problems.append("fitting failed: \(error)")
        }
        if task == .classification {
            let single = TrainingData(
                features: training.features,
                target: .classification(
                    labels: [Int](repeating: 0, count: training.features.rows), classes: ["a"]))
            do {
                _ = try family.learner().fit(single, seed: 0)
                problems.append("a single-class target was accepted")
            } catch LearnerError.invalidTrainingData {
            } catch {
                problems.append("a single-class target gave \(error), not invalidTrainingData")
            }
        }
        return problems
    }

    private static func rules(_ family: LearnerFamily) -> [String] {
        var problems: [String] = []
        for rule in family.rules {
            let bad = rule.violatingValue
            let value: HyperparameterValue =
                if case .integer = rule, bad.rounded() == bad { .integer(Int(bad)) } else {
                    .real(bad)
                }
            do {
                _ = try family.learner([rule.name: value])
                problems.append("\(rule.name) = \(value) was accepted (rule: \(rule.expectation))")
            } catch LearnerError.invalidHyperparameter(_, let name, _, _) where name == rule.name {
            } catch {
                problems.append(
                    "\(rule.name) = \(value) gave \(error), not an error naming \(rule.name)")
            }
        }
        return problems
    }

    private static func encoded(_ model: some Model) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(model)
    }

    private static func roundTripped<M: Model>(_ model: M) throws -> M {
        try JSONDecoder().decode(M.self, from: try JSONEncoder().encode(model))
    }
}

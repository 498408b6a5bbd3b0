import AutoMLData
import AutoMLEnsemble
import AutoMLLearners
import AutoMLModelSearch
import AutoMLSearchSpace
import AutoMLStudy

/// One component of a model search's result changed: what, by how much the score moves, and
/// the noise of that move.
public struct ComponentChange: Sendable, Codable, Equatable {
    /// `preprocessing.standardize: true → false`, `ensemble member #12 dropped`,
    /// `combiner → plain average`, `learner → random_forest (trial 41)`.
    public var component: String
    /// The score with the change minus the score without it, in the metric's units (for
    /// accuracy a negative change means the component helps).
    public var change: Double
    public var spread: Double
    public var isSignificant: Bool

    private enum CodingKeys: String, CodingKey {
        case component, change, spread
        case isSignificant = "significant"
    }
}

/// Component ablation of a model search's result: each part of the winning pipeline removed or
/// swapped, one at a time — each preprocessing step, each ensemble member, the ensemble's
/// combiner (for plain averaging), and the learner (for the best trial of each other family).
public enum ComponentAblation {
    /// The changes of the best single configuration's preprocessing and learner, re-evaluated
    /// by `evaluator`, and the learner swaps read from the study's trials.
    public static func model(
        best: TrialRecord, trials: [TrialRecord], evaluator: any AblationEvaluator,
        direction: StudyDirection,
        repeats: Int, defaultFamily: String?, noise: Double
    ) async throws -> [ComponentChange] {
        var changes: [ComponentChange] = []
        let configuration = best.configuration
        let (bestScore, bestSpread) = try await PathAblation.evaluate(
            configuration, evaluator, repeats: repeats)
        func significant(_ change: Double, _ spread: Double) -> Bool {
            PathAblation.isSignificant(
                gain: change, spreads: (bestSpread, spread), repeats: repeats, fallback: noise)
        }
        // Preprocessing: standardization off, the other imputation.
        var swaps: [(String, ParameterValue, ParameterValue)] = []
        if case .bool(true)? = configuration["preprocessing.standardize"] {
            swaps.append(("preprocessing.standardize", .bool(true), .bool(false)))
        } else if configuration["preprocessing.standardize"] == nil,
            let model = try? ModelConfiguration(configuration, defaultFamily: defaultFamily),
            model.preprocessing.standardize,
            configuration["learner"] != nil
        {
            swaps.append(("preprocessing.standardize", .bool(true), .bool(false)))
        }
        if case .string(let imputation)? = configuration["preprocessing.imputation"] {
            swaps.append(
                (
                    "preprocessing.imputation", .string(imputation),
                    .string(imputation == "mean" ? "median" : "mean")
                ))
        }
        for (name, from, to) in swaps {
            var values = configuration.values
            values[name] = to
            let (mean, spread) = try await PathAblation.evaluate(
                Configuration(values), evaluator, repeats: repeats)
            changes.append(
                ComponentChange(
                    component: "\(name): \(from) → \(to)", change: mean - bestScore, spread: spread,
                    isSignificant: significant(mean - bestScore, spread)))
        }
        // The learner: the best trial of each other family, as the search found it.
        let family = configuration["learner"]?.description ?? defaultFamily ?? ""
        var byFamily: [String: [TrialRecord]] = [:]
        for trial in trials where trial.state == .complete {
            byFamily[
                trial.configuration["learner"]?.description ?? defaultFamily ?? "", default: []
            ].append(trial)
        }
        for (other, group) in byFamily.sorted(by: { $0.key < $1.key }) where other != family {
            guard let top = StudyHistory.best(of: group, directions: [direction]),
                let value = top.value,
                let bestValue = best.value
            else { continue }
            let spread = top.metrics[.scoreStd] ?? 0
            changes.append(
                ComponentChange(
                    component: "learner → \(other) (its best trial, #\(top.number))",
                    change: value - bestValue,
                    spread: spread,
                    isSignificant: abs(value - bestValue) > 2
                        * (spread + (best.metrics[.scoreStd] ?? 0))
                        / Double(max(Int(best.metrics[.foldsRun] ?? 1), 1)).squareRoot()))
        }
        return changes
    }

    /// The changes of an ensemble built from stored out-of-fold predictions: each member
    /// dropped (the rest recombined with the same settings), and the combiner swapped for a
    /// plain average of the members.
    public static func ensemble(
        _ ensemble: EnsembleRecord, pool: EnsembleMemberPool, target: Target, metric: Metric,
        noise: Double
    ) throws -> [ComponentChange] {
        let members = ensemble.memberTrials.compactMap { id in pool.members.first { $0.id == id } }
        guard members.count == ensemble.memberTrials.count, !members.isEmpty else { return [] }
        var changes: [ComponentChange] = []
        let spread = ensemble.scoreStandardDeviation ?? noise
        if members.count > 1 {
            for member in members {
                let rest = members.filter { $0.id != member.id }
                var settings = ensemble.settings
                settings.memberCount = min(settings.memberCount, rest.count)
                guard
                    let rebuilt = try? EnsembleBuilder.build(
                        settings, from: rest, target: target, metric: metric)
                else {
                    continue
                }
                let change = rebuilt.score - ensemble.score
                changes.append(
                    ComponentChange(
                        component: "ensemble member #\(member.id) dropped", change: change,
                        spread: spread,
                        isSignificant: abs(change) > 2 * spread / Double(5).squareRoot()))
            }
            let average = try Combiner.average(
                weights: [Double](repeating: 1, count: members.count)
            )
            .combine(members.map(\.outOfFold), classCount: target.classes.count)
            let score = try CrossValidation.score(
                average, truth: target, metric: metric, classCount: target.classes.count)
            changes.append(
                ComponentChange(
                    component: "combiner (\(ensemble.settings.strategy.rawValue)) → plain average",
                    change: score - ensemble.score,
                    spread: spread,
                    isSignificant: abs(score - ensemble.score) > 2 * spread / Double(5).squareRoot()
                ))
        }
        return changes
    }
}

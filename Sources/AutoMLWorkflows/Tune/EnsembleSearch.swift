import AutoMLData
import AutoMLEnsemble
import AutoMLLearners
import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLStudy

/// The search over ensemble compositions: the same samplers as the model search, over a space
/// such as `SearchSpaces/ensemble.yaml`, each point built from the model trials' out-of-fold
/// predictions (no member is re-trained), scored by ``EnsembleBuilder``.
public struct EnsembleSearch: Sendable {
    /// One evaluated composition.
    public struct Evaluation: Sendable {
        public var configuration: Configuration
        public var settings: EnsembleSettings
        /// nil when the composition could not be built (the reason is in ``failure``).
        public var ensemble: Ensemble?
        public var failure: String?
    }

    public var space: SearchSpace
    public var sampler: any Sampler
    public var evaluations: Int
    public var seed: UInt64

    public init(space: SearchSpace, sampler: any Sampler, evaluations: Int, seed: UInt64) {
        self.space = space
        self.sampler = sampler
        self.evaluations = evaluations
        self.seed = seed
    }

    /// Runs the search; returns every evaluation and the best one (by the metric).
    public func run(
        members: [EnsembleMember], target: Target, metric: Metric, deadline: ContinuousClock.Instant? = nil
    ) throws -> (all: [Evaluation], best: Evaluation?) {
        var history = StudyHistory(directions: [metric.isHigherBetter ? .maximize : .minimize])
        var all: [Evaluation] = []
        let clock = ContinuousClock()
        for number in 0..<evaluations {
            if let deadline, clock.now >= deadline { break }
            guard let configuration = try sampler.suggest(1, in: space, history: history).first else { break }
            var record = TrialRecord(number: number, configuration: configuration)
            var evaluation: Evaluation
            do {
                let settings = try Self.settings(from: configuration, seed: seed &+ UInt64(number))
                evaluation = Evaluation(configuration: configuration, settings: settings, ensemble: nil, failure: nil)
                let ensemble = try EnsembleBuilder.build(settings, from: members, target: target, metric: metric)
                evaluation.ensemble = ensemble
                record.state = ensemble.score.isFinite ? .complete : .failed
                record.values = ensemble.score.isFinite ? [ensemble.score] : nil
                if !ensemble.score.isFinite { record.failureReason = "non-finite score" }
            } catch {
                evaluation = Evaluation(
                    configuration: configuration, settings: EnsembleSettings(), ensemble: nil, failure: "\(error)")
                record.state = .failed
                record.failureReason = "\(error)"
            }
            record.finishedAt = record.startedAt
            history.trials.append(record)
            all.append(evaluation)
        }
        let best = all.filter { $0.ensemble != nil }.min { a, b in
            let (x, y) = (a.ensemble!.score, b.ensemble!.score)
            return metric.isHigherBetter ? x > y : x < y
        }
        return (all, best)
    }

    /// Reads an ensemble-space configuration: `strategy`, `member_count`, `greedy_iterations`,
    /// `meta_learner` (`linear`/`logistic`/`ridge`, `small_forest`, `small_mlp`),
    /// `meta_regularization` (or `<meta_learner>.c|alpha|max_depth`), `blending_fraction` (or `holdout_fraction`),
    /// `stacking_folds`. Missing keys take ``EnsembleSettings``' defaults.
    /// - Throws: ``TuneError/invalidConfiguration(_:)`` for unknown values.
    public static func settings(from configuration: Configuration, seed: UInt64) throws(TuneError) -> EnsembleSettings {
        var settings = EnsembleSettings(seed: seed)
        for (key, value) in configuration.values {
            switch key {
            case "strategy":
                guard let strategy = EnsembleStrategy(rawValue: value.description) else {
                    throw .invalidConfiguration(
                        "strategy must be one of \(EnsembleStrategy.allCases.map(\.rawValue).joined(separator: ", ")); got \(value)")
                }
                settings.strategy = strategy
            case "member_count":
                settings.memberCount = Int(value.number ?? Double(settings.memberCount))
            case "greedy_iterations":
                settings.greedyIterations = Int(value.number ?? Double(settings.greedyIterations))
            case "meta_learner":
                switch value.description {
                case "linear", "logistic", "ridge", "logistic_regression": settings.metaLearner = .linear
                case "small_forest", "forest", "random_forest": settings.metaLearner = .smallForest
                case "small_mlp", "mlp": settings.metaLearner = .smallMLP
                default: throw .invalidConfiguration("meta_learner must be linear, small_forest or small_mlp; got \(value)")
                }
            case "blending_fraction", "holdout_fraction":
                settings.blendingFraction = value.number ?? settings.blendingFraction
            case "stacking_folds":
                settings.stackingFolds = Int(value.number ?? Double(settings.stackingFolds))
            case "meta_regularization":
                settings.metaRegularization = value.number
            default:
                if key.hasSuffix(".regularization") || key.hasSuffix(".meta_regularization") {
                    settings.metaRegularization = value.number
                } else if key.hasSuffix(".c") || key.hasSuffix(".alpha") || key.hasSuffix(".max_depth") {
                    settings.metaRegularization = value.number
                } else {
                    throw .invalidConfiguration("unknown ensemble setting \(key)")
                }
            }
        }
        do { try settings.validate() } catch { throw .invalidConfiguration(error.description) }
        return settings
    }
}

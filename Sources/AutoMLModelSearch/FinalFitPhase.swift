import AutoMLData
import AutoMLEnsemble
import AutoMLLearners
import AutoMLSearchSpace
import AutoMLStudy

/// What a model search deploys: its best single trial, or an ensemble of trials when the best
/// ensemble scores better.
public enum ModelSearchWinner: Sendable {
    case single(TrialRecord)
    /// The ensemble trial and the ensemble it stored.
    case ensemble(TrialRecord, EnsembleRecord)

    /// The better of `single` and `ensemble` under `direction`: the ensemble only when it
    /// scores strictly better (by more than 1e-12).
    public static func choose(
        single: TrialRecord, ensemble: (trial: TrialRecord, ensemble: EnsembleRecord)?,
        direction: StudyDirection
    ) -> ModelSearchWinner {
        guard let ensemble, let singleValue = single.value,
            direction.loss(ensemble.ensemble.score) < direction.loss(singleValue) - 1e-12
        else { return .single(single) }
        return .ensemble(ensemble.trial, ensemble.ensemble)
    }
}

/// The final-fit phase: the winner's pipelines fitted on all the data.
public struct FinalFitPhase: Sendable {
    public var dataset: Dataset
    public var seed: UInt64
    /// The family of configurations without a `learner` value.
    public var defaultFamily: String?

    public init(dataset: Dataset, seed: UInt64, defaultFamily: String?) {
        self.dataset = dataset
        self.seed = seed
        self.defaultFamily = defaultFamily
    }

    /// The deployable model of `winner`; `modelTrials` are the model study's trials (an
    /// ensemble's members are looked up there by number).
    /// - Throws: ``ModelSearchError`` when a member is missing or a fit fails.
    public func fit(_ winner: ModelSearchWinner, modelTrials: [TrialRecord]) throws -> ModelArtifact
    {
        switch winner {
        case .single(let trial):
            return .single(try pipeline(trial.configuration))
        case .ensemble(_, let ensemble):
            var pipelines: [Pipeline] = []
            for number in ensemble.memberTrials {
                guard let record = modelTrials.first(where: { $0.number == number }) else {
                    throw ModelSearchError.invalidConfiguration(
                        "ensemble member trial \(number) is not in the study")
                }
                pipelines.append(try pipeline(record.configuration))
            }
            return .ensemble(
                EnsemblePipeline(
                    summary: ensemble.summary, members: pipelines, combiner: ensemble.combiner))
        }
    }

    /// The pipeline of `configuration` fitted on all of the dataset.
    /// - Throws: ``ModelSearchError``.
    public func pipeline(_ configuration: Configuration) throws(ModelSearchError) -> Pipeline {
        let model = try ModelConfiguration(configuration, defaultFamily: defaultFamily)
        do {
            return try Pipeline.fit(
                model.learner(), on: dataset, preprocessing: model.preprocessing, seed: seed)
        } catch let error as ModelSearchError {
            throw error
        } catch {
            throw .learner(error as? LearnerError ?? .unreadableModel(reason: "\(error)"))
        }
    }
}

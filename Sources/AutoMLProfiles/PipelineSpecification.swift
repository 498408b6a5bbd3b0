import AutoMLData
import AutoMLEnsemble
import AutoMLLearners
import AutoMLModelSearch

/// A pipeline as a profile states it: every setting needed to fit it again on any data with the
/// same columns — preprocessing and learner with every hyperparameter, or an ensemble of such
/// members with its combiner.
public enum PipelineSpecification: Sendable, Codable {
    case single(ModelSpecification)
    case ensemble(EnsembleSpecification)

    private enum CodingKeys: String, CodingKey {
        case kind, model, ensemble
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(ModelArtifact.Kind.self, forKey: .kind) {
        case .single: self = .single(try container.decode(ModelSpecification.self, forKey: .model))
        case .ensemble:
            self = .ensemble(try container.decode(EnsembleSpecification.self, forKey: .ensemble))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .single(let model):
            try container.encode(ModelArtifact.Kind.single, forKey: .kind)
            try container.encode(model, forKey: .model)
        case .ensemble(let ensemble):
            try container.encode(ModelArtifact.Kind.ensemble, forKey: .kind)
            try container.encode(ensemble, forKey: .ensemble)
        }
    }

    /// Fits the pipeline on `dataset` (an ensemble's members each on all of it; its combiner,
    /// fitted on the search's out-of-fold predictions, is kept).
    /// - Throws: ``ProfileError`` when a member cannot be built or fitted.
    public func fit(on dataset: Dataset, seed: UInt64) throws(ProfileError) -> ModelArtifact {
        switch self {
        case .single(let model):
            return .single(try model.fit(on: dataset, seed: seed))
        case .ensemble(let ensemble):
            var members: [Pipeline] = []
            for member in ensemble.members {
                members.append(try member.fit(on: dataset, seed: seed))
            }
            return .ensemble(
                EnsemblePipeline(
                    summary: ensemble.summary, members: members, combiner: ensemble.combiner))
        }
    }
}

/// One learner with its preprocessing.
public struct ModelSpecification: Sendable, Codable, Equatable {
    /// The learner family (`random_forest`).
    public var learner: String
    /// Every hyperparameter, snake_case keys.
    public var hyperparameters: [String: HyperparameterValue]
    public var preprocessing: PreprocessingSpecification
    /// The model study's trial it came from.
    public var trial: Int?

    public init(_ model: ModelConfiguration, trial: Int?) {
        learner = model.family.name
        hyperparameters = model.family.values(of: model.hyperparameters)
        preprocessing = PreprocessingSpecification(model.preprocessing)
        self.trial = trial
    }

    /// The typed configuration.
    /// - Throws: ``ProfileError/modelSearch(_:)`` for an unknown family or a hyperparameter it
    ///   does not have.
    public func configuration() throws(ProfileError) -> ModelConfiguration {
        guard let family = LearnerCatalog.family(named: learner) else {
            throw .modelSearch(
                .unknownLearner(name: learner, known: LearnerCatalog.families.map(\.name)))
        }
        do {
            return ModelConfiguration(
                family: family, hyperparameters: try family.hyperparameters(hyperparameters),
                preprocessing: preprocessing.settings)
        } catch { throw .modelSearch(.learner(error)) }
    }

    /// The pipeline fitted on `dataset`.
    public func fit(on dataset: Dataset, seed: UInt64) throws(ProfileError) -> Pipeline {
        let model = try configuration()
        do {
            return try Pipeline.fit(
                try model.learner(), on: dataset, preprocessing: model.preprocessing, seed: seed)
        } catch let error as ModelSearchError {
            throw .modelSearch(error)
        } catch let error as LearnerError {
            throw .modelSearch(.learner(error))
        } catch {
            throw .modelSearch(.invalidConfiguration("\(error)"))
        }
    }
}

/// A pipeline's preprocessing.
public struct PreprocessingSpecification: Sendable, Codable, Equatable {
    /// `median` or `mean`.
    public var numericImputation: Imputer.NumericStrategy
    public var standardize: Bool
    public var maximumCategories: Int

    public init(_ settings: PreprocessorSettings) {
        numericImputation = settings.numericImputation
        standardize = settings.standardize
        maximumCategories = settings.maximumCategories
    }

    public var settings: PreprocessorSettings {
        PreprocessorSettings(
            numericImputation: numericImputation, standardize: standardize,
            maximumCategories: maximumCategories)
    }

    private enum CodingKeys: String, CodingKey {
        case standardize
        case numericImputation = "numeric_imputation"
        case maximumCategories = "maximum_categories"
    }
}

/// An ensemble: its members, their weights and the combiner.
public struct EnsembleSpecification: Sendable, Codable {
    /// The strategy (`greedy`, `stacking`, …).
    public var strategy: String
    /// "greedy of 3 members (#4 ×0.52, …)".
    public var summary: String
    public var members: [ModelSpecification]
    public var weights: [Double]
    /// How member predictions are merged (a stacking meta-model included).
    public var combiner: Combiner
    /// The ensemble study's trial it came from.
    public var trial: Int?
}

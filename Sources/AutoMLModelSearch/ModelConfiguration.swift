import AutoMLData
import AutoMLLearners
import AutoMLSearchSpace

/// A sampled configuration read as "which learner family, with which typed hyperparameters and
/// which preprocessing": the one decoder from a search-space ``Configuration`` to a model.
///
/// Naming convention of model search spaces (see docs/search-spaces.md): a categorical
/// `learner` parameter picks the family, and the family's hyperparameters are named
/// `<family>.<snake_case_key>` (what `subspaces:` produces); `preprocessing.imputation`
/// (`median`|`mean`) and `preprocessing.standardize` (bool) choose the preprocessing. A space
/// for a single family may leave out `learner` (the family is then given by the caller, e.g.
/// from the file name) and use the keys unprefixed.
public struct ModelConfiguration: Sendable, Equatable, CustomStringConvertible {
    public var family: LearnerFamily
    /// The family's `Hyperparameters` struct: every hyperparameter, defaults included.
    public var hyperparameters: any LearnerHyperparameters
    public var preprocessing: PreprocessorSettings

    public init(
        family: LearnerFamily, hyperparameters: any LearnerHyperparameters,
        preprocessing: PreprocessorSettings
    ) {
        self.family = family
        self.hyperparameters = hyperparameters
        self.preprocessing = preprocessing
    }

    /// Reads `configuration`.
    /// - Parameters:
    ///   - defaultFamily: the family when the configuration has no `learner` value.
    /// - Throws: ``ModelSearchError/unknownLearner(name:known:)``,
    ///   ``ModelSearchError/invalidConfiguration(_:)``, ``ModelSearchError/learner(_:)`` for a
    ///   hyperparameter the family does not have or of the wrong type.
    public init(_ configuration: Configuration, defaultFamily: String? = nil)
        throws(ModelSearchError)
    {
        let name: String
        switch configuration["learner"] {
        case .string(let value)?: name = value
        case nil:
            guard let defaultFamily else {
                throw .invalidConfiguration(
                    "the configuration has no 'learner' parameter and no family was given")
            }
            name = defaultFamily
        case let other?:
            throw .invalidConfiguration("'learner' must be a family name; got \(other)")
        }
        guard let family = LearnerCatalog.family(named: name) else {
            throw .unknownLearner(name: name, known: LearnerCatalog.families.map(\.name))
        }
        var overrides: [String: HyperparameterValue] = [:]
        var preprocessing = PreprocessorSettings(standardize: family.scalesFeatures)
        let prefix = name + "."
        for (key, value) in configuration.values {
            if key == "learner" { continue }
            if key.hasPrefix("preprocessing.") {
                switch (key, value) {
                case ("preprocessing.imputation", .string(let text)):
                    guard let strategy = Imputer.NumericStrategy(rawValue: text) else {
                        throw .invalidConfiguration(
                            "preprocessing.imputation must be median or mean; got \(text)")
                    }
                    preprocessing.numericImputation = strategy
                case ("preprocessing.standardize", .bool(let flag)):
                    preprocessing.standardize = flag
                default:
                    throw .invalidConfiguration("unknown preprocessing setting \(key)=\(value)")
                }
            } else if key.hasPrefix(prefix) {
                overrides[String(key.dropFirst(prefix.count))] = HyperparameterValue(value)
            } else if !key.contains(".") {
                overrides[key] = HyperparameterValue(value)
            }
            // Keys of other families' sub-spaces cannot be active together with this family.
        }
        do {
            self.init(
                family: family, hyperparameters: try family.hyperparameters(overrides),
                preprocessing: preprocessing)
        } catch {
            throw .learner(error)
        }
    }

    /// The configured learner.
    /// - Throws: ``ModelSearchError/learner(_:)`` for a hyperparameter outside its rule.
    public func learner() throws(ModelSearchError) -> AnyLearner {
        do { return try family.learner(hyperparameters) } catch { throw .learner(error) }
    }

    /// The hyperparameters whose values differ from the family's defaults, as JSON values.
    public var changedValues: [String: HyperparameterValue] {
        let defaults = family.defaultValues
        return family.values(of: hyperparameters).filter { defaults[$0.key] != $0.value }
    }

    /// "random_forest(max_depth=12, tree_count=300)": the family and the hyperparameters that
    /// differ from its defaults.
    public var description: String {
        let parts = changedValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return family.name + "(" + parts.joined(separator: ", ") + ")"
    }

    public static func == (a: ModelConfiguration, b: ModelConfiguration) -> Bool {
        a.family.name == b.family.name && a.preprocessing == b.preprocessing
            && a.hyperparameters.isEqual(to: b.hyperparameters)
    }
}

extension HyperparameterValue {
    /// The JSON value of a search-space parameter value.
    public init(_ value: ParameterValue) {
        switch value {
        case .integer(let integer): self = .integer(integer)
        case .real(let real): self = .real(real)
        case .string(let text): self = .string(text)
        case .bool(let flag): self = .bool(flag)
        }
    }
}

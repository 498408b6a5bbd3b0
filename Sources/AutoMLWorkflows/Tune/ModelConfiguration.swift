import AutoMLData
import AutoMLLearners
import AutoMLSearchSpace

/// A sampled configuration read as "which learner family, with which hyperparameters and which
/// preprocessing".
///
/// Naming convention of model search spaces (see docs/search-spaces.md): a categorical
/// `learner` parameter picks the family, and the family's hyperparameters are named
/// `<family>.<snake_case_key>` (what `subspaces:` produces); `preprocessing.imputation`
/// (`median`|`mean`) and `preprocessing.standardize` (bool) choose the preprocessing. A space
/// for a single family may leave out `learner` (the family is then given by the caller, e.g.
/// from the file name) and use the keys unprefixed.
public struct ModelConfiguration: @unchecked Sendable {
    // @unchecked: `overrides` holds JSON values (String, Int, Double, Bool) only.
    public var family: LearnerFamily
    /// Hyperparameters as snake_case JSON values, on top of the family's defaults.
    public var overrides: [String: Any]
    public var preprocessing: PreprocessorSettings

    /// Reads `configuration`.
    /// - Parameters:
    ///   - defaultFamily: the family when the configuration has no `learner` value.
    /// - Throws: ``TuneError/unknownLearner(name:known:)`` or ``TuneError/invalidConfiguration(_:)``.
    public static func decode(_ configuration: Configuration, defaultFamily: String? = nil) throws(TuneError) -> ModelConfiguration {
        let name: String
        switch configuration["learner"] {
        case .string(let value)?: name = value
        case nil:
            guard let defaultFamily else {
                throw .invalidConfiguration("the configuration has no 'learner' parameter and no family was given")
            }
            name = defaultFamily
        case let other?:
            throw .invalidConfiguration("'learner' must be a family name; got \(other)")
        }
        guard let family = LearnerCatalog.family(named: name) else {
            throw .unknownLearner(name: name, known: LearnerCatalog.families.map(\.name))
        }
        var overrides: [String: Any] = [:]
        var preprocessing = PreprocessorSettings(standardize: family.scalesFeatures)
        let prefix = name + "."
        for (key, value) in configuration.values {
            if key == "learner" { continue }
            if key.hasPrefix("preprocessing.") {
                switch (key, value) {
                case ("preprocessing.imputation", .string(let text)):
                    guard let strategy = Imputer.NumericStrategy(rawValue: text) else {
                        throw .invalidConfiguration("preprocessing.imputation must be median or mean; got \(text)")
                    }
                    preprocessing.numericImputation = strategy
                case ("preprocessing.standardize", .bool(let flag)):
                    preprocessing.standardize = flag
                default:
                    throw .invalidConfiguration("unknown preprocessing setting \(key)=\(value)")
                }
            } else if key.hasPrefix(prefix) {
                overrides[String(key.dropFirst(prefix.count))] = value.jsonObject
            } else if !key.contains(".") {
                overrides[key] = value.jsonObject
            }
            // Keys of other families' sub-spaces cannot be active together with this family.
        }
        return ModelConfiguration(family: family, overrides: overrides, preprocessing: preprocessing)
    }

    /// The configured learner.
    /// - Throws: ``TuneError/learner(_:)`` for a hyperparameter the family refuses.
    public func learner() throws(TuneError) -> AnyLearner {
        do { return try family.learner(overrides) } catch { throw .learner(error) }
    }

    /// "random_forest(max_depth=12, tree_count=300)".
    public var description: String {
        let parts = overrides.keys.sorted().map { "\($0)=\(overrides[$0]!)" }
        return family.name + "(" + parts.joined(separator: ", ") + ")"
    }
}

import Foundation

/// Maps model family names to model types so a ``Pipeline`` can decode whichever model it holds.
/// Derived from ``LearnerCatalog``: each catalog family brings its model type (families such as
/// `ridge` and `lasso` share ``LinearModel``).
public enum ModelRegistry {
    /// Every model type this build can read, once each, in catalog order.
    public static let modelTypes: [any Model.Type] = {
        var seen = Set<String>()
        return LearnerCatalog.families.map(\.modelType).filter {
            seen.insert($0.familyName).inserted
        }
    }()

    /// The model type for `familyName` (a model's ``Model/familyName``).
    public static func modelType(named familyName: String) -> (any Model.Type)? {
        modelTypes.first { $0.familyName == familyName }
    }
}

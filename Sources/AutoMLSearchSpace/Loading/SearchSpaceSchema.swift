/// The keys of the search-space file schema (documented in `docs/search-spaces.md`).
enum SearchSpaceSchema {
    /// The newest `version` this program reads; files without `version` are version 1.
    static let highestVersion = 1

    static let documentKeys = ["version", "parameters"]

    /// The parameter kinds as written after `type:`, with the keys each allows.
    enum Kind: String, CaseIterable {
        case float, int, categorical, fixed

        init?(typeName: String) {
            switch typeName {
            case "float": self = .float
            case "int", "integer": self = .int
            case "categorical": self = .categorical
            case "fixed": self = .fixed
            default: return nil
            }
        }

        var keys: [String] {
            switch self {
            case .float, .int: return ["type", "low", "high", "log", "step", "when"]
            case .categorical: return ["type", "choices", "when", "subspaces"]
            case .fixed: return ["type", "value", "when"]
            }
        }
    }

    /// The `type:` names, as listed in messages.
    static var typeNames: [String] { Kind.allCases.map(\.rawValue) }
}

/// A parameter read from a file together with where it was written, so validation errors can
/// name the file and line.
struct LocatedParameter: Sendable {
    var parameter: Parameter
    var origin: SearchSpaceError.Origin
}

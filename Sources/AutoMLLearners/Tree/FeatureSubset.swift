import Foundation

/// How many features a tree considers at each split (scikit-learn's `max_features`).
///
/// JSON: the strings `"all"`, `"sqrt"`, `"log2"`, or a number in (0, 1] for a fraction of
/// the features.
public enum FeatureSubset: Sendable, Equatable, Codable {
    /// Every feature (scikit-learn's `None` or `1.0`).
    case all
    /// ⌊√d⌋ features, at least 1 (scikit-learn's `"sqrt"`).
    case sqrt
    /// ⌊log₂ d⌋ features, at least 1 (scikit-learn's `"log2"`).
    case log2
    /// ⌊fraction · d⌋ features, at least 1 (scikit-learn's float `max_features`); fraction in (0, 1].
    case fraction(Double)

    /// The number of features drawn at each split among `featureCount` (d ≥ 1).
    public func count(of featureCount: Int) -> Int {
        let d = Double(featureCount)
        let raw: Int
        switch self {
        case .all: raw = featureCount
        case .sqrt: raw = Int(d.squareRoot())
        case .log2: raw = Int(Foundation.log2(d))
        case .fraction(let share): raw = Int(share * d)
        }
        return min(max(raw, 1), max(featureCount, 1))
    }

    /// Why the setting is unusable, or `nil` when it is fine.
    var problem: String? {
        if case .fraction(let share) = self, !(share > 0 && share <= 1) {
            return "\(share)"
        }
        return nil
    }

    /// The allowed values in words, for error messages.
    static let expectation = #""all", "sqrt", "log2" or a fraction in (0, 1]"#

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            switch text {
            case "all", "none": self = .all
            case "sqrt": self = .sqrt
            case "log2": self = .log2
            default:
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "max_features must be \(Self.expectation); got \"\(text)\"")
            }
        } else {
            self = .fraction(try container.decode(Double.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .all: try container.encode("all")
        case .sqrt: try container.encode("sqrt")
        case .log2: try container.encode("log2")
        case .fraction(let share): try container.encode(share)
        }
    }
}

/// One hyperparameter value in its JSON form: what search-space configurations, model files
/// and profiles hold, before it is decoded into a learner's typed `Hyperparameters` struct.
///
/// A `Sendable` value (unlike the `Any` of `JSONSerialization`), written with literals:
/// `["tree_count": 300, "max_features": "sqrt", "priors": [0.25, 0.75]]`.
public enum HyperparameterValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int)
    case real(Double)
    case string(String)
    case array([HyperparameterValue])

    /// The value as a number, for integers and reals.
    public var number: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .real(let value): return value
        default: return nil
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? container.decode(Int.self) {
            self = .integer(integer)
        } else if let real = try? container.decode(Double.self) {
            self = .real(real)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else {
            self = .array(try container.decode([HyperparameterValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .integer(let integer): try container.encode(integer)
        case .real(let real): try container.encode(real)
        case .string(let text): try container.encode(text)
        case .array(let values): try container.encode(values)
        }
    }

    /// `300`, `0.1`, `sqrt`, `true`, `[64, 64]`, `null`.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return String(flag)
        case .integer(let integer): return String(integer)
        case .real(let real): return "\(real)"
        case .string(let text): return text
        case .array(let values):
            return "[" + values.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

extension HyperparameterValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: HyperparameterValue...) { self = .array(elements) }
}

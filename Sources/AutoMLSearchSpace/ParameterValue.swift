import Foundation

/// One value a parameter takes: a real, an integer, a string (categorical choices) or a boolean.
///
/// Encodes to JSON as the plain value (`0.5`, `3`, `"rbf"`, `true`).
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case real(Double)
    case integer(Int)
    case string(String)
    case bool(Bool)

    /// The value as a `Double` when it is numeric.
    public var number: Double? {
        switch self {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        case .string, .bool: return nil
        }
    }

    /// The value as JSON-compatible Foundation object (`Double`, `Int`, `String`, `Bool`).
    public var jsonObject: Any {
        switch self {
        case .real(let value): return value
        case .integer(let value): return value
        case .string(let value): return value
        case .bool(let value): return value
        }
    }

    public var description: String {
        switch self {
        case .real(let value): return "\(value)"
        case .integer(let value): return "\(value)"
        case .string(let value): return value
        case .bool(let value): return "\(value)"
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .real(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .real(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        }
    }
}

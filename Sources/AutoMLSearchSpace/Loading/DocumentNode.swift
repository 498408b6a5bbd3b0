/// A parsed YAML or JSON document: the one tree both readers produce, so the schema is
/// interpreted once. Every node keeps the line it started on, for error messages.
package struct DocumentNode: Sendable {
    package enum Scalar: Sendable, Equatable {
        case null
        case bool(Bool)
        case integer(Int)
        case real(Double)
        case string(String)
    }

    /// A mapping entry: its key as written, the key's line, and the value.
    package struct Entry: Sendable {
        package var key: String
        package var line: Int
        package var value: DocumentNode
    }

    package enum Kind: Sendable {
        case scalar(Scalar)
        case sequence([DocumentNode])
        /// Entries in the order written (the order of parameters is kept).
        case mapping([Entry])
    }

    package var kind: Kind
    /// 1-based line where the node starts.
    package var line: Int

    /// Characters of a text value quoted in a message; longer ones are cut.
    static let quotedTextLimit = 60

    /// How the node is described in "expected …, got …" messages.
    package var summary: String {
        switch kind {
        case .scalar(.null): return "nothing (null)"
        case .scalar(.bool(let value)): return "the boolean \(value)"
        case .scalar(.integer(let value)): return "the integer \(value)"
        case .scalar(.real(let value)): return "the number \(value)"
        case .scalar(.string(let value)):
            // A file that is not a space at all (a CSV given by mistake) reads as one long text:
            // quote its start, not all of it.
            guard value.count > Self.quotedTextLimit else { return "the text '\(value)'" }
            return
                "\(value.count) characters of text starting '\(value.prefix(Self.quotedTextLimit))…'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// The scalar as a parameter value (`nil` for null, lists and mappings).
    var parameterValue: ParameterValue? {
        guard case .scalar(let scalar) = kind else { return nil }
        switch scalar {
        case .null: return nil
        case .bool(let value): return .bool(value)
        case .integer(let value): return .integer(value)
        case .real(let value): return .real(value)
        case .string(let value): return .string(value)
        }
    }
}

extension DocumentNode.Scalar {
    /// Resolves an unquoted YAML scalar as YAML 1.2's core schema does: `null`/`~`/empty,
    /// `true`/`false`, decimal integers, decimal and exponent reals (`1e-4` included, which
    /// YAML 1.1 would leave a string), `.inf`/`.nan`; everything else (`yes`, `no`, `on`) is text.
    static func resolvingPlain(_ text: String) -> DocumentNode.Scalar {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .real(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .real(-.infinity)
        case ".nan", ".NaN", ".NAN": return .real(.nan)
        default: break
        }
        let bytes = Array(text.utf8)
        let isNumeric =
            bytes.contains { $0 >= 48 && $0 <= 57 }
            && bytes.allSatisfy {
                ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 45 || $0 == 46 || $0 == 69 || $0 == 101
            }
        guard isNumeric else { return .string(text) }
        let isInteger = bytes.enumerated().allSatisfy {
            ($0.element >= 48 && $0.element <= 57)
                || ($0.offset == 0 && ($0.element == 43 || $0.element == 45))
        }
        if isInteger, let value = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
            return .integer(value)
        }
        if let value = Double(text) { return .real(value) }
        return .string(text)
    }
}

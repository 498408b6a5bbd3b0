import AutoMLSearchSpace
import Foundation

/// Checks a JSON document against a JSON Schema, for the keywords automl's own schemas use:
/// `type`, `enum`, `const`, `required`, `properties`, `additionalProperties` (boolean),
/// `items`, `minItems`, `minimum`, `minLength`, `pattern`, `oneOf` and local `$ref`s
/// (`#/$defs/name`). Unknown keywords are ignored (as the standard says), so a schema may
/// carry more than is checked here; what is checked follows draft 2020-12.
///
/// Reports the first violation with the field's path (`metrics.latency_p99_seconds`), the line
/// it is on and what is wrong.
struct JSONSchemaValidator: Sendable {
    struct Violation: Sendable, Equatable {
        var path: String
        var line: Int
        var problem: String
    }

    let schema: DocumentNode

    init(schema: DocumentNode) {
        self.schema = schema
    }

    /// The first violation of `document`, or `nil` when it conforms.
    func firstViolation(of document: DocumentNode) -> Violation? {
        check(document, against: schema, path: "")
    }

    private func check(_ value: DocumentNode, against schema: DocumentNode, path: String)
        -> Violation?
    {
        let keywords = Self.entries(of: schema)
        func violation(_ problem: String) -> Violation {
            Violation(path: path.isEmpty ? "the profile" : path, line: value.line, problem: problem)
        }
        if let reference = keywords["$ref"]?.text {
            guard let target = resolve(reference) else {
                return violation("has an unresolvable schema reference \(reference)")
            }
            if let found = check(value, against: target, path: path) { return found }
        }
        if let type = keywords["type"] {
            let allowed = type.strings ?? [type.text].compactMap { $0 }
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                return violation(
                    "must be \(allowed.map(Self.article).joined(separator: " or ")); got \(value.summary)"
                )
            }
        }
        if let choices = keywords["enum"], case .sequence(let options) = choices.kind {
            if !options.contains(where: { Self.equal($0, value) }) {
                let listed = options.compactMap(\.text).joined(separator: ", ")
                return violation("must be one of \(listed); got \(value.summary)")
            }
        }
        if let constant = keywords["const"], !Self.equal(constant, value) {
            return violation("must be \(constant.summary); got \(value.summary)")
        }
        if let minimum = keywords["minimum"]?.number, let number = value.number, number < minimum {
            return violation("must be ≥ \(Self.format(minimum)); got \(Self.format(number))")
        }
        if let minimum = keywords["minLength"]?.number,
            case .scalar(.string(let text)) = value.kind,
            Double(text.count) < minimum
        {
            return violation("must not be empty")
        }
        if let pattern = keywords["pattern"]?.text, case .scalar(.string(let text)) = value.kind,
            text.range(of: pattern, options: .regularExpression) == nil
        {
            return violation("must match \(pattern); got \(value.summary)")
        }
        if case .sequence(let items) = value.kind {
            if let minimum = keywords["minItems"]?.number, Double(items.count) < minimum {
                return violation("must hold at least \(Int(minimum)) item(s); got \(items.count)")
            }
            if let itemSchema = keywords["items"] {
                for (index, item) in items.enumerated() {
                    if let found = check(item, against: itemSchema, path: path + "[\(index)]") {
                        return found
                    }
                }
            }
        }
        if case .mapping(let entries) = value.kind {
            let present = Dictionary(
                entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            for name in keywords["required"]?.strings ?? [] where present[name] == nil {
                return violation("is missing its required field '\(name)'")
            }
            let properties = keywords["properties"].map(Self.entries(of:)) ?? [:]
            for entry in entries {
                let child = path.isEmpty ? entry.key : path + "." + entry.key
                if let propertySchema = properties[entry.key] {
                    if let found = check(entry.value, against: propertySchema, path: child) {
                        return found
                    }
                } else if case .scalar(.bool(false))? = keywords["additionalProperties"]?.kind {
                    return Violation(
                        path: child, line: entry.line,
                        problem:
                            "is not a field of \(path.isEmpty ? "a profile" : path) (known: \(properties.keys.sorted().joined(separator: ", ")))"
                    )
                }
            }
        }
        if let alternatives = keywords["oneOf"], case .sequence(let options) = alternatives.kind {
            let results = options.map { check(value, against: $0, path: path) }
            let matching = results.filter { $0 == nil }.count
            if matching != 1 {
                // Report the alternative the value means (its `const` properties match: the
                // discriminator), so the message names what is missing, not the discriminator.
                let meant = zip(options, results).first { option, result in
                    result != nil && Self.constantsMatch(value, option)
                }
                return meant?.1 ?? results.compactMap { $0 }.first
                    ?? violation("matches more than one allowed form")
            }
        }
        return nil
    }

    /// The schema at `#/$defs/name`.
    private func resolve(_ reference: String) -> DocumentNode? {
        let prefix = "#/$defs/"
        guard reference.hasPrefix(prefix) else { return nil }
        return Self.entries(of: schema)["$defs"].flatMap {
            Self.entries(of: $0)[String(reference.dropFirst(prefix.count))]
        }
    }

    /// Whether `value` agrees with every `const` that `schema` puts on its properties.
    private static func constantsMatch(_ value: DocumentNode, _ schema: DocumentNode) -> Bool {
        let present = entries(of: value)
        for (name, property) in entries(of: entries(of: schema)["properties"] ?? schema) {
            guard let constant = entries(of: property)["const"] else { continue }
            guard let given = present[name], equal(constant, given) else { return false }
        }
        return true
    }

    private static func entries(of node: DocumentNode) -> [String: DocumentNode] {
        guard case .mapping(let entries) = node.kind else { return [:] }
        return Dictionary(
            entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    private static func matches(_ value: DocumentNode, type: String) -> Bool {
        switch (type, value.kind) {
        case ("object", .mapping), ("array", .sequence), ("string", .scalar(.string)),
            ("boolean", .scalar(.bool)), ("null", .scalar(.null)), ("integer", .scalar(.integer)),
            ("number", .scalar(.integer)), ("number", .scalar(.real)):
            return true
        case ("integer", .scalar(.real(let x))):
            return x.rounded() == x && x.isFinite
        default:
            return false
        }
    }

    private static func equal(_ a: DocumentNode, _ b: DocumentNode) -> Bool {
        switch (a.kind, b.kind) {
        case (.scalar(let x), .scalar(let y)):
            if let p = a.number, let q = b.number { return p == q }
            return x == y
        default:
            return false
        }
    }

    private static func article(_ type: String) -> String {
        switch type {
        case "object": return "an object"
        case "array": return "a list"
        case "integer": return "an integer"
        default: return "a " + type
        }
    }

    private static func format(_ x: Double) -> String {
        x.rounded() == x && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }
}

extension DocumentNode {
    /// The text of a string scalar.
    fileprivate var text: String? {
        if case .scalar(.string(let text)) = kind { return text }
        return nil
    }

    /// The value of a number scalar.
    fileprivate var number: Double? {
        switch kind {
        case .scalar(.integer(let x)): return Double(x)
        case .scalar(.real(let x)): return x
        default: return nil
        }
    }

    /// The texts of a list of strings.
    fileprivate var strings: [String]? {
        guard case .sequence(let items) = kind else { return nil }
        return items.compactMap(\.text)
    }
}

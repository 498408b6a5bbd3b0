extension SearchSpace {
    /// The space as a YAML file in the documented schema: `version: 1`, then one line per
    /// parameter in dependency order, sub-spaces written out flat (prefixed names with their
    /// `when` conditions). Reading it back gives an equal space.
    public var yamlRepresentation: String {
        var lines = ["version: \(Self.highestSupportedVersion)", "parameters:"]
        for parameter in parameters {
            let fields = Self.fields(of: parameter).map { "\($0.key): \($0.value.yaml)" }
            lines.append("  \(YAMLText.key(parameter.name)): {\(fields.joined(separator: ", "))}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The space as a JSON file in the same schema as ``yamlRepresentation``.
    public var jsonRepresentation: String {
        var lines = ["{", "  \"version\": \(Self.highestSupportedVersion),", "  \"parameters\": {"]
        for (index, parameter) in parameters.enumerated() {
            let fields = Self.fields(of: parameter).map {
                "\(JSONText.string($0.key)): \($0.value.json)"
            }
            let comma = index == parameters.count - 1 ? "" : ","
            lines.append(
                "    \(JSONText.string(parameter.name)): {\(fields.joined(separator: ", "))}\(comma)"
            )
        }
        lines += ["  }", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A value in the output: a scalar, a list, or a mapping (ordered).
    private indirect enum Field {
        case value(ParameterValue)
        case list([ParameterValue])
        case mapping([(key: String, value: Field)])

        var yaml: String {
            switch self {
            case .value(let value): return YAMLText.value(value)
            case .list(let values):
                return "[" + values.map(YAMLText.value).joined(separator: ", ") + "]"
            case .mapping(let entries):
                return "{"
                    + entries.map { "\(YAMLText.key($0.key)): \($0.value.yaml)" }.joined(
                        separator: ", ") + "}"
            }
        }

        var json: String {
            switch self {
            case .value(let value): return JSONText.value(value)
            case .list(let values):
                return "[" + values.map(JSONText.value).joined(separator: ", ") + "]"
            case .mapping(let entries):
                return "{"
                    + entries.map { "\(JSONText.string($0.key)): \($0.value.json)" }.joined(
                        separator: ", ") + "}"
            }
        }
    }

    private static func fields(of parameter: Parameter) -> [(key: String, value: Field)] {
        var fields: [(key: String, value: Field)] = []
        switch parameter.domain {
        case .float(let low, let high, let log, let step):
            fields = [
                ("type", .value(.string("float"))), ("low", .value(.real(low))),
                ("high", .value(.real(high))),
            ]
            if log { fields.append(("log", .value(.bool(true)))) }
            if let step { fields.append(("step", .value(.real(step)))) }
        case .integer(let low, let high, let log, let step):
            fields = [
                ("type", .value(.string("int"))), ("low", .value(.integer(low))),
                ("high", .value(.integer(high))),
            ]
            if log { fields.append(("log", .value(.bool(true)))) }
            if step != 1 { fields.append(("step", .value(.integer(step)))) }
        case .categorical(let choices):
            fields = [("type", .value(.string("categorical"))), ("choices", .list(choices))]
        case .fixed(let value):
            fields = [("type", .value(.string("fixed"))), ("value", .value(value))]
        }
        if !parameter.conditions.isEmpty {
            // One entry per parent; repeated conditions on one parent must all hold, so their
            // values intersect.
            var merged: [(key: String, values: [ParameterValue])] = []
            for condition in parameter.conditions {
                if let index = merged.firstIndex(where: { $0.key == condition.parent }) {
                    merged[index].values.removeAll { !condition.values.contains($0) }
                } else {
                    merged.append((condition.parent, condition.values))
                }
            }
            fields.append(("when", .mapping(merged.map { ($0.key, Field.list($0.values)) })))
        }
        return fields
    }
}

/// Scalars and keys written as YAML: plain where reading back gives the same value, else in
/// double quotes (JSON's escapes are valid YAML double-quoted escapes).
enum YAMLText {
    static func value(_ value: ParameterValue) -> String {
        switch value {
        case .string(let text): return key(text)
        case .real(let number): return JSONText.real(number)
        case .integer(let number): return "\(number)"
        case .bool(let flag): return "\(flag)"
        }
    }

    static func key(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let isPlainSafe =
            !bytes.isEmpty
            && bytes.allSatisfy {
                ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57)
                    || $0 == 95 || $0 == 46 || $0 == 45 || $0 == 47
            }
            && !(bytes[0] == 45 || bytes[0] == 46)
            && DocumentNode.Scalar.resolvingPlain(text) == .string(text)
        return isPlainSafe ? text : JSONText.string(text)
    }
}

/// Scalars written as JSON.
enum JSONText {
    static func value(_ value: ParameterValue) -> String {
        switch value {
        case .string(let text): return string(text)
        case .real(let number): return real(number)
        case .integer(let number): return "\(number)"
        case .bool(let flag): return "\(flag)"
        }
    }

    /// The shortest text that reads back as the same `Double`, always with a `.` or exponent so
    /// it reads back as a real, not an integer.
    static func real(_ number: Double) -> String {
        let text = "\(number)"
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }

    static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

import AutoMLSearchSpace

/// The form a search space is stored in with its study (format version 1).
///
/// ```json
/// {"version": 1, "parameters": [
///   {"name": "kernel", "type": "categorical", "choices": ["rbf", "linear"]},
///   {"name": "gamma", "type": "float", "low": 0.001, "high": 10, "log": true,
///    "when": [{"parent": "kernel", "values": ["rbf"]}]}]}
/// ```
///
/// Parameters keep their order (parents before children). Values inside `choices`, `value` and
/// `when` are typed exactly: strings and booleans as themselves, numbers as `{"int": 3}` or
/// `{"real": 1.0}`, because plain JSON cannot tell `1` from `1.0`.
public struct StoredSearchSpace: Codable, Sendable, Equatable {
    /// The highest format version this build reads.
    public static let currentVersion = 1

    public var space: SearchSpace

    public init(_ space: SearchSpace) {
        self.space = space
    }

    private enum Keys: String, CodingKey {
        case version, parameters
    }

    private enum ParameterKeys: String, CodingKey {
        case name, type, low, high, log, step, choices, value, when
    }

    private struct StoredCondition: Codable {
        var parent: String
        var values: [TypedValue]
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.currentVersion else {
            throw StudyError.unsupportedVersion(
                what: "the stored search space", found: version, supported: Self.currentVersion)
        }
        var list = try container.nestedUnkeyedContainer(forKey: .parameters)
        var parameters: [Parameter] = []
        while !list.isAtEnd {
            let p = try list.nestedContainer(keyedBy: ParameterKeys.self)
            let name = try p.decode(String.self, forKey: .name)
            let type = try p.decode(String.self, forKey: .type)
            let domain: Domain
            switch type {
            case "float":
                domain = .float(
                    low: try p.decode(Double.self, forKey: .low),
                    high: try p.decode(Double.self, forKey: .high),
                    log: try p.decodeIfPresent(Bool.self, forKey: .log) ?? false,
                    step: try p.decodeIfPresent(Double.self, forKey: .step))
            case "int":
                domain = .integer(
                    low: try p.decode(Int.self, forKey: .low),
                    high: try p.decode(Int.self, forKey: .high),
                    log: try p.decodeIfPresent(Bool.self, forKey: .log) ?? false,
                    step: try p.decodeIfPresent(Int.self, forKey: .step) ?? 1)
            case "categorical":
                domain = .categorical(
                    try p.decode([TypedValue].self, forKey: .choices).map(\.value))
            case "fixed":
                domain = .fixed(try p.decode(TypedValue.self, forKey: .value).value)
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .type, in: p,
                    debugDescription: "unknown parameter type '\(type)' of '\(name)'")
            }
            let conditions = try p.decodeIfPresent([StoredCondition].self, forKey: .when) ?? []
            parameters.append(
                Parameter(
                    name: name, domain: domain,
                    conditions: conditions.map {
                        Condition(parent: $0.parent, values: $0.values.map(\.value))
                    }))
        }
        space = SearchSpace(unordered: parameters)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(Self.currentVersion, forKey: .version)
        var list = container.nestedUnkeyedContainer(forKey: .parameters)
        for parameter in space.parameters {
            var p = list.nestedContainer(keyedBy: ParameterKeys.self)
            try p.encode(parameter.name, forKey: .name)
            switch parameter.domain {
            case .float(let low, let high, let log, let step):
                try p.encode("float", forKey: .type)
                try p.encode(low, forKey: .low)
                try p.encode(high, forKey: .high)
                try p.encode(log, forKey: .log)
                try p.encodeIfPresent(step, forKey: .step)
            case .integer(let low, let high, let log, let step):
                try p.encode("int", forKey: .type)
                try p.encode(low, forKey: .low)
                try p.encode(high, forKey: .high)
                try p.encode(log, forKey: .log)
                try p.encode(step, forKey: .step)
            case .categorical(let choices):
                try p.encode("categorical", forKey: .type)
                try p.encode(choices.map(TypedValue.init), forKey: .choices)
            case .fixed(let value):
                try p.encode("fixed", forKey: .type)
                try p.encode(TypedValue(value), forKey: .value)
            }
            if !parameter.conditions.isEmpty {
                try p.encode(
                    parameter.conditions.map {
                        StoredCondition(parent: $0.parent, values: $0.values.map(TypedValue.init))
                    },
                    forKey: .when)
            }
        }
    }
}

/// A ``ParameterValue`` whose JSON keeps integers and reals apart (`{"int": 1}`, `{"real": 1.0}`).
struct TypedValue: Codable {
    var value: ParameterValue

    init(_ value: ParameterValue) {
        self.value = value
    }

    private enum Keys: String, CodingKey {
        case int, real
    }

    init(from decoder: Decoder) throws {
        if let container = try? decoder.container(keyedBy: Keys.self) {
            if let x = try container.decodeIfPresent(Int.self, forKey: .int) {
                value = .integer(x)
                return
            }
            value = .real(try container.decode(Double.self, forKey: .real))
            return
        }
        let single = try decoder.singleValueContainer()
        if let flag = try? single.decode(Bool.self) {
            value = .bool(flag)
        } else {
            value = .string(try single.decode(String.self))
        }
    }

    func encode(to encoder: Encoder) throws {
        switch value {
        case .integer(let x):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(x, forKey: .int)
        case .real(let x):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(x, forKey: .real)
        case .string(let text):
            var single = encoder.singleValueContainer()
            try single.encode(text)
        case .bool(let flag):
            var single = encoder.singleValueContainer()
            try single.encode(flag)
        }
    }
}

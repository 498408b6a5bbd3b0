/// The values of one point in a search space: every *active* parameter (fixed ones included)
/// and nothing else.
public struct Configuration: Sendable, Hashable, Codable, CustomStringConvertible {
    public var values: [String: ParameterValue]

    public init(_ values: [String: ParameterValue] = [:]) {
        self.values = values
    }

    public subscript(name: String) -> ParameterValue? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// The values as a JSON-compatible dictionary.
    public var jsonObject: [String: Any] { values.mapValues(\.jsonObject) }

    public var description: String {
        values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: ", ")
    }

    public init(from decoder: Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: ParameterValue].self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}

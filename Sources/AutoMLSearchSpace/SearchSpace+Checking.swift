extension SearchSpace {
    /// What keeps `configuration` from being a point of the space, in words (empty when
    /// ``contains(_:)``): active parameters without a value, values outside their domain, and
    /// names that are not active parameters.
    public func problems(with configuration: Configuration) -> [String] {
        var problems: [String] = []
        var values: [String: ParameterValue] = [:]
        for parameter in parameters where isActive(parameter, given: values) {
            guard let value = configuration[parameter.name] else {
                problems.append("'\(parameter.name)' has no value")
                continue
            }
            guard parameter.admits(value) else {
                problems.append(
                    "'\(parameter.name)' = \(value) is outside \(parameter.domain.summary)")
                continue
            }
            values[parameter.name] = value
        }
        for name in configuration.values.keys.sorted() where values[name] == nil {
            if parameter(named: name) == nil {
                problems.append("'\(name)' is not a parameter of the space")
            } else if !problems.contains(where: { $0.hasPrefix("'\(name)'") }) {
                problems.append("'\(name)' is inactive under the other values")
            }
        }
        return problems
    }
}

extension Domain {
    /// "[0.001, 10] (log)", "{rbf, linear}", "1 to 9 by 1", "fixed 3".
    public var summary: String {
        switch self {
        case let .float(low, high, log, step):
            return "[\(low), \(high)]" + (log ? " (log)" : "") + (step.map { " step \($0)" } ?? "")
        case let .integer(low, high, log, step):
            return "the integers \(low)…\(high)" + (log ? " (log)" : "")
                + (step != 1 ? " step \(step)" : "")
        case .categorical(let choices):
            return "{" + choices.map(\.description).joined(separator: ", ") + "}"
        case .fixed(let value):
            return "the fixed value \(value)"
        }
    }
}

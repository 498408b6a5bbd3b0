import AutoMLSearchSpace

extension SearchSpace {
    /// `configuration` with each value given the kind its parameter's domain calls for.
    ///
    /// Plain JSON (how storages keep parameters, and what `automl tell` users write) cannot tell
    /// `1` from `1.0`, so a float parameter read back may arrive as `.integer(1)`. Floats become
    /// `.real`, integral reals of integer parameters become `.integer`, and categorical values
    /// become the choice they equal (numerically for numbers). Names the space does not know, and
    /// values that match nothing, are kept as they are.
    public func retyped(_ configuration: Configuration) -> Configuration {
        var values = configuration.values
        for (name, value) in configuration.values {
            guard let parameter = parameter(named: name) else { continue }
            values[name] = parameter.retyped(value)
        }
        return Configuration(values)
    }
}

extension Parameter {
    /// `value` as the kind of this parameter's domain (see ``SearchSpace/retyped(_:)``).
    func retyped(_ value: ParameterValue) -> ParameterValue {
        switch domain {
        case .float:
            return value.number.map(ParameterValue.real) ?? value
        case .integer:
            if case .real(let x) = value, x.rounded() == x, abs(x) < 9e15 {
                return .integer(Int(x))
            }
            return value
        case .categorical(let choices):
            return choices.first { $0.matches(value) } ?? value
        case .fixed(let fixed):
            return fixed.matches(value) ? fixed : value
        }
    }
}

extension ParameterValue {
    /// Equal, or both numbers of equal value.
    func matches(_ other: ParameterValue) -> Bool {
        if self == other { return true }
        if let a = number, let b = other.number { return a == b }
        return false
    }
}

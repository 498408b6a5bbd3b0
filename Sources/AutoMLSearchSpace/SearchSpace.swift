/// A set of parameters, some conditional on others, that samplers draw configurations from.
///
/// `parameters` are kept in dependency order: every parent comes before its children, so one
/// pass in order decides which parameters are active. Build one from a file with the loader, or
/// in code with ``init(_:)`` (which checks the same rules).
public struct SearchSpace: Sendable, Equatable {
    /// The parameters, parents before children.
    public private(set) var parameters: [Parameter]

    /// A space of `parameters` in dependency order (parents first). The order given is kept
    /// where the dependencies allow. Validation of bounds, parents and cycles is the loader's job
    /// (`SearchSpace.validated`); this initializer only orders.
    public init(unordered parameters: [Parameter]) {
        var ordered: [Parameter] = []
        var placed = Set<String>()
        var remaining = parameters
        while !remaining.isEmpty {
            let before = remaining.count
            remaining.removeAll { parameter in
                let ready = parameter.conditions.allSatisfy { placed.contains($0.parent) }
                if ready {
                    ordered.append(parameter)
                    placed.insert(parameter.name)
                }
                return ready
            }
            if remaining.count == before {
                // Unknown parents or a cycle: keep the rest in the given order (the loader
                // reports these before a space is built).
                ordered.append(contentsOf: remaining)
                break
            }
        }
        self.parameters = ordered
    }

    /// The parameter called `name`.
    public func parameter(named name: String) -> Parameter? {
        parameters.first { $0.name == name }
    }

    /// Whether `parameter` is active given the values already chosen for its parents.
    public func isActive(_ parameter: Parameter, given values: [String: ParameterValue]) -> Bool {
        parameter.conditions.allSatisfy { condition in
            guard let parentValue = values[condition.parent] else { return false }
            return condition.values.contains(parentValue)
        }
    }

    /// The configuration made of the values `valueFor` gives each active parameter, walking the
    /// parameters in dependency order (inactive ones are skipped and get no value).
    public func configuration(_ valueFor: (Parameter) -> ParameterValue) -> Configuration {
        var values: [String: ParameterValue] = [:]
        for parameter in parameters where isActive(parameter, given: values) {
            values[parameter.name] = valueFor(parameter)
        }
        return Configuration(values)
    }

    /// `configuration` with the values of inactive parameters removed.
    public func pruned(_ configuration: Configuration) -> Configuration {
        var values: [String: ParameterValue] = [:]
        for parameter in parameters where isActive(parameter, given: values) {
            if let value = configuration[parameter.name] { values[parameter.name] = value }
        }
        return Configuration(values)
    }

    /// Whether `configuration` holds exactly the active parameters, each with a legal value.
    public func contains(_ configuration: Configuration) -> Bool {
        var values: [String: ParameterValue] = [:]
        for parameter in parameters where isActive(parameter, given: values) {
            guard let value = configuration[parameter.name], parameter.admits(value) else {
                return false
            }
            values[parameter.name] = value
        }
        return values.count == configuration.values.count
    }
}

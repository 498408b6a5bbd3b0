import AutoMLSearchSpace

extension SearchSpace {
    /// The space with parameter `name`'s categorical choices cut to those `keep` accepts, and
    /// every parameter that could only be active under a removed choice dropped (with its own
    /// dependants). Used to leave out learner families that do not handle the task.
    public func restrictingChoices(of name: String, to keep: (ParameterValue) -> Bool)
        -> SearchSpace
    {
        var removedValues: [String: Set<ParameterValue>] = [:]
        var kept: [Parameter] = []
        var dropped = Set<String>()
        for var parameter in parameters {
            // A parameter goes when a parent is gone or when none of its allowed parent values remain.
            var isDead = false
            for (index, condition) in parameter.conditions.enumerated() {
                if dropped.contains(condition.parent) { isDead = true; break }
                if let removed = removedValues[condition.parent] {
                    let values = condition.values.filter { !removed.contains($0) }
                    if values.isEmpty { isDead = true; break }
                    parameter.conditions[index].values = values
                }
            }
            if isDead {
                dropped.insert(parameter.name)
                continue
            }
            if parameter.name == name, case .categorical(let choices) = parameter.domain {
                let remaining = choices.filter(keep)
                removedValues[name] = Set(choices.filter { !keep($0) })
                parameter.domain = .categorical(remaining)
            }
            kept.append(parameter)
        }
        return SearchSpace(unordered: kept)
    }
}

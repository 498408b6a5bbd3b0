/// Reads one parameter definition (`{type: float, low: …, high: …, when: {…}}`) from a document
/// node. Checks the keys and the kinds of their values; the domain rules themselves (bounds,
/// steps, choices, parents) are ``SearchSpaceValidator``'s, shared with spaces built in code.
struct ParameterReader {
    /// One entry of a categorical parameter's `subspaces`.
    struct Subspace {
        var choice: ParameterValue
        /// A file name (text) or an inline document (a mapping with `parameters`).
        var definition: DocumentNode
    }

    let name: String
    let node: DocumentNode
    let origin: SearchSpaceError.Origin

    func parameter() throws(SearchSpaceError) -> Parameter {
        guard case .mapping(let entries) = node.kind else {
            throw .wrongValueType(
                origin, key: name, expected: "a mapping such as {type: float, low: 0, high: 1}",
                got: node.summary)
        }
        guard let typeEntry = entries.first(where: { $0.key == "type" }) else {
            throw .missingKey(origin, key: "type")
        }
        guard case .scalar(.string(let typeName)) = typeEntry.value.kind else {
            throw .wrongValueType(
                origin, key: "type",
                expected: "one of \(SearchSpaceSchema.typeNames.joined(separator: ", "))",
                got: typeEntry.value.summary)
        }
        guard let kind = SearchSpaceSchema.Kind(typeName: typeName) else {
            throw .unknownType(origin, type: typeName, expected: SearchSpaceSchema.typeNames)
        }
        for entry in entries where !kind.keys.contains(entry.key) {
            var located = origin
            located.line = entry.line
            throw .unknownKey(located, key: entry.key, expected: kind.keys)
        }
        let values = Dictionary(
            entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let domain: Domain
        switch kind {
        case .float:
            let low = try number(values["low"], key: "low")
            let high = try number(values["high"], key: "high")
            let step = try values["step"].map { node throws(SearchSpaceError) in
                try number(node, key: "step")
            }
            domain = .float(
                low: low, high: high, log: try flag(values["log"], key: "log"), step: step)
        case .int:
            let low = try integer(values["low"], key: "low")
            let high = try integer(values["high"], key: "high")
            let step =
                try values["step"].map { node throws(SearchSpaceError) in
                    try integer(node, key: "step")
                } ?? 1
            domain = .integer(
                low: low, high: high, log: try flag(values["log"], key: "log"), step: step)
        case .categorical:
            guard let choicesNode = values["choices"] else {
                throw .missingKey(origin, key: "choices")
            }
            guard case .sequence(let items) = choicesNode.kind else {
                throw .wrongValueType(
                    origin, key: "choices", expected: "a list of values", got: choicesNode.summary)
            }
            var choices: [ParameterValue] = []
            for item in items {
                guard let value = item.parameterValue else {
                    throw .wrongValueType(
                        origin, key: "choices", expected: "numbers, booleans or text",
                        got: item.summary)
                }
                choices.append(value)
            }
            domain = .categorical(choices)
        case .fixed:
            guard let valueNode = values["value"] else { throw .missingKey(origin, key: "value") }
            guard let value = valueNode.parameterValue else {
                throw .wrongValueType(
                    origin, key: "value", expected: "a number, boolean or text",
                    got: valueNode.summary)
            }
            domain = .fixed(value)
        }
        let conditions =
            try values["when"].map { node throws(SearchSpaceError) in try self.conditions(node) }
            ?? []
        return Parameter(name: name, domain: domain, conditions: conditions)
    }

    /// The `subspaces` entries of a categorical parameter, in the order written.
    func subspaces(of parameter: Parameter) throws(SearchSpaceError) -> [Subspace] {
        guard case .mapping(let entries) = node.kind,
            let subspacesNode = entries.first(where: { $0.key == "subspaces" })?.value
        else { return [] }
        guard case .categorical(let choices) = parameter.domain else { return [] }
        guard case .mapping(let subspaceEntries) = subspacesNode.kind else {
            throw .wrongValueType(
                origin, key: "subspaces",
                expected: "a mapping from choices to files or inline spaces",
                got: subspacesNode.summary)
        }
        var result: [Subspace] = []
        for entry in subspaceEntries {
            guard let choice = choices.first(where: { $0.description == entry.key }) else {
                var located = origin
                located.line = entry.line
                throw .subspaceForUnknownChoice(located, choice: entry.key, choices: choices)
            }
            result.append(Subspace(choice: choice, definition: entry.value))
        }
        return result
    }

    private func conditions(_ node: DocumentNode) throws(SearchSpaceError) -> [Condition] {
        guard case .mapping(let entries) = node.kind else {
            throw .wrongValueType(
                origin, key: "when", expected: "a mapping from parent names to values",
                got: node.summary)
        }
        var conditions: [Condition] = []
        for entry in entries {
            let items: [DocumentNode]
            if case .sequence(let list) = entry.value.kind {
                items = list
            } else {
                items = [entry.value]
            }
            var values: [ParameterValue] = []
            for item in items {
                guard let value = item.parameterValue else {
                    throw .wrongValueType(
                        origin, key: "when.\(entry.key)", expected: "a value or a list of values",
                        got: item.summary)
                }
                values.append(value)
            }
            guard !values.isEmpty else {
                throw .wrongValueType(
                    origin, key: "when.\(entry.key)",
                    expected: "a value or a non-empty list of values", got: "an empty list")
            }
            conditions.append(Condition(parent: entry.key, values: values))
        }
        return conditions
    }

    private func number(_ node: DocumentNode?, key: String) throws(SearchSpaceError) -> Double {
        guard let node else { throw .missingKey(origin, key: key) }
        switch node.kind {
        case .scalar(.integer(let value)): return Double(value)
        case .scalar(.real(let value)): return value
        default: throw .wrongValueType(origin, key: key, expected: "a number", got: node.summary)
        }
    }

    private func integer(_ node: DocumentNode?, key: String) throws(SearchSpaceError) -> Int {
        guard let node else { throw .missingKey(origin, key: key) }
        switch node.kind {
        case .scalar(.integer(let value)): return value
        case .scalar(.real(let value)) where value.rounded() == value && abs(value) < 1e15:
            return Int(value)
        default: throw .wrongValueType(origin, key: key, expected: "an integer", got: node.summary)
        }
    }

    private func flag(_ node: DocumentNode?, key: String) throws(SearchSpaceError) -> Bool {
        guard let node else { return false }
        guard case .scalar(.bool(let value)) = node.kind else {
            throw .wrongValueType(origin, key: key, expected: "true or false", got: node.summary)
        }
        return value
    }
}

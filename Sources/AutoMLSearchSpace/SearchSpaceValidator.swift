/// The rules every search space obeys, whether read from a file or built in code.
///
/// Per parameter: finite bounds with `low < high`; `log` only with `low > 0`; a step positive,
/// dividing `high − low` and not combined with `log`; at least one choice and no repeats
/// (`1` and `1.0` count as one). Across parameters: unique names; every condition's parent
/// exists, the values asked for are values the parent can take, and no conditions form a cycle.
/// Condition values are normalized to the parent's own values (`when: {depth: 3.0}` on an integer
/// parent becomes the integer 3), so ``SearchSpace/isActive(_:given:)`` compares like with like.
enum SearchSpaceValidator {
    /// The largest integer bound magnitude, 2^53.
    static let largestInteger: UInt = 1 << 53

    /// The parameters with normalized condition values.
    /// - Throws: the first rule broken, in file order.
    static func validate(
        _ located: [LocatedParameter]
    ) throws(SearchSpaceError) -> [LocatedParameter] {
        var byName: [String: Parameter] = [:]
        for item in located {
            guard !item.parameter.name.isEmpty else {
                throw .wrongValueType(
                    item.origin, key: "name", expected: "a non-empty name", got: "an empty name")
            }
            guard byName[item.parameter.name] == nil else { throw .duplicateParameter(item.origin) }
            try checkDomain(item.parameter.domain, origin: item.origin)
            byName[item.parameter.name] = item.parameter
        }
        let knownNames = located.map(\.parameter.name)
        var result: [LocatedParameter] = []
        for var item in located {
            for index in item.parameter.conditions.indices {
                let condition = item.parameter.conditions[index]
                guard let parent = byName[condition.parent] else {
                    throw .unknownParent(item.origin, parent: condition.parent, known: knownNames)
                }
                if parent.name == item.parameter.name {
                    throw .cycle(item.origin, path: [parent.name, parent.name])
                }
                var normalized: [ParameterValue] = []
                for value in condition.values {
                    guard let match = parent.matchingValue(value) else {
                        throw .invalidConditionValue(
                            item.origin, parent: parent.name, value: value,
                            expected: parent.domain.admissibleValues)
                    }
                    if !normalized.contains(match) { normalized.append(match) }
                }
                item.parameter.conditions[index].values = normalized
            }
            result.append(item)
        }
        try checkCycles(result)
        return result
    }

    private static func checkDomain(
        _ domain: Domain, origin: SearchSpaceError.Origin
    ) throws(SearchSpaceError) {
        switch domain {
        case .float(let low, let high, let log, let step):
            guard low.isFinite, high.isFinite, low < high, (high - low).isFinite else {
                throw .invalidBounds(origin, low: low, high: high)
            }
            if log && low <= 0 { throw .nonPositiveLogBound(origin, low: low) }
            if let step {
                guard step.isFinite, step > 0 else {
                    throw .invalidStep(origin, step: step, expected: "it must be a positive number")
                }
                if log {
                    throw .invalidStep(
                        origin, step: step,
                        expected: "a log-scale parameter takes no step; drop one of them")
                }
                let count = (high - low) / step
                guard abs(count - count.rounded()) <= 1e-9 * max(1, count) else {
                    let suggestion = low + count.rounded(.down) * step
                    throw .invalidStep(
                        origin, step: step,
                        expected:
                            "it must divide high − low (\(high - low)) a whole number of times; set high to \(suggestion) or change the step"
                    )
                }
            }
        case .integer(let low, let high, let log, let step):
            // Bounds stay within ±2^53 so every value and the range's length are exact doubles
            // (and `high − low` cannot overflow).
            for (key, bound) in [("low", low), ("high", high)]
            where bound.magnitude > Self.largestInteger {
                throw .wrongValueType(
                    origin, key: key, expected: "an integer between −2^53 and 2^53", got: "\(bound)"
                )
            }
            guard low < high else {
                throw .invalidBounds(origin, low: Double(low), high: Double(high))
            }
            if log && low <= 0 { throw .nonPositiveLogBound(origin, low: Double(low)) }
            guard step >= 1 else {
                throw .invalidStep(
                    origin, step: Double(step), expected: "it must be an integer ≥ 1")
            }
            if log && step != 1 {
                throw .invalidStep(
                    origin, step: Double(step),
                    expected: "a log-scale parameter takes no step; drop one of them")
            }
            guard (high - low) % step == 0 else {
                throw .invalidStep(
                    origin, step: Double(step),
                    expected:
                        "it must divide high − low (\(high - low)); set high to \(low + (high - low) / step * step) or change the step"
                )
            }
        case .categorical(let choices):
            guard !choices.isEmpty else { throw .emptyChoices(origin) }
            for (index, choice) in choices.enumerated() {
                if let number = choice.number, !number.isFinite {
                    throw .wrongValueType(
                        origin, key: "choices", expected: "finite numbers", got: "\(number)")
                }
                if choices[..<index].contains(where: { $0.isSameValue(as: choice) }) {
                    throw .duplicateChoice(origin, choice: choice)
                }
            }
        case .fixed(let value):
            if let number = value.number, !number.isFinite {
                throw .wrongValueType(
                    origin, key: "value", expected: "a finite number", got: "\(number)")
            }
        }
    }

    /// Depth-first search over child → parent edges; reports the first cycle found.
    private static func checkCycles(_ located: [LocatedParameter]) throws(SearchSpaceError) {
        let parents = Dictionary(
            located.map { ($0.parameter.name, $0.parameter.conditions.map(\.parent)) },
            uniquingKeysWith: { a, _ in a })
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if marks[name] == .done { return nil }
            if marks[name] == .visiting {
                let start = path.firstIndex(of: name) ?? 0
                return Array(path[start...]) + [name]
            }
            marks[name] = .visiting
            path.append(name)
            for parent in parents[name] ?? [] {
                if let cycle = visit(parent) { return cycle }
            }
            path.removeLast()
            marks[name] = .done
            return nil
        }
        for item in located {
            if let cycle = visit(item.parameter.name) {
                let origin = located.first { $0.parameter.name == cycle[0] }?.origin ?? item.origin
                throw .cycle(origin, path: cycle)
            }
        }
    }
}

extension SearchSpace {
    /// A space of `parameters` after checking every rule a file is checked against (bounds,
    /// log bounds, steps, choices, unique names, known parents, condition values, no cycles),
    /// in dependency order. Errors name the file `<code>`.
    /// - Throws: ``SearchSpaceError`` for the first rule broken.
    public static func validated(_ parameters: [Parameter]) throws(SearchSpaceError) -> SearchSpace
    {
        let located = parameters.map {
            LocatedParameter(
                parameter: $0, origin: SearchSpaceError.Origin(file: "<code>", parameter: $0.name))
        }
        return SearchSpace(unordered: try SearchSpaceValidator.validate(located).map(\.parameter))
    }
}

extension ParameterValue {
    /// Equal, or both numbers of equal value (`1` and `1.0`).
    func isSameValue(as other: ParameterValue) -> Bool {
        if self == other { return true }
        if let a = number, let b = other.number { return a == b }
        return false
    }
}

extension Parameter {
    /// The domain's own value equal to `value` (numbers compared by value), if it admits one.
    func matchingValue(_ value: ParameterValue) -> ParameterValue? {
        switch domain {
        case .categorical(let choices):
            return choices.first { $0.isSameValue(as: value) }
        case .fixed(let fixed):
            return fixed.isSameValue(as: value) ? fixed : nil
        case .integer:
            guard let number = value.number, number.rounded() == number, abs(number) < 1e15 else {
                return nil
            }
            let candidate = ParameterValue.integer(Int(number))
            return admits(candidate) ? candidate : nil
        case .float:
            guard let number = value.number else { return nil }
            return admits(.real(number)) ? .real(number) : nil
        }
    }
}

extension Domain {
    /// What a condition on a parameter of this domain may ask for, as words for messages.
    var admissibleValues: String {
        switch self {
        case .categorical(let choices):
            return "one of " + choices.map { "'\($0)'" }.joined(separator: ", ")
        case .fixed(let value):
            return "its fixed value '\(value)'"
        case .integer(let low, let high, _, let step):
            return step == 1
                ? "an integer from \(low) to \(high)"
                : "an integer from \(low) to \(high) in steps of \(step)"
        case .float(let low, let high, _, _):
            return "a number from \(low) to \(high)"
        }
    }
}

import AutoMLSearchSpace
import AutoMLStudy

/// The complete trials of a study as one column per searched parameter: the input both
/// importance methods share.
///
/// A trial is kept when it is complete, its first value is finite, and its configuration fits
/// the space: walking the parameters in dependency order, every active one (its conditions hold
/// given its parents' values) has a value of its kind — a number for `float` and `int`, a
/// listed choice for `categorical`. Numbers outside a parameter's bounds are kept as they are
/// (the encodings clamp them). Inactive parameters are `nan` in their column, so an inactive
/// value can never be mistaken for an active one.
struct ImportanceTrials: Sendable {
    /// The searched parameters (not `fixed`), in the space's order.
    let parameters: [Parameter]
    /// The loss of each kept trial (the first value, negated for a maximized study).
    let losses: [Double]
    /// For each searched parameter, one entry per kept trial: the number (`float`, `int`) or
    /// the choice's index (`categorical`), `nan` where the parameter is inactive.
    let columns: [[Double]]
    /// Complete trials left out (non-finite value, or a configuration the space cannot place).
    let skippedCount: Int
    /// For each searched parameter, the conditions that make it active, as text (`""` for an
    /// unconditional parameter): its own and its ancestors', parents first.
    let conditionTexts: [String]

    var trialCount: Int { losses.count }

    /// Reads the complete trials of `history` against `space`. O(trials · parameters).
    init(history: StudyHistory, space: SearchSpace) {
        let all = space.parameters
        let positions = Dictionary(
            all.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let conditions: [[(parent: Int?, values: [ParameterValue])]] = all.map { parameter in
            parameter.conditions.map { (positions[$0.parent], $0.values) }
        }
        let searched = all.indices.filter { all[$0].isSearched }
        var columnOf = [Int?](repeating: nil, count: all.count)
        for (column, index) in searched.enumerated() { columnOf[index] = column }

        var losses: [Double] = []
        var columns = [[Double]](repeating: [], count: searched.count)
        var skipped = 0
        var values = [ParameterValue?](repeating: nil, count: all.count)
        var row = [Double](repeating: .nan, count: searched.count)
        let direction = history.directions.first ?? .minimize
        for trial in history.trials where trial.state == .complete {
            guard let value = trial.value, value.isFinite else {
                skipped += 1
                continue
            }
            var fits = true
            for index in all.indices {
                values[index] = nil
                let active = conditions[index].allSatisfy { condition in
                    guard let parent = condition.parent, let parentValue = values[parent] else {
                        return false
                    }
                    return condition.values.contains(parentValue)
                }
                if let column = columnOf[index] { row[column] = .nan }
                guard active else { continue }
                let parameter = all[index]
                if case .fixed(let fixed) = parameter.domain {
                    values[index] = trial.configuration[parameter.name] ?? fixed
                    continue
                }
                guard let given = trial.configuration[parameter.name],
                    let number = Self.number(of: given, in: parameter.domain),
                    let column = columnOf[index]
                else {
                    fits = false
                    break
                }
                values[index] = given
                row[column] = number
            }
            guard fits else {
                skipped += 1
                continue
            }
            losses.append(direction.loss(value))
            for column in row.indices { columns[column].append(row[column]) }
        }
        self.parameters = searched.map { all[$0] }
        self.losses = losses
        self.columns = columns
        self.skippedCount = skipped
        self.conditionTexts = searched.map { Self.conditionText(of: $0, in: all, positions) }
    }

    /// The column entry of `value`: the number of a numeric parameter, the index of a choice;
    /// `nil` when the value does not fit the domain's kind.
    static func number(of value: ParameterValue, in domain: Domain) -> Double? {
        switch domain {
        case .float, .integer:
            guard let number = value.number, number.isFinite else { return nil }
            return number
        case .categorical(let choices):
            if let index = choices.firstIndex(of: value) { return Double(index) }
            // 3 and 3.0 name the same choice, whichever way a storage returned it.
            guard let number = value.number,
                let index = choices.firstIndex(where: { $0.number == number })
            else { return nil }
            return Double(index)
        case .fixed:
            return nil
        }
    }

    /// The trials (row indices) where the parameter in `column` is active.
    func activeRows(_ column: Int) -> [Int] {
        columns[column].indices.filter { !columns[column][$0].isNaN }
    }

    /// `"parent = value, …"` for the conditions of parameter `index` and of its ancestors,
    /// parents first; `""` when it has none.
    private static func conditionText(
        of index: Int, in parameters: [Parameter], _ positions: [String: Int]
    ) -> String {
        var parts: [String] = []
        var visited = Set<Int>()
        func visit(_ index: Int) {
            guard visited.insert(index).inserted else { return }
            for condition in parameters[index].conditions {
                if let parent = positions[condition.parent] { visit(parent) }
                let values = condition.values.map(\.description)
                let text =
                    values.count == 1
                    ? "\(condition.parent) = \(values[0])"
                    : "\(condition.parent) ∈ {\(values.joined(separator: ", "))}"
                if !parts.contains(text) { parts.append(text) }
            }
        }
        visit(index)
        return parts.joined(separator: ", ")
    }
}

/// Whether a parameter's domain holds more than one value (a parameter that cannot vary has no
/// importance, and both methods give it 0).
extension Domain {
    var isSingleValued: Bool {
        switch self {
        case .float(let low, let high, _, _): return !(high > low)
        case .integer(let low, let high, _, _): return !(high > low)
        case .categorical(let choices): return choices.count <= 1
        case .fixed: return true
        }
    }
}

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

    /// Reads the complete trials of `history` against `space`. O(trials · parameters): one
    /// dictionary look-up per active parameter and trial.
    init(history: StudyHistory, space: SearchSpace) {
        let all = space.parameters
        let positions = Dictionary(
            all.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        // Per parameter: its conditions as (parent index or -1, allowed values), and how to
        // read its value; decided once, so the loop over trials copies no `Parameter`.
        let conditions: [[(parent: Int, values: [ParameterValue])]] = all.map { parameter in
            parameter.conditions.map { (positions[$0.parent] ?? -1, $0.values) }
        }
        var isParent = [Bool](repeating: false, count: all.count)
        for list in conditions {
            for condition in list where condition.parent >= 0 { isParent[condition.parent] = true }
        }
        let names = all.map(\.name)
        let domains = all.map(\.domain)
        let searched = all.indices.filter { all[$0].isSearched }
        var columnOf = [Int](repeating: -1, count: all.count)
        for (column, index) in searched.enumerated() { columnOf[index] = column }

        let width = searched.count
        var losses: [Double] = []
        var rows: [Double] = []
        var skipped = 0
        var values = [ParameterValue?](repeating: nil, count: all.count)
        var row = [Double](repeating: .nan, count: width)
        let direction = history.directions.first ?? .minimize
        for trial in history.trials where trial.state == .complete {
            guard let value = trial.value, value.isFinite else {
                skipped += 1
                continue
            }
            let given = trial.configuration.values
            var fits = true
            for index in 0..<all.count {
                let column = columnOf[index]
                if column >= 0 { row[column] = .nan }
                if isParent[index] { values[index] = nil }
                var active = true
                for condition in conditions[index] {
                    guard condition.parent >= 0, let parentValue = values[condition.parent],
                        condition.values.contains(parentValue)
                    else {
                        active = false
                        break
                    }
                }
                guard active else { continue }
                if case .fixed(let fixed) = domains[index] {
                    if isParent[index] { values[index] = given[names[index]] ?? fixed }
                    continue
                }
                guard let parameterValue = given[names[index]],
                    let number = Self.number(of: parameterValue, in: domains[index]), column >= 0
                else {
                    fits = false
                    break
                }
                if isParent[index] { values[index] = parameterValue }
                row[column] = number
            }
            guard fits else {
                skipped += 1
                continue
            }
            losses.append(direction.loss(value))
            rows.append(contentsOf: row)
        }
        let count = losses.count
        var columns = [[Double]](repeating: [], count: width)
        for column in 0..<width {
            columns[column] = (0..<count).map { rows[$0 * width + column] }
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

/// The trials each searched parameter is analysed on: parameters active in exactly the same
/// trials (under the same conditions) form one scope, in the space's order of their first
/// parameter. An unconditional space has one scope, all trials; a model-search space has one
/// for the unconditional parameters (`learner`, preprocessing) and one per learner family.
struct ImportanceScopes: Sendable {
    struct Scope: Sendable {
        /// The trials (rows of ``ImportanceTrials``) where the scope's parameters are active.
        var rows: [Int]
        /// The scope's own parameters (columns of ``ImportanceTrials``), in the space's order.
        var parameters: [Int]
        /// Their conditions as text, `""` for unconditional parameters.
        var condition: String
    }

    let scopes: [Scope]
    /// For each parameter column, whether it is active on each trial.
    private let active: [[Bool]]

    init(_ trials: ImportanceTrials) {
        struct Key: Hashable {
            var condition: String
            var rows: [Int]
        }
        var order: [Key] = []
        var members: [Key: [Int]] = [:]
        for column in trials.columns.indices {
            let key = Key(condition: trials.conditionTexts[column], rows: trials.activeRows(column))
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(column)
        }
        scopes = order.map { key in
            Scope(rows: key.rows, parameters: members[key] ?? [], condition: key.condition)
        }
        active = trials.columns.map { column in column.map { !$0.isNaN } }
    }

    /// The parameter columns active on every trial of `scope` (its own parameters, their
    /// ancestors and the unconditional ones), in the space's order.
    func parameters(activeThroughout scope: Scope) -> [Int] {
        active.indices.filter { column in scope.rows.allSatisfy { active[column][$0] } }
    }

    /// The scopes as reported: condition text (`"all trials"` when there is none), trial count
    /// and parameter names.
    func descriptions(_ trials: ImportanceTrials) -> [ImportanceScope] {
        scopes.map { scope in
            ImportanceScope(
                condition: scope.condition.isEmpty ? "all trials" : scope.condition,
                trialCount: scope.rows.count,
                parameters: scope.parameters.map { trials.parameters[$0].name })
        }
    }
}

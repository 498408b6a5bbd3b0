/// The trials each searched parameter is analysed on: parameters under the same conditions
/// (their own and their ancestors') are active in exactly the same trials and form one scope, in
/// the space's order of their first parameter. An unconditional space has one scope, all trials; a model-search space has one
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

    /// Groups the parameters of `trials` by their conditions: parameters under the same
    /// conditions are active in the same trials. O(trials · scopes).
    init(_ trials: ImportanceTrials) {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for column in trials.columns.indices {
            let condition = trials.conditionTexts[column]
            if members[condition] == nil { order.append(condition) }
            members[condition, default: []].append(column)
        }
        scopes = order.map { condition in
            let parameters = members[condition] ?? []
            return Scope(
                rows: parameters.first.map { trials.activeRows($0) } ?? [], parameters: parameters,
                condition: condition)
        }
    }

    /// The parameter columns active on every trial of `scope` (its own parameters, their
    /// ancestors and the unconditional ones), in the space's order.
    func parameters(activeThroughout scope: Scope, in trials: ImportanceTrials) -> [Int] {
        trials.columns.indices.filter { column in
            scope.rows.allSatisfy { !trials.columns[column][$0].isNaN }
        }
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

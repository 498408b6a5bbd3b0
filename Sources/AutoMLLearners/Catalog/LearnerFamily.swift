import AutoMLData

/// A learner family as the catalog lists it: the name used in search spaces and on the command
/// line, the tasks it handles, whether its features should be standardized, how costly it is
/// to fit, its model type, and how to build it from typed or JSON hyperparameters.
public struct LearnerFamily: Sendable {
    /// The name in search spaces and `--learners` (`random_forest`, `ridge`).
    public let name: String
    /// The tasks the family handles.
    public let tasks: [LearningTask]
    /// Whether the family needs standardized features (linear models, kNN, SVMs, MLPs).
    public let scalesFeatures: Bool
    /// One line for help texts.
    public let summary: String
    /// Rank by the cost of a fit at the defaults, 0 the cheapest: a model search tries the
    /// families' defaults in this order (its low-cost start).
    public let costRank: Int
    /// Above this many rows, the family's defaults are left out of the low-cost start (their
    /// fit grows faster than linearly with the rows); `nil`: no limit.
    public let startRowLimit: Int?
    /// The type of the family's fitted models (several families may share one).
    public let modelType: any Model.Type
    /// The constraints on the family's hyperparameters (``Learner/rules``).
    public let rules: [HyperparameterRule]
    /// The hyperparameters unspecified keys take.
    public let defaults: any LearnerHyperparameters
    private let decodeBody:
        @Sendable ([String: HyperparameterValue]) throws(LearnerError) -> any LearnerHyperparameters
    private let buildBody: @Sendable (any LearnerHyperparameters) throws(LearnerError) -> AnyLearner

    /// A catalog entry for `type`. `defaults` are the settings that unspecified hyperparameters
    /// take (the family's own defaults unless given, e.g. a `ridge` entry presets the penalty).
    public static func of<L: Learner>(
        _ type: L.Type, name: String? = nil, tasks: [LearningTask], scalesFeatures: Bool,
        costRank: Int,
        startRowLimit: Int? = nil, summary: String, defaults: L.Hyperparameters = .init()
    ) -> LearnerFamily {
        let familyName = name ?? L.familyName
        return LearnerFamily(
            name: familyName, tasks: tasks, scalesFeatures: scalesFeatures, summary: summary,
            costRank: costRank, startRowLimit: startRowLimit, modelType: L.FittedModel.self,
            rules: L.rules, defaults: defaults,
            decodeBody: {
                (overrides: [String: HyperparameterValue]) throws(LearnerError)
                    -> any LearnerHyperparameters in
                try HyperparameterCoding.decode(
                    defaults, overriding: overrides, learner: familyName)
            },
            buildBody: {
                (hyperparameters: any LearnerHyperparameters) throws(LearnerError) -> AnyLearner in
                guard let typed = hyperparameters as? L.Hyperparameters else {
                    throw .invalidHyperparameter(
                        learner: familyName, name: "(all)", expected: "\(L.Hyperparameters.self)",
                        got: "\(Swift.type(of: hyperparameters))")
                }
                return AnyLearner(try L(typed))
            })
    }

    private init(
        name: String, tasks: [LearningTask], scalesFeatures: Bool, summary: String, costRank: Int,
        startRowLimit: Int?, modelType: any Model.Type, rules: [HyperparameterRule],
        defaults: any LearnerHyperparameters,
        decodeBody:
            @escaping @Sendable ([String: HyperparameterValue]) throws(LearnerError) ->
            any LearnerHyperparameters,
        buildBody:
            @escaping @Sendable (any LearnerHyperparameters) throws(LearnerError) -> AnyLearner
    ) {
        self.name = name
        self.tasks = tasks
        self.scalesFeatures = scalesFeatures
        self.summary = summary
        self.costRank = costRank
        self.startRowLimit = startRowLimit
        self.modelType = modelType
        self.rules = rules
        self.defaults = defaults
        self.decodeBody = decodeBody
        self.buildBody = buildBody
    }

    /// The family's typed hyperparameters with `overrides` (snake_case keys, JSON values) on
    /// top of the defaults.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` for an
    ///   unknown key or a value of the wrong type.
    public func hyperparameters(_ overrides: [String: HyperparameterValue] = [:])
        throws(LearnerError)
        -> any LearnerHyperparameters
    {
        try decodeBody(overrides)
    }

    /// The learner with `hyperparameters` (of this family's type).
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` for a value
    ///   outside its rule, or hyperparameters of another family.
    public func learner(_ hyperparameters: any LearnerHyperparameters) throws(LearnerError)
        -> AnyLearner
    {
        try buildBody(hyperparameters)
    }

    /// The learner with `overrides` on top of the defaults.
    /// - Throws: as ``hyperparameters(_:)`` and ``learner(_:)-(any LearnerHyperparameters)``.
    public func learner(_ overrides: [String: HyperparameterValue] = [:]) throws(LearnerError)
        -> AnyLearner
    {
        try learner(try hyperparameters(overrides))
    }

    /// `hyperparameters` as snake_case keys and JSON values.
    public func values(of hyperparameters: any LearnerHyperparameters) -> [String:
        HyperparameterValue]
    {
        (try? HyperparameterCoding.values(hyperparameters, learner: name)) ?? [:]
    }

    /// The default hyperparameters as snake_case keys and JSON values (the keys of the family's
    /// search space file).
    public var defaultValues: [String: HyperparameterValue] { values(of: defaults) }

    /// Whether the family handles `task`.
    public func handles(_ task: LearningTask) -> Bool { tasks.contains(task) }
}

extension LearnerHyperparameters {
    /// Whether `other` holds the same type and values.
    public func isEqual(to other: any LearnerHyperparameters) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}

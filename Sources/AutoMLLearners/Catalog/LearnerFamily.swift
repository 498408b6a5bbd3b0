import AutoMLData

/// A learner family as the catalog lists it: the name used in search spaces and on the command
/// line, the tasks it handles, whether its features should be standardized, and how to build
/// it from (partial) hyperparameters.
public struct LearnerFamily: Sendable {
    /// The name in search spaces and `--learners` (`random_forest`, `ridge`).
    public let name: String
    /// The tasks the family handles.
    public let tasks: [LearningTask]
    /// Whether the family needs standardized features (linear models, kNN, SVMs, MLPs).
    public let scalesFeatures: Bool
    /// One line for help texts.
    public let summary: String
    private let build: @Sendable ([String: Any]) throws(LearnerError) -> AnyLearner
    private let encodedDefaults: @Sendable () -> [String: Any]

    /// A catalog entry for `type`. `defaults` are the settings that unspecified hyperparameters
    /// take (the family's own defaults unless given, e.g. a `ridge` entry presets the penalty).
    public static func of<L: Learner>(
        _ type: L.Type, name: String? = nil, tasks: [LearningTask], scalesFeatures: Bool, summary: String,
        defaults: L.Hyperparameters = .init()
    ) -> LearnerFamily {
        LearnerFamily(
            name: name ?? L.familyName, tasks: tasks, scalesFeatures: scalesFeatures, summary: summary,
            build: { (overrides: [String: Any]) throws(LearnerError) -> AnyLearner in
                let hyperparameters = try HyperparameterCoding.decode(
                    defaults, overriding: overrides, learner: name ?? L.familyName)
                return AnyLearner(try L(hyperparameters))
            },
            encodedDefaults: { (try? HyperparameterCoding.jsonObject(defaults)) ?? [:] })
    }

    private init(
        name: String, tasks: [LearningTask], scalesFeatures: Bool, summary: String,
        build: @escaping @Sendable ([String: Any]) throws(LearnerError) -> AnyLearner,
        encodedDefaults: @escaping @Sendable () -> [String: Any]
    ) {
        self.name = name
        self.tasks = tasks
        self.scalesFeatures = scalesFeatures
        self.summary = summary
        self.build = build
        self.encodedDefaults = encodedDefaults
    }

    /// The family's default hyperparameters as snake_case JSON values (the keys of its search
    /// space file).
    public var defaultHyperparameters: [String: Any] { encodedDefaults() }

    /// The learner with `overrides` (snake_case keys, JSON values) on top of the defaults.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` for an
    ///   unknown key, a value of the wrong type or one outside its rule.
    public func learner(_ overrides: [String: Any] = [:]) throws(LearnerError) -> AnyLearner {
        try build(overrides)
    }

    /// Whether the family handles `task`.
    public func handles(_ task: LearningTask) -> Bool { tasks.contains(task) }
}

import AutoMLData
import AutoMLNumerics

/// A fitted ``Forest``: its trees in flat arrays and, when asked for, the out-of-bag score.
public struct ForestModel<Kind: ForestKind>: Model, Equatable {
    public static var familyName: String { Kind.familyName }
    /// Format version of the JSON form.
    public static var formatVersion: Int { 1 }

    let ensemble: TreeEnsemble
    /// Accuracy (classification) or R² (regression) on the rows each tree did not see, when
    /// ``ForestHyperparameters/oobScore`` was set (scikit-learn's `oob_score_`).
    public let outOfBagScore: Double?

    public var task: LearningTask { ensemble.task }
    public var featureCount: Int { ensemble.featureCount }
    public var classCount: Int { ensemble.task == .classification ? ensemble.classCount : 0 }
    /// Number of trees.
    public var treeCount: Int { ensemble.trees.count }
    /// Nodes of all trees together.
    public var nodeCount: Int { ensemble.trees.reduce(0) { $0 + $1.nodeCount } }

    init(ensemble: TreeEnsemble, outOfBagScore: Double?) {
        self.ensemble = ensemble
        self.outOfBagScore = outOfBagScore
    }

    /// The trees' averaged class distributions or values for every row of `features`.
    /// O(rows · trees · depth).
    /// - Throws: ``LearnerError/featureCountMismatch(learner:expected:got:)``.
    public func predict(_ features: Matrix) throws(LearnerError) -> Prediction {
        try checkWidth(features)
        return ensemble.predict(features)
    }

    public var parameterBytes: Int { ensemble.parameterBytes }

    private enum CodingKeys: String, CodingKey { case version, ensemble, outOfBagScore }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.formatVersion else {
            throw LearnerError.unsupportedVersion(found: version, supported: Self.formatVersion)
        }
        let ensemble = try container.decode(TreeEnsemble.self, forKey: .ensemble)
        if let problem = ensemble.structuralProblem() ?? (ensemble.trees.isEmpty ? "no trees" : nil)
        {
            throw LearnerError.unreadableModel(reason: "\(Self.familyName): \(problem)")
        }
        self.ensemble = ensemble
        outOfBagScore = try container.decodeIfPresent(Double.self, forKey: .outOfBagScore)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(ensemble, forKey: .ensemble)
        try container.encodeIfPresent(outOfBagScore, forKey: .outOfBagScore)
    }
}

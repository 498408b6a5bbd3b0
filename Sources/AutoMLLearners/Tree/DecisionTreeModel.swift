import AutoMLData
import AutoMLNumerics

/// A fitted ``DecisionTree``: one tree in flat arrays (see the node layout in the docs of
/// `FlatTree`), predicting the class distribution or mean target of the leaf a row reaches.
public struct DecisionTreeModel: Model, Equatable {
    public static let familyName = DecisionTree.familyName
    /// Format version of the JSON form.
    public static let formatVersion = 1

    let tree: TreeEnsemble

    public var task: LearningTask { tree.task }
    public var featureCount: Int { tree.featureCount }
    public var classCount: Int { tree.task == .classification ? tree.classCount : 0 }
    /// Number of nodes, splits and leaves together (scikit-learn's `tree_.node_count`).
    public var nodeCount: Int { tree.trees.first?.nodeCount ?? 0 }
    /// Number of leaves (scikit-learn's `get_n_leaves()`).
    public var leafCount: Int { tree.trees.first?.leafCount ?? 0 }
    /// Depth of the deepest leaf (scikit-learn's `get_depth()`).
    public var depth: Int { tree.trees.first?.depth ?? 0 }

    init(tree: TreeEnsemble) {
        self.tree = tree
    }

    /// Leaf predictions for every row of `features`. O(rows · depth).
    /// - Throws: ``LearnerError/featureCountMismatch(learner:expected:got:)``.
    public func predict(_ features: Matrix) throws(LearnerError) -> Prediction {
        try checkWidth(features)
        return tree.predict(features)
    }

    public var parameterBytes: Int { tree.parameterBytes }

    private enum CodingKeys: String, CodingKey { case version, tree }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.formatVersion else {
            throw LearnerError.unsupportedVersion(found: version, supported: Self.formatVersion)
        }
        let tree = try container.decode(TreeEnsemble.self, forKey: .tree)
        if let problem = tree.structuralProblem()
            ?? (tree.trees.count == 1 ? nil : "\(tree.trees.count) trees")
        {
            throw LearnerError.unreadableModel(reason: "decision_tree: \(problem)")
        }
        self.tree = tree
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(tree, forKey: .tree)
    }
}

/// The trees of a boosted model, all in flat arrays (no per-tree objects), as predict walks
/// them.
///
/// Node `i` sends a row to ``leftChildren``[i] when `x[features[i]] ≤ thresholds[i]`, else to
/// ``rightChildren``[i]. A child `c ≥ 0` is a node, `c < 0` is the leaf `~c` (LightGBM's
/// encoding); ``roots`` uses the same encoding, so a tree without a split is `~leaf`. Children
/// always come after their parent, which decoding checks, so every walk ends. Indices are
/// global across trees; tree `t` belongs to score `t % scoreCount` of iteration
/// `t / scoreCount`.
public struct GradientBoostingTrees: Sendable, Codable, Equatable {
    /// Per tree, its root (node index, or `~leaf`).
    public private(set) var roots: [Int32] = []
    /// Per node, the feature it tests.
    public private(set) var features: [Int32] = []
    /// Per node, the threshold: values ≤ it go left.
    public private(set) var thresholds: [Double] = []
    /// Per node, the left child.
    public private(set) var leftChildren: [Int32] = []
    /// Per node, the right child.
    public private(set) var rightChildren: [Int32] = []
    /// Per node, the gain of its split (LightGBM's `split_gain`, for importances).
    public private(set) var gains: [Double] = []
    /// Per leaf, its value (already multiplied by the learning rate).
    public private(set) var leafValues: [Double] = []

    /// No trees.
    public init() {}

    /// The number of trees.
    public var treeCount: Int { roots.count }
    /// The number of internal nodes over all trees.
    public var nodeCount: Int { features.count }
    /// The number of leaves over all trees.
    public var leafCount: Int { leafValues.count }

    /// Bytes of the arrays.
    var byteCount: Int {
        roots.count * 4 + nodeCount * (4 + 8 + 4 + 4 + 8) + leafCount * 8
    }

    /// Appends a grown tree, turning its bin thresholds into raw ones.
    mutating func append(_ tree: GrownTree, binner: FeatureBinner) {
        let nodeBase = Int32(nodeCount)
        let leafBase = Int32(leafCount)
        func global(_ child: Int32) -> Int32 {
            child >= 0 ? child + nodeBase : ~(~child + leafBase)
        }
        roots.append(tree.nodes.isEmpty ? ~leafBase : nodeBase)
        for node in tree.nodes {
            features.append(node.feature)
            thresholds.append(binner.upperBounds[Int(node.feature)][Int(node.bin)])
            leftChildren.append(global(node.left))
            rightChildren.append(global(node.right))
            gains.append(node.gain)
        }
        leafValues.append(contentsOf: tree.leafValues)
    }

    /// Adds to `scores` (row-major, `scoreCount` per row) the values of trees
    /// `0 ..< treeLimit` for every row of `features` (row-major, `featureCount` wide).
    func accumulate(
        features x: UnsafePointer<Double>, rowCount: Int, featureCount: Int, scoreCount: Int,
        treeLimit: Int,
        into scores: UnsafeMutablePointer<Double>
    ) {
        roots.withUnsafeBufferPointer { roots in
            features.withUnsafeBufferPointer { features in
                thresholds.withUnsafeBufferPointer { thresholds in
                    leftChildren.withUnsafeBufferPointer { left in
                        rightChildren.withUnsafeBufferPointer { right in
                            leafValues.withUnsafeBufferPointer { values in
                                for r in 0..<rowCount {
                                    let row = x + r * featureCount
                                    let out = scores + r * scoreCount
                                    var k = 0
                                    for t in 0..<treeLimit {
                                        var node = roots[t]
                                        while node >= 0 {
                                            let i = Int(node)
                                            node =
                                                row[Int(features[i])] <= thresholds[i]
                                                ? left[i] : right[i]
                                        }
                                        out[k] += values[Int(~node)]
                                        k += 1
                                        if k == scoreCount { k = 0 }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether the arrays form valid trees over `featureCount` features: equal lengths,
    /// features in range, children after their parent and in range.
    func isWellFormed(featureCount: Int) -> Bool {
        let nodes = nodeCount
        guard thresholds.count == nodes, leftChildren.count == nodes, rightChildren.count == nodes,
            gains.count == nodes
        else { return false }
        func valid(_ child: Int32, after parent: Int) -> Bool {
            child >= 0 ? (Int(child) > parent && Int(child) < nodes) : Int(~child) < leafCount
        }
        for i in 0..<nodes {
            guard features[i] >= 0, Int(features[i]) < featureCount, !thresholds[i].isNaN,
                valid(leftChildren[i], after: i), valid(rightChildren[i], after: i)
            else { return false }
        }
        return roots.allSatisfy { valid($0, after: -1) } && leafValues.allSatisfy(\.isFinite)
    }
}

/// A tree as the grower left it, before it joins a model: thresholds are bins, indices local.
struct GrownTree {
    /// Internal nodes (node 0 is the root when there is any).
    var nodes: [HistogramTreeGrower.Node]
    /// Leaf values, learning rate applied.
    var leafValues: [Double]

    /// The leaf `row` of column-major `codes` (with `rowCount` rows) falls in.
    @inline(__always)
    func leaf(row: Int, codes: UnsafePointer<UInt8>, rowCount: Int) -> Int {
        guard !nodes.isEmpty else { return 0 }
        var node: Int32 = 0
        while node >= 0 {
            let current = nodes[Int(node)]
            node =
                codes[Int(current.feature) * rowCount + row] <= current.bin
                ? current.left : current.right
        }
        return Int(~node)
    }
}

/// Collects the nodes of a tree as it grows and hands out the finished ``FlatTree``.
///
/// Children are allocated in pairs (left, then right at the next index), so a split node
/// stores only its left child. Classification leaves that hold a single class share the
/// one-hot rows at the start of `leafValues`.
struct TreeAssembler {
    private var features: [Int32] = []
    private var thresholds: [Float] = []
    private var children: [Int32] = []
    private var leafValues: [Double]
    private let width: Int
    private let classCount: Int

    /// An empty tree for `classCount` classes (0 for regression).
    init(classCount: Int) {
        self.classCount = classCount
        width = max(classCount, 1)
        leafValues = [Double](repeating: 0, count: classCount * classCount)
        for c in 0..<classCount { leafValues[c * classCount + c] = 1 }
    }

    /// Appends a node to be filled in later and returns its index.
    mutating func addNode() -> Int {
        features.append(-1)
        thresholds.append(0)
        children.append(0)
        return features.count - 1
    }

    /// Appends two sibling nodes and returns the index of the first (left) one.
    mutating func addPair() -> Int {
        let left = addNode()
        _ = addNode()
        return left
    }

    /// Makes `node` a split on `feature` at `threshold` with children `left`, `left + 1`.
    mutating func setSplit(_ node: Int, feature: Int, threshold: Float, left: Int) {
        features[node] = Int32(feature)
        thresholds[node] = threshold
        children[node] = Int32(left)
    }

    /// Makes `node` a leaf predicting the class distribution `classWeights / weight`.
    mutating func setClassLeaf(_ node: Int, classWeights: UnsafePointer<Double>, weight: Double) {
        var present = 0
        var onlyClass = 0
        for c in 0..<classCount where classWeights[c] > 0 {
            present += 1
            onlyClass = c
        }
        features[node] = -1
        if present == 1 {
            children[node] = Int32(onlyClass)
            return
        }
        children[node] = Int32(leafValues.count / width)
        for c in 0..<classCount { leafValues.append(weight > 0 ? classWeights[c] / weight : 1 / Double(classCount)) }
    }

    /// Makes `node` a leaf predicting `value`.
    mutating func setValueLeaf(_ node: Int, value: Double) {
        features[node] = -1
        children[node] = Int32(leafValues.count)
        leafValues.append(value)
    }

    /// The finished tree.
    func tree() -> FlatTree {
        FlatTree(
            features: features, thresholds: thresholds, children: children, leafValues: leafValues, valueWidth: width)
    }
}

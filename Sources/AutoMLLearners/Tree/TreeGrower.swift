import AutoMLData
import AutoMLNumerics

/// A split of a node's rows: rows whose value of `feature` is ≤ `threshold` go left.
struct CandidateSplit {
    var feature: Int
    var threshold: Float
    /// Number of rows going left.
    var leftCount: Int
}

/// The split search of one splitter kind (``BestSplitter``, ``RandomSplitter``) and the
/// arrangement of the rows it keeps, driven by ``TreeGrower``.
///
/// Each node owns the positions `start..<end` of the splitter's arrangement; after a split,
/// the left child owns `start..<start + leftCount` and the right child the rest.
protocol NodeSplitter: AnyObject {
    /// Arranges the rows with positive weight for a new tree and returns their count.
    func prepare(weights: UnsafePointer<Double>) -> Int
    /// Totals of the rows at positions `start..<start + count`: class weights into
    /// `classWeights` (overwritten). Valid for the root after ``prepare(weights:)`` and for
    /// both children after ``separate(start:end:split:)``.
    func summarize(start: Int, count: Int, into classWeights: UnsafeMutablePointer<Double>) -> NodeSummary
    /// The best split among the features drawn for this node, or `nil` when none is allowed.
    /// `classWeights` holds the node's class weights (classification).
    func findSplit(
        start: Int, end: Int, node: NodeSummary, classWeights: UnsafePointer<Double>,
        weights: UnsafePointer<Double>, random: inout RandomSource
    ) -> CandidateSplit?
    /// Arranges the node's rows so the left child's come first, at least as far as
    /// ``summarize(start:count:into:)`` sees them.
    func separate(start: Int, end: Int, split: CandidateSplit)
    /// Completes the arrangement so both children can be split further (called only then).
    func finishSeparation(start: Int, end: Int, split: CandidateSplit)
}

/// Grows one tree depth-first (scikit-learn's `DepthFirstTreeBuilder`): a node becomes a leaf
/// when it is too deep, too small or pure, when no split is allowed, or when the best split
/// decreases the weighted impurity by less than `min_impurity_decrease`.
///
/// One grower serves one thread; it reuses its buffers from tree to tree.
final class TreeGrower<Splitter: NodeSplitter> {
    let set: TreeTrainingSet
    let settings: TreeGrowthSettings
    let splitter: Splitter
    private let weights: UnsafeMutablePointer<Double>
    private let nodeClassWeights: UnsafeMutablePointer<Double>
    private let leftClassWeights: UnsafeMutablePointer<Double>
    private let rightClassWeights: UnsafeMutablePointer<Double>

    /// A node waiting to be split, with its totals (its class weights are on
    /// `pendingClassWeights`, in the same last-in-first-out order).
    private struct PendingNode {
        var start: Int
        var end: Int
        var depth: Int
        var node: Int
        var summary: NodeSummary
    }

    init(set: TreeTrainingSet, settings: TreeGrowthSettings, splitter: Splitter) {
        self.set = set
        self.settings = settings
        self.splitter = splitter
        weights = .allocate(capacity: set.rowCount)
        let k = max(set.classCount, 1)
        nodeClassWeights = .allocate(capacity: k)
        leftClassWeights = .allocate(capacity: k)
        rightClassWeights = .allocate(capacity: k)
    }

    deinit {
        weights.deallocate()
        nodeClassWeights.deallocate()
        leftClassWeights.deallocate()
        rightClassWeights.deallocate()
    }

    /// Grows a tree on the rows with positive weight.
    /// - Parameters:
    ///   - rowWeights: One non-negative weight per row, not all 0 (`nil`: all 1). Bootstrap
    ///     counts, boosting weights and sample weights all come in here.
    ///   - random: Draws the features tried at each node (and random thresholds).
    func grow(weights rowWeights: [Double]?, random: inout RandomSource) -> FlatTree {
        let n = set.rowCount
        if let rowWeights {
            weights.update(from: rowWeights, count: n)
        } else {
            weights.update(repeating: 1, count: n)
        }
        var totalWeight = 0.0
        for i in 0..<n { totalWeight += weights[i] }
        let rowCount = splitter.prepare(weights: weights)
        let k = set.classCount
        var assembler = TreeAssembler(classCount: k)
        var pendingClassWeights: [Double] = []
        let root = splitter.summarize(start: 0, count: rowCount, into: nodeClassWeights)
        pendingClassWeights.append(contentsOf: UnsafeBufferPointer(start: nodeClassWeights, count: k))
        var stack = [PendingNode(start: 0, end: rowCount, depth: 0, node: assembler.addNode(), summary: root)]
        while let pending = stack.popLast() {
            let start = pending.start
            let end = pending.end
            let summary = pending.summary
            for c in stride(from: k - 1, through: 0, by: -1) { nodeClassWeights[c] = pendingClassWeights.removeLast() }
            if settings.isLeaf(count: summary.count, depth: pending.depth, impurity: summary.impurity) {
                setLeaf(pending.node, summary, nodeClassWeights, &assembler)
                continue
            }
            guard
                let split = splitter.findSplit(
                    start: start, end: end, node: summary, classWeights: nodeClassWeights, weights: weights,
                    random: &random)
            else {
                setLeaf(pending.node, summary, nodeClassWeights, &assembler)
                continue
            }
            splitter.separate(start: start, end: end, split: split)
            let middle = start + split.leftCount
            let left = splitter.summarize(start: start, count: split.leftCount, into: leftClassWeights)
            let right = splitter.summarize(start: middle, count: end - middle, into: rightClassWeights)
            // scikit-learn's impurity_improvement: N_t / N · (i(t) − N_tR / N_t · i(t_R) − N_tL / N_t · i(t_L)).
            let improvement =
                summary.weight / totalWeight
                * (summary.impurity - right.weight / summary.weight * right.impurity
                    - left.weight / summary.weight * left.impurity)
            if improvement + TreeGrowthSettings.pureImpurity < settings.minImpurityDecrease {
                setLeaf(pending.node, summary, nodeClassWeights, &assembler)
                continue
            }
            let child = assembler.addPair()
            assembler.setSplit(pending.node, feature: split.feature, threshold: split.threshold, left: child)
            let depth = pending.depth + 1
            let leftIsLeaf = settings.isLeaf(count: left.count, depth: depth, impurity: left.impurity)
            let rightIsLeaf = settings.isLeaf(count: right.count, depth: depth, impurity: right.impurity)
            if leftIsLeaf { setLeaf(child, left, leftClassWeights, &assembler) }
            if rightIsLeaf { setLeaf(child + 1, right, rightClassWeights, &assembler) }
            if leftIsLeaf && rightIsLeaf { continue }
            splitter.finishSeparation(start: start, end: end, split: split)
            if !rightIsLeaf {
                stack.append(PendingNode(start: middle, end: end, depth: depth, node: child + 1, summary: right))
                pendingClassWeights.append(contentsOf: UnsafeBufferPointer(start: rightClassWeights, count: k))
            }
            if !leftIsLeaf {
                stack.append(PendingNode(start: start, end: middle, depth: depth, node: child, summary: left))
                pendingClassWeights.append(contentsOf: UnsafeBufferPointer(start: leftClassWeights, count: k))
            }
        }
        return assembler.tree()
    }

    private func setLeaf(
        _ node: Int, _ summary: NodeSummary, _ classWeights: UnsafePointer<Double>, _ assembler: inout TreeAssembler
    ) {
        if set.task == .classification {
            assembler.setClassLeaf(node, classWeights: classWeights, weight: summary.weight)
        } else {
            assembler.setValueLeaf(node, value: summary.weight > 0 ? summary.sum / summary.weight : 0)
        }
    }
}

/// A ``TreeGrower`` of either splitter kind, chosen by the settings' strategy.
enum AnyTreeGrower {
    case best(TreeGrower<BestSplitter>)
    case random(TreeGrower<RandomSplitter>)

    /// A grower (with its buffers) for trees on `set`; `set` must be presorted for `.best`.
    init(set: TreeTrainingSet, settings: TreeGrowthSettings) {
        switch settings.strategy {
        case .best:
            self = .best(TreeGrower(set: set, settings: settings, splitter: BestSplitter(set: set, settings: settings)))
        case .random:
            self = .random(
                TreeGrower(set: set, settings: settings, splitter: RandomSplitter(set: set, settings: settings)))
        }
    }

    /// Grows one tree; see ``TreeGrower/grow(weights:random:)``.
    func grow(weights: [Double]?, random: inout RandomSource) -> FlatTree {
        switch self {
        case .best(let grower): return grower.grow(weights: weights, random: &random)
        case .random(let grower): return grower.grow(weights: weights, random: &random)
        }
    }
}

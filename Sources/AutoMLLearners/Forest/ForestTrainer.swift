import AutoMLData
import AutoMLNumerics
import Dispatch

/// Grows the trees of a forest, in parallel when asked, and scores it on out-of-bag rows.
///
/// Tree `t` takes every random draw (its bootstrap sample, then the features and thresholds
/// of its nodes) from `RandomSource(seed: seed).child(t)`, and is written into slot `t` of a
/// preallocated buffer, so the forest is identical for any number of threads.
struct ForestTrainer: Sendable {
    let set: TreeTrainingSet
    let growth: TreeGrowthSettings
    let treeCount: Int
    let bootstrap: Bool
    /// Rows drawn (with replacement) per bootstrap sample.
    let sampleCount: Int
    let sampleWeights: [Double]?
    let root: RandomSource

    init(
        set: TreeTrainingSet, growth: TreeGrowthSettings, treeCount: Int, bootstrap: Bool, maxSamples: Double?,
        sampleWeights: [Double]?, seed: UInt64
    ) {
        self.set = set
        self.growth = growth
        self.treeCount = treeCount
        self.bootstrap = bootstrap
        // scikit-learn: max(round(n · max_samples), 1), Python's round (half to even).
        sampleCount = maxSamples.map { max(Int((Double(set.rowCount) * $0).rounded(.toNearestOrEven)), 1) } ?? set.rowCount
        self.sampleWeights = sampleWeights
        root = RandomSource(seed: seed)
    }

    /// How often each row is drawn into tree `t`'s bootstrap sample (scikit-learn's
    /// `_generate_sample_indices`: `sampleCount` uniform draws with replacement).
    func bootstrapCounts(_ random: inout RandomSource) -> [Int32] {
        var counts = [Int32](repeating: 0, count: set.rowCount)
        for _ in 0..<sampleCount { counts[random.integer(below: set.rowCount)] += 1 }
        return counts
    }

    /// The row weights tree `t` grows with: bootstrap counts times sample weights (scikit-learn
    /// passes bootstrap samples as weights, not copies), or the sample weights alone.
    private func rowWeights(_ random: inout RandomSource) -> [Double]? {
        guard bootstrap else { return sampleWeights }
        let counts = bootstrapCounts(&random)
        if let sampleWeights {
            return (0..<set.rowCount).map { Double(counts[$0]) * sampleWeights[$0] }
        }
        return counts.map(Double.init)
    }

    /// Grows all trees with `jobs` threads (each reusing one grower's buffers).
    func growTrees(jobs: Int) -> [FlatTree] {
        let workerCount = max(1, min(jobs, treeCount))
        let slots = TreeSlots(count: treeCount)
        let work: @Sendable (Int) -> Void = { worker in
            let grower = AnyTreeGrower(set: set, settings: growth)
            var t = worker
            while t < treeCount {
                var random = root.child(UInt64(t))
                let weights = rowWeights(&random)
                slots.store(grower.grow(weights: weights, random: &random), at: t)
                t += workerCount
            }
        }
        if workerCount == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workerCount, execute: work)
        }
        return slots.collect()
    }

    /// Accuracy (classification) or R² (regression) of the averaged predictions of the trees
    /// that did not see each row, over the rows left out by at least one tree (scikit-learn's
    /// `oob_score_`, which instead counts never-left-out rows as class 0 or value 0); `nil`
    /// without bootstrap or when no row was ever left out.
    func outOfBagScore(of trees: [FlatTree], features: Matrix, target: Target) -> Double? {
        guard bootstrap else { return nil }
        let n = set.rowCount
        let d = set.featureCount
        let width = max(set.classCount, 1)
        let rows = TreeEnsemble.floatRows(features)
        var sums = [Double](repeating: 0, count: n * width)
        var votes = [Int](repeating: 0, count: n)
        var gathered = [Float]()
        var output = [Double]()
        for (t, tree) in trees.enumerated() {
            var random = root.child(UInt64(t))
            let counts = bootstrapCounts(&random)
            let left = (0..<n).filter { counts[$0] == 0 }
            guard !left.isEmpty else { continue }
            gathered.removeAll(keepingCapacity: true)
            for row in left { gathered.append(contentsOf: rows[row * d..<(row + 1) * d]) }
            output = [Double](repeating: 0, count: left.count * width)
            gathered.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    guard let s = source.baseAddress, let o = target.baseAddress else { return }
                    tree.accumulate(rows: s, rowCount: left.count, featureCount: d, scale: 1, into: o)
                }
            }
            for (i, row) in left.enumerated() {
                votes[row] += 1
                for k in 0..<width { sums[row * width + k] += output[i * width + k] }
            }
        }
        let scored = (0..<n).filter { votes[$0] > 0 }
        guard !scored.isEmpty else { return nil }
        switch target {
        case .classification(let labels, _):
            var correct = 0
            for row in scored {
                var best = 0
                for k in 1..<width where sums[row * width + k] > sums[row * width + best] { best = k }
                correct += best == labels[row] ? 1 : 0
            }
            return Double(correct) / Double(scored.count)
        case .regression(let values):
            let mean = scored.reduce(0) { $0 + values[$1] } / Double(scored.count)
            var residual = 0.0
            var total = 0.0
            for row in scored {
                let prediction = sums[row] / Double(votes[row])
                residual += (values[row] - prediction) * (values[row] - prediction)
                total += (values[row] - mean) * (values[row] - mean)
            }
            return total > 0 ? 1 - residual / total : nil
        }
    }
}

/// Preallocated slots that worker threads fill, one tree each: each slot is written by exactly
/// one worker, and read only after all workers finished.
private final class TreeSlots: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<FlatTree?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ tree: FlatTree, at index: Int) {
        slots[index] = tree
    }

    func collect() -> [FlatTree] {
        (0..<count).compactMap { slots[$0] }
    }
}

import AutoMLNumerics

/// The boosting loop of ``GradientBoosting`` (steps 3–5 of its discussion): scores,
/// gradients, sampling, one ``HistogramTreeGrower`` pass per tree, score updates and early
/// stopping. Owns the per-fit buffers.
final class GradientBoostingTrainer {
    /// Binned rows with their targets and weights.
    struct Part {
        var codes: BinnedFeatures
        var targets: [Double]
        var weights: [Double]?
        var rowCount: Int { codes.rowCount }
    }

    let hyperparameters: GradientBoosting.Hyperparameters
    let loss: GradientBoostingLoss
    let binner: FeatureBinner
    let training: Part
    let validation: Part?
    /// The starting raw score of each score column.
    let initialScores: [Double]
    private let scoreCount: Int
    private let grower: HistogramTreeGrower
    private let pool: HistogramWorkerPool
    private var trainingScores: [Double]
    private var validationScores: [Double]
    private var pairs: [SIMD2<Double>]
    private var baggingRandom: RandomSource
    private var featureRandom: RandomSource
    /// Features with at least two bins (the others can never split).
    private let usableFeatures: [Int]

    init(
        hyperparameters: GradientBoosting.Hyperparameters, loss: GradientBoostingLoss,
        binner: FeatureBinner,
        training: Part, validation: Part?, random: RandomSource
    ) {
        self.hyperparameters = hyperparameters
        self.loss = loss
        self.binner = binner
        self.training = training
        self.validation = validation
        scoreCount = loss.scoreCount
        initialScores = loss.initialScores(targets: training.targets, weights: training.weights)
        let binCounts = (0..<binner.featureCount).map { binner.binCount(of: $0) }
        usableFeatures = binCounts.indices.filter { binCounts[$0] > 1 }
        pool = HistogramWorkerPool(jobs: hyperparameters.jobs)
        grower = HistogramTreeGrower(
            binned: training.codes, binCounts: binCounts, pool: pool,
            settings: .init(
                maxLeafCount: hyperparameters.maxLeafCount, maxDepth: hyperparameters.maxDepth,
                constraints: SplitConstraints(
                    minSamplesLeaf: hyperparameters.minSamplesLeaf,
                    minChildWeight: hyperparameters.minChildWeight,
                    l2Regularization: hyperparameters.l2Regularization,
                    minSplitGain: hyperparameters.minSplitGain)))
        let scores = initialScores
        trainingScores = (0..<(training.rowCount * scoreCount)).map { scores[$0 % scores.count] }
        validationScores = (0..<((validation?.rowCount ?? 0) * scoreCount)).map {
            scores[$0 % scores.count]
        }
        pairs = [SIMD2<Double>](repeating: .zero, count: training.rowCount * scoreCount)
        baggingRandom = random.child(3)
        featureRandom = random.child(4)
    }

    /// Boosts, and returns the trees and the validation losses (empty without early stopping).
    func run() -> (GradientBoostingTrees, [Double]) {
        defer { pool.shutDown() }
        var trees = GradientBoostingTrees()
        var losses: [Double] = []
        if validation != nil { losses.append(validationLoss()) }
        let n = training.rowCount
        for _ in 0..<hyperparameters.iterationCount {
            computeGradients()
            let bag = drawBag()
            var grown: [GrownTree] = []
            for k in 0..<scoreCount {
                let features = drawFeatures()
                pairs.withUnsafeBufferPointer { all in
                    guard let gradients = all.baseAddress else {
                        preconditionFailure("fit validates that there are training rows")
                    }
                    grower.grow(bag: bag?.rows, gradients: gradients + k * n, features: features)
                }
                let tree = GrownTree(
                    nodes: grower.nodes,
                    leafValues: grower.leaves.map {
                        hyperparameters.learningRate * grower.value(of: $0)
                    })
                update(score: k, with: tree, outOfBag: bag?.outOfBag)
                grown.append(tree)
            }
            // LightGBM stops when no tree of an iteration found a split.
            guard grown.contains(where: { !$0.nodes.isEmpty }) else { break }
            for tree in grown { trees.append(tree, binner: binner) }
            if validation != nil {
                losses.append(validationLoss())
                if shouldStop(losses) { break }
            }
        }
        return (trees, losses)
    }

    // MARK: Steps

    /// Step 4: the gradients of every score column, from the scores before this iteration,
    /// rows split evenly over the jobs (each row's pairs depend on that row only).
    private func computeGradients() {
        let n = training.rowCount
        let chunks = pool.jobs > 1 ? min(16, max(1, n / 2048)) : 1
        let loss = self.loss
        trainingScores.withUnsafeBufferPointer { scores in
            training.targets.withUnsafeBufferPointer { targets in
                pairs.withUnsafeMutableBufferPointer { out in
                    withOptionalPointer(training.weights) { weights in
                        // Empty only without rows, when there is no gradient to compute.
                        guard let scoreStart = scores.baseAddress,
                            let targetStart = targets.baseAddress, let pairStart = out.baseAddress
                        else { return }
                        nonisolated(unsafe) let (s, t, w, o) = (
                            scoreStart, targetStart, weights, pairStart
                        )
                        let body = { (chunk: Int) in
                            loss.computeGradients(
                                scores: s, targets: t, weights: w, rowCount: n,
                                rows: (n * chunk / chunks)..<(n * (chunk + 1) / chunks), into: o)
                        }
                        pool.run(count: chunks, body)
                    }
                }
            }
        }
    }

    /// The rows of this iteration (ascending) and the others, or `nil` for all rows.
    private func drawBag() -> (rows: [Int32], outOfBag: [Int32])? {
        let fraction = hyperparameters.baggingFraction
        let n = training.rowCount
        guard fraction < 1 else { return nil }
        let count = min(n, max(1, Int(fraction * Double(n))))
        let chosen = FeatureBinner.sortedSample(of: n, choosing: count, random: &baggingRandom)
        var rows: [Int32] = []
        var outOfBag: [Int32] = []
        rows.reserveCapacity(count)
        outOfBag.reserveCapacity(n - count)
        var next = 0
        for r in 0..<n {
            if next < chosen.count && chosen[next] == r {
                rows.append(Int32(r))
                next += 1
            } else {
                outOfBag.append(Int32(r))
            }
        }
        return (rows, outOfBag)
    }

    /// The features of one tree (LightGBM's `feature_fraction` by tree), ascending.
    private func drawFeatures() -> [Int] {
        let fraction = hyperparameters.featureFraction
        guard fraction < 1, usableFeatures.count > 1 else { return usableFeatures }
        let count = min(
            usableFeatures.count, max(1, Int((fraction * Double(usableFeatures.count)).rounded())))
        return FeatureBinner.sortedSample(
            of: usableFeatures.count, choosing: count, random: &featureRandom
        )
        .map { usableFeatures[$0] }
    }

    /// Adds `tree` to score column `k` of every training row (through the leaves' row ranges,
    /// or by walking the bins for rows out of the bag) and of every validation row. Each row
    /// is written once, so the work is split over the jobs without changing the result.
    private func update(score k: Int, with tree: GrownTree, outOfBag: [Int32]?) {
        let scoreCount = self.scoreCount
        let parallel = pool.jobs > 1 && training.rowCount >= 4096
        trainingScores.withUnsafeMutableBufferPointer { scores in
            guard let scoreStart = scores.baseAddress else {
                preconditionFailure("fit validates that there are training rows")
            }
            nonisolated(unsafe) let (out, rows) = (scoreStart, UnsafePointer(grower.rowIndices))
            let leaves = grower.leaves
            let addLeaf = { (leafIndex: Int) in
                let leaf = leaves[leafIndex]
                let value = tree.leafValues[leafIndex]
                for i in leaf.begin..<(leaf.begin + leaf.count) {
                    out[Int(rows[i]) * scoreCount + k] += value
                }
            }
            if parallel {
                pool.run(count: leaves.count, addLeaf)
            } else {
                leaves.indices.forEach(addLeaf)
            }
            if let outOfBag {
                training.codes.codes.withUnsafeBufferPointer { codes in
                    guard let codeStart = codes.baseAddress else {
                        preconditionFailure("an array's buffer has an address even when empty")
                    }
                    Self.walk(
                        tree, rows: outOfBag, codes: codeStart,
                        rowCount: training.rowCount, into: out, scoreCount: scoreCount, score: k,
                        pool: parallel ? pool : nil)
                }
            }
        }
        guard let validation, validation.rowCount > 0 else { return }
        validationScores.withUnsafeMutableBufferPointer { scores in
            validation.codes.codes.withUnsafeBufferPointer { codes in
                guard let codeStart = codes.baseAddress, let scoreStart = scores.baseAddress else {
                    preconditionFailure("an array's buffer has an address even when empty")
                }
                Self.walk(
                    tree, rows: nil, codes: codeStart,
                    rowCount: validation.rowCount, into: scoreStart,
                    scoreCount: scoreCount, score: k,
                    pool: parallel ? pool : nil)
            }
        }
    }

    /// Adds the leaf value of `tree` to score `k` of `rows` (all `rowCount` rows when `nil`),
    /// found by walking the bin codes; in chunks over `pool` when given.
    private static func walk(
        _ tree: GrownTree, rows: [Int32]?, codes: UnsafePointer<UInt8>, rowCount: Int,
        into scores: UnsafeMutablePointer<Double>, scoreCount: Int, score k: Int,
        pool: HistogramWorkerPool?
    ) {
        nonisolated(unsafe) let out = scores
        let count = rows?.count ?? rowCount
        let chunks = pool == nil ? 1 : min(16, max(1, count / 1024))
        let body = { (chunk: Int) in
            for i in (count * chunk / chunks)..<(count * (chunk + 1) / chunks) {
                let r = rows.map { Int($0[i]) } ?? i
                out[r * scoreCount + k] +=
                    tree.leafValues[tree.leaf(row: r, codes: codes, rowCount: rowCount)]
            }
        }
        if let pool { pool.run(count: chunks, body) } else { body(0) }
    }

    private func validationLoss() -> Double {
        guard let validation, validation.rowCount > 0 else { return 0 }
        return validationScores.withUnsafeBufferPointer { scores in
            validation.targets.withUnsafeBufferPointer { targets in
                withOptionalPointer(validation.weights) { weights in
                    guard let scoreStart = scores.baseAddress, let targetStart = targets.baseAddress
                    else { preconditionFailure("there are validation rows (checked above)") }
                    return loss.meanLoss(
                        scores: scoreStart, targets: targetStart,
                        weights: weights,
                        rowCount: validation.rowCount)
                }
            }
        }
    }

    /// scikit-learn's `_should_stop`: none of the last `iterationsWithoutChange` losses is
    /// below the loss just before them minus `tolerance`.
    private func shouldStop(_ losses: [Double]) -> Bool {
        let window = hyperparameters.iterationsWithoutChange
        guard losses.count > window else { return false }
        let reference = losses[losses.count - window - 1] - hyperparameters.tolerance
        return !losses.suffix(window).contains { $0 < reference }
    }
}

/// Calls `body` with a pointer to `values`' elements, or `nil` when `values` is `nil`.
private func withOptionalPointer<R>(_ values: [Double]?, _ body: (UnsafePointer<Double>?) -> R) -> R
{
    guard let values else { return body(nil) }
    return values.withUnsafeBufferPointer { body($0.baseAddress) }
}

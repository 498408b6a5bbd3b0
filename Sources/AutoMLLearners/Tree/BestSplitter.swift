import AutoMLData
import AutoMLNumerics
import Foundation

/// Exact best splits (CART; scikit-learn's `BestSplitter`) over presorted features.
///
/// Instead of sorting each node's rows by each candidate feature, the splitter keeps, for every
/// feature, the tree's rows in ascending order of that feature (from the order
/// ``TreeTrainingSet`` computed once). A node owns the same positions `start..<end` in every
/// feature's list. Finding a split is then one sequential scan per candidate feature with
/// running class weights or sums (no allocation, no sorting), and separating the children is a
/// stable partition of each feature's list by a left/right mark per row, O(d · n) per level.
final class BestSplitter: NodeSplitter {
    private let set: TreeTrainingSet
    private let settings: TreeGrowthSettings
    private let n: Int
    private let d: Int
    /// Per feature (`f * n`), the feature's values in ascending order over the node ranges.
    private let values: UnsafeMutablePointer<Float>
    /// Per feature (`f * n`), the rows in the order of ``values``.
    private let orderedRows: UnsafeMutablePointer<Int32>
    private let scratchValues: UnsafeMutablePointer<Float>
    private let scratchRows: UnsafeMutablePointer<Int32>
    private let goesLeft: UnsafeMutablePointer<Int>
    private let leftClassWeights: UnsafeMutablePointer<Double>
    private let featureOrder: UnsafeMutablePointer<Int>
    /// The grower's row weights for the current tree (set by ``prepare(weights:)``).
    private var weights: UnsafePointer<Double>?
    /// The feature whose order ``summarize(start:count:into:)`` reads: after ``separate(start:end:split:)``
    /// only the split feature's order is separated; after ``finishSeparation(start:end:split:)`` all are.
    private var summaryFeature = 0

    /// The best candidate so far during one node's search.
    private struct Best {
        var proxy = -Double.infinity
        var feature = -1
        var position = 0
        var low: Float = 0
        var high: Float = 0
    }

    /// - Precondition: `set` was built with `presort: true` (our invariant, not user data).
    init(set: TreeTrainingSet, settings: TreeGrowthSettings) {
        precondition(set.sortedRows != nil, "BestSplitter needs presorted rows")
        self.set = set
        self.settings = settings
        n = set.rowCount
        d = set.featureCount
        values = .allocate(capacity: n * d)
        orderedRows = .allocate(capacity: n * d)
        scratchValues = .allocate(capacity: n)
        scratchRows = .allocate(capacity: n)
        goesLeft = .allocate(capacity: n)
        leftClassWeights = .allocate(capacity: max(set.classCount, 1))
        featureOrder = .allocate(capacity: d)
    }

    deinit {
        values.deallocate()
        orderedRows.deallocate()
        scratchValues.deallocate()
        scratchRows.deallocate()
        goesLeft.deallocate()
        leftClassWeights.deallocate()
        featureOrder.deallocate()
    }

    func prepare(weights: UnsafePointer<Double>) -> Int {
        self.weights = weights
        summaryFeature = 0
        guard let sorted = set.sortedRows else { return 0 }
        var count = 0
        for f in 0..<d {
            let order = sorted + f * n
            let column = set.columns + f * n
            let targetValues = values + f * n
            let targetRows = orderedRows + f * n
            count = 0
            for i in 0..<n {
                let row = order[i]
                targetValues[count] = column[Int(row)]
                targetRows[count] = row
                count += weights[Int(row)] > 0 ? 1 : 0
            }
        }
        return count
    }

    func summarize(start: Int, count: Int, into classWeights: UnsafeMutablePointer<Double>) -> NodeSummary {
        guard let weights else { return NodeSummary(count: 0, weight: 0, sum: 0, impurity: 0) }
        return NodeStatistics.summarize(
            rows: orderedRows + summaryFeature * n + start, count: count, set: set, weights: weights,
            criterion: settings.criterion, classWeights: classWeights)
    }

    func findSplit(
        start: Int, end: Int, node: NodeSummary, classWeights: UnsafePointer<Double>,
        weights: UnsafePointer<Double>, random: inout RandomSource
    ) -> CandidateSplit? {
        var best = Best()
        for f in 0..<d { featureOrder[f] = f }
        var visited = 0
        var drawn = 0
        // Draw features without replacement until `featuresPerSplit` non-constant ones have been
        // scanned (constant features do not count, as in scikit-learn).
        while drawn < d && visited < settings.featuresPerSplit {
            let pick = drawn + random.integer(below: d - drawn)
            let feature = featureOrder[pick]
            featureOrder[pick] = featureOrder[drawn]
            featureOrder[drawn] = feature
            drawn += 1
            let column = values + feature * n
            if Double(column[end - 1]) <= Double(column[start]) + TreeGrowthSettings.featureTolerance { continue }
            visited += 1
            if set.task == .classification {
                scanClasses(feature, start, end, node, classWeights, weights, &best)
            } else {
                scanValues(feature, start, end, node, weights, &best)
            }
        }
        guard best.feature >= 0 else { return nil }
        // Midpoint threshold; fall back to the lower value when rounding reaches the upper one
        // (scikit-learn does the same in double precision).
        var threshold = best.low * 0.5 + best.high * 0.5
        if !(threshold < best.high) || !threshold.isFinite { threshold = best.low }
        if threshold < best.low { threshold = best.low }
        return CandidateSplit(feature: best.feature, threshold: threshold, leftCount: best.position - start)
    }

    /// Scans `feature`'s order for the best class split (Gini or entropy proxy).
    @inline(__always)
    private func scanClasses(
        _ feature: Int, _ start: Int, _ end: Int, _ node: NodeSummary, _ classWeights: UnsafePointer<Double>,
        _ weights: UnsafePointer<Double>, _ best: inout Best
    ) {
        let k = set.classCount
        let labels = set.labels
        let column = values + feature * n
        let rows = orderedRows + feature * n
        let left = leftClassWeights
        left.update(repeating: 0, count: k)
        let minLeaf = settings.minSamplesLeaf
        let lastPosition = end - minLeaf  // the right child keeps ≥ minLeaf rows
        let isGini = settings.criterion != .entropy
        var leftWeight = 0.0
        var p = start
        while p < end - 1 {
            let row = Int(rows[p])
            let w = weights[row]
            left[Int(labels[row])] += w
            leftWeight += w
            p += 1  // the split would put positions start..<p left
            if p > lastPosition { break }
            if p - start < minLeaf { continue }
            if Double(column[p]) <= Double(column[p - 1]) + TreeGrowthSettings.featureTolerance { continue }
            let rightWeight = node.weight - leftWeight
            guard rightWeight > 0, leftWeight > 0 else { continue }
            var proxy: Double
            if isGini {
                // −(N_L · Gini_L + N_R · Gini_R) + N = Σ l²/N_L + Σ r²/N_R.
                var leftSquares = 0.0
                var rightSquares = 0.0
                for c in 0..<k {
                    let l = left[c]
                    let r = classWeights[c] - l
                    leftSquares += l * l
                    rightSquares += r * r
                }
                proxy = leftSquares / leftWeight + rightSquares / rightWeight
            } else {
                // −(N_L · H_L + N_R · H_R) = Σ l log l − N_L log N_L + Σ r log r − N_R log N_R.
                proxy = -leftWeight * log(leftWeight) - rightWeight * log(rightWeight)
                for c in 0..<k {
                    let l = left[c]
                    let r = classWeights[c] - l
                    if l > 0 { proxy += l * log(l) }
                    if r > 0 { proxy += r * log(r) }
                }
            }
            if proxy > best.proxy {
                best = Best(proxy: proxy, feature: feature, position: p, low: column[p - 1], high: column[p])
            }
        }
    }

    /// Scans `feature`'s order for the best squared-error split: maximizes
    /// S_L²/N_L + S_R²/N_R (scikit-learn's MSE proxy).
    @inline(__always)
    private func scanValues(
        _ feature: Int, _ start: Int, _ end: Int, _ node: NodeSummary, _ weights: UnsafePointer<Double>,
        _ best: inout Best
    ) {
        let targets = set.targets
        let column = values + feature * n
        let rows = orderedRows + feature * n
        let minLeaf = settings.minSamplesLeaf
        let lastPosition = end - minLeaf
        var leftWeight = 0.0
        var leftSum = 0.0
        var p = start
        while p < end - 1 {
            let row = Int(rows[p])
            let w = weights[row]
            leftWeight += w
            leftSum += w * targets[row]
            p += 1
            if p > lastPosition { break }
            if p - start < minLeaf { continue }
            if Double(column[p]) <= Double(column[p - 1]) + TreeGrowthSettings.featureTolerance { continue }
            let rightWeight = node.weight - leftWeight
            guard rightWeight > 0, leftWeight > 0 else { continue }
            let rightSum = node.sum - leftSum
            let proxy = leftSum * leftSum / leftWeight + rightSum * rightSum / rightWeight
            if proxy > best.proxy {
                best = Best(proxy: proxy, feature: feature, position: p, low: column[p - 1], high: column[p])
            }
        }
    }

    func separate(start: Int, end: Int, split: CandidateSplit) {
        // The split feature's order already has the left rows first.
        summaryFeature = split.feature
    }

    func finishSeparation(start: Int, end: Int, split: CandidateSplit) {
        let splitRows = orderedRows + split.feature * n
        let middle = start + split.leftCount
        for p in start..<middle { goesLeft[Int(splitRows[p])] = 1 }
        for p in middle..<end { goesLeft[Int(splitRows[p])] = 0 }
        for f in 0..<d where f != split.feature {
            let column = values + f * n
            let rows = orderedRows + f * n
            // Stable, branch-free partition: left rows compact in place, right rows to scratch.
            var write = start
            var spill = 0
            for p in start..<end {
                let row = rows[p]
                let value = column[p]
                let isLeft = goesLeft[Int(row)]
                column[write] = value
                rows[write] = row
                scratchValues[spill] = value
                scratchRows[spill] = row
                write += isLeft
                spill += 1 - isLeft
            }
            (column + write).update(from: scratchValues, count: spill)
            (rows + write).update(from: scratchRows, count: spill)
        }
    }
}

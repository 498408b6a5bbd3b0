import AutoMLData
import AutoMLNumerics
import Foundation

/// Random splits (extremely randomized trees, Geurts, Ernst & Wehenkel 2006; scikit-learn's
/// `RandomSplitter`): for each candidate feature, one threshold drawn uniformly between the
/// node's minimum and maximum of the feature; the candidate with the best impurity decrease
/// wins.
///
/// No sorting. The rows of the tree sit in position arrays together with copies of their
/// labels (or targets) and weights, and a split partitions all of them, so every node reads
/// its targets contiguously. Per candidate, one pass gathers the node's values of the feature
/// (and their range) and one branch-free pass sums the left side.
final class RandomSplitter: NodeSplitter {
    private let set: TreeTrainingSet
    private let settings: TreeGrowthSettings
    private let n: Int
    private let d: Int
    private let isClassification: Bool
    /// Row at each position.
    private let rows: UnsafeMutablePointer<Int32>
    /// Class of the row at each position (classification).
    private let labels: UnsafeMutablePointer<Int32>
    /// Target of the row at each position (regression), or its class as a number
    /// (classification; the two-class sums use it).
    private let targets: UnsafeMutablePointer<Double>
    /// Weight of the row at each position.
    private let weights: UnsafeMutablePointer<Double>
    /// The candidate feature's values of the node's rows, by position.
    private let gathered: UnsafeMutablePointer<Float>
    private let leftClassWeights: UnsafeMutablePointer<Double>
    private let featureOrder: UnsafeMutablePointer<Int>
    /// Scratch space for the right side while separating.
    private let scratchRows: UnsafeMutablePointer<Int32>
    private let scratchLabels: UnsafeMutablePointer<Int32>
    private let scratchTargets: UnsafeMutablePointer<Double>
    private let scratchWeights: UnsafeMutablePointer<Double>

    init(set: TreeTrainingSet, settings: TreeGrowthSettings) {
        self.set = set
        self.settings = settings
        n = set.rowCount
        d = set.featureCount
        isClassification = set.task == .classification
        rows = .allocate(capacity: n)
        labels = .allocate(capacity: isClassification ? n : 0)
        targets = .allocate(capacity: n)
        weights = .allocate(capacity: n)
        gathered = .allocate(capacity: n)
        leftClassWeights = .allocate(capacity: max(set.classCount, 1))
        featureOrder = .allocate(capacity: d)
        scratchRows = .allocate(capacity: n)
        scratchLabels = .allocate(capacity: isClassification ? n : 0)
        scratchTargets = .allocate(capacity: n)
        scratchWeights = .allocate(capacity: n)
    }

    deinit {
        rows.deallocate()
        labels.deallocate()
        targets.deallocate()
        weights.deallocate()
        gathered.deallocate()
        leftClassWeights.deallocate()
        featureOrder.deallocate()
        scratchRows.deallocate()
        scratchLabels.deallocate()
        scratchTargets.deallocate()
        scratchWeights.deallocate()
    }

    func prepare(weights rowWeights: UnsafePointer<Double>) -> Int {
        var count = 0
        for i in 0..<n where rowWeights[i] > 0 {
            rows[count] = Int32(i)
            weights[count] = rowWeights[i]
            if isClassification {
                labels[count] = set.labels[i]
                targets[count] = Double(set.labels[i])
            } else {
                targets[count] = set.targets[i]
            }
            count += 1
        }
        return count
    }

    func summarize(start: Int, count: Int, into classWeights: UnsafeMutablePointer<Double>) -> NodeSummary {
        let w = weights + start
        if isClassification {
            let k = set.classCount
            let y = labels + start
            classWeights.update(repeating: 0, count: k)
            var total = 0.0
            if k == 2 {
                var ones = 0.0
                let numeric = targets + start
                for p in 0..<count {
                    ones += w[p] * numeric[p]
                    total += w[p]
                }
                classWeights[0] = total - ones
                classWeights[1] = ones
            } else {
                for p in 0..<count {
                    classWeights[Int(y[p])] += w[p]
                    total += w[p]
                }
            }
            let impurity = NodeStatistics.classImpurity(
                classWeights, classCount: k, weight: total, criterion: settings.criterion)
            return NodeSummary(count: count, weight: total, sum: 0, impurity: impurity)
        }
        let y = targets + start
        var total = 0.0
        var sum = 0.0
        var squares = 0.0
        var low = Double.infinity
        var high = -Double.infinity
        for p in 0..<count {
            let value = y[p]
            total += w[p]
            sum += w[p] * value
            squares += w[p] * value * value
            low = value < low ? value : low
            high = value > high ? value : high
        }
        let impurity = low == high ? 0 : NodeStatistics.variance(sum: sum, squares: squares, weight: total)
        return NodeSummary(count: count, weight: total, sum: sum, impurity: impurity)
    }

    func findSplit(
        start: Int, end: Int, node: NodeSummary, classWeights: UnsafePointer<Double>,
        weights _: UnsafePointer<Double>, random: inout RandomSource
    ) -> CandidateSplit? {
        let count = end - start
        let nodeRows = rows + start
        let minLeaf = settings.minSamplesLeaf
        var bestProxy = -Double.infinity
        var best: CandidateSplit?
        for f in 0..<d { featureOrder[f] = f }
        var visited = 0
        var drawn = 0
        // Draw features without replacement until `featuresPerSplit` non-constant ones were tried.
        while drawn < d && visited < settings.featuresPerSplit {
            let pick = drawn + random.integer(below: d - drawn)
            let feature = featureOrder[pick]
            featureOrder[pick] = featureOrder[drawn]
            featureOrder[drawn] = feature
            drawn += 1
            let column = set.columns + feature * n
            var low = Float.infinity
            var high = -Float.infinity
            for p in 0..<count {
                let value = column[Int(nodeRows[p])]
                gathered[p] = value
                low = value < low ? value : low
                high = value > high ? value : high
            }
            if Double(high) <= Double(low) + TreeGrowthSettings.featureTolerance { continue }
            visited += 1
            let threshold = Self.threshold(between: low, and: high, random: &random)
            let (leftCount, proxy) =
                isClassification
                ? classProxy(threshold, start, count, node, classWeights)
                : valueProxy(threshold, start, count, node)
            if leftCount < minLeaf || count - leftCount < minLeaf { continue }
            if proxy > bestProxy {
                bestProxy = proxy
                best = CandidateSplit(feature: feature, threshold: threshold, leftCount: leftCount)
            }
        }
        return best
    }

    /// A threshold uniform in [low, high) (scikit-learn draws in double precision and uses `low`
    /// if the draw rounds to `high`), stored as the largest float not above the draw, so
    /// `x <= threshold` gives the same answer for every float `x`.
    private static func threshold(between low: Float, and high: Float, random: inout RandomSource) -> Float {
        var draw = random.uniform(Double(low), Double(high))
        if draw >= Double(high) { draw = Double(low) }
        var threshold = Float(draw)
        if Double(threshold) > draw { threshold = threshold.nextDown }
        return max(threshold, low)
    }

    /// Rows going left and the Gini or entropy proxy of the split of the node's rows at `threshold`.
    @inline(__always)
    private func classProxy(
        _ threshold: Float, _ start: Int, _ count: Int, _ node: NodeSummary, _ classWeights: UnsafePointer<Double>
    ) -> (Int, Double) {
        let k = set.classCount
        let left = leftClassWeights
        left.update(repeating: 0, count: k)
        var leftCount = 0
        var leftWeight = 0.0
        if k == 2 {
            // Two classes: the class-1 weight is the weighted sum of the 0/1 labels.
            let sums = leftSums(threshold, start, count)
            leftCount = sums.count
            leftWeight = sums.weight
            left[0] = sums.weight - sums.weightedTargets
            left[1] = sums.weightedTargets
        } else {
            let y = labels + start
            let w = weights + start
            for p in 0..<count where gathered[p] <= threshold {
                left[Int(y[p])] += w[p]
                leftWeight += w[p]
                leftCount += 1
            }
        }
        let rightWeight = node.weight - leftWeight
        guard leftWeight > 0, rightWeight > 0 else { return (leftCount, -.infinity) }
        if settings.criterion == .entropy {
            var proxy = -leftWeight * log(leftWeight) - rightWeight * log(rightWeight)
            for c in 0..<k {
                let l = left[c]
                let r = classWeights[c] - l
                if l > 0 { proxy += l * log(l) }
                if r > 0 { proxy += r * log(r) }
            }
            return (leftCount, proxy)
        }
        var leftSquares = 0.0
        var rightSquares = 0.0
        for c in 0..<k {
            let l = left[c]
            let r = classWeights[c] - l
            leftSquares += l * l
            rightSquares += r * r
        }
        return (leftCount, leftSquares / leftWeight + rightSquares / rightWeight)
    }

    /// Rows going left and the squared-error proxy S_L²/N_L + S_R²/N_R of the split at `threshold`.
    @inline(__always)
    private func valueProxy(_ threshold: Float, _ start: Int, _ count: Int, _ node: NodeSummary) -> (Int, Double) {
        let sums = leftSums(threshold, start, count)
        let leftCount = sums.count
        let leftWeight = sums.weight
        let leftSum = sums.weightedTargets
        let rightWeight = node.weight - leftWeight
        guard leftWeight > 0, rightWeight > 0 else { return (leftCount, -.infinity) }
        let rightSum = node.sum - leftSum
        return (leftCount, leftSum * leftSum / leftWeight + rightSum * rightSum / rightWeight)
    }

    func separate(start: Int, end: Int, split: CandidateSplit) {
        // Stable and branch-free (the side of a row is a coin flip for a random threshold):
        // left rows compact in place, right rows go to the scratch space and are copied back.
        let column = set.columns + split.feature * n
        let spillRows = scratchRows
        let spillWeights = scratchWeights
        var write = start
        var spill = 0
        if isClassification {
            let spillLabels = scratchLabels
            let spillTargets = scratchTargets
            for p in start..<end {
                let row = rows[p]
                let weight = weights[p]
                let label = labels[p]
                let target = targets[p]
                let isLeft = column[Int(row)] <= split.threshold ? 1 : 0
                rows[write] = row
                weights[write] = weight
                labels[write] = label
                targets[write] = target
                spillRows[spill] = row
                spillWeights[spill] = weight
                spillLabels[spill] = label
                spillTargets[spill] = target
                write += isLeft
                spill += 1 - isLeft
            }
            (labels + write).update(from: spillLabels, count: spill)
            (targets + write).update(from: spillTargets, count: spill)
        } else {
            let spillTargets = scratchTargets
            for p in start..<end {
                let row = rows[p]
                let weight = weights[p]
                let target = targets[p]
                let isLeft = column[Int(row)] <= split.threshold ? 1 : 0
                rows[write] = row
                weights[write] = weight
                targets[write] = target
                spillRows[spill] = row
                spillWeights[spill] = weight
                spillTargets[spill] = target
                write += isLeft
                spill += 1 - isLeft
            }
            (targets + write).update(from: spillTargets, count: spill)
        }
        (rows + write).update(from: spillRows, count: spill)
        (weights + write).update(from: spillWeights, count: spill)
    }

    /// Count, weight and weighted target sum of the node's rows whose gathered value is
    /// ≤ `threshold`.
    ///
    /// Four rows at a time with vector masks: a random threshold makes the side of each row a
    /// coin flip, and the optimizer turns every scalar form of "add if left" (select, bit mask,
    /// multiplication by 0 or 1) into a mispredicted branch.
    @inline(__always)
    private func leftSums(_ threshold: Float, _ start: Int, _ count: Int)
        -> (count: Int, weight: Double, weightedTargets: Double)
    {
        let values = UnsafeRawPointer(gathered)
        let w = UnsafeRawPointer(weights + start)
        let y = UnsafeRawPointer(targets + start)
        let limit = SIMD4<Double>(repeating: Double(threshold))
        var weight4 = SIMD4<Double>()
        var sum4 = SIMD4<Double>()
        var count4 = SIMD4<Int64>()
        var p = 0
        while p + 4 <= count {
            let value = SIMD4<Double>(values.loadUnaligned(fromByteOffset: p * 4, as: SIMD4<Float>.self))
            let isLeft = value .<= limit
            let share = SIMD4<Double>().replacing(
                with: w.loadUnaligned(fromByteOffset: p * 8, as: SIMD4<Double>.self), where: isLeft)
            weight4 += share
            sum4 += share * y.loadUnaligned(fromByteOffset: p * 8, as: SIMD4<Double>.self)
            count4 &+= SIMD4<Int64>().replacing(with: 1, where: isLeft)
            p += 4
        }
        var leftCount = Int(count4.wrappedSum())
        var leftWeight = weight4.sum()
        var leftSum = sum4.sum()
        let wp = weights + start
        let yp = targets + start
        while p < count {
            if gathered[p] <= threshold {
                leftCount += 1
                leftWeight += wp[p]
                leftSum += wp[p] * yp[p]
            }
            p += 1
        }
        return (leftCount, leftWeight, leftSum)
    }

    func finishSeparation(start: Int, end: Int, split: CandidateSplit) {
        // ``separate(start:end:split:)`` already partitioned every position array.
    }
}

import AutoMLData
import AutoMLNumerics
import Foundation

/// Random splits (extremely randomized trees, Geurts, Ernst & Wehenkel 2006; scikit-learn's
/// `RandomSplitter`): for each candidate feature, one threshold drawn uniformly between the
/// node's minimum and maximum of the feature; the candidate with the best impurity decrease
/// wins.
///
/// No sorting: per candidate, one pass gathers the node's values (and their range) into a
/// contiguous buffer and one pass sums the left side. The node's rows are partitioned once, by
/// the winning split.
final class RandomSplitter: NodeSplitter {
    private let set: TreeTrainingSet
    private let settings: TreeGrowthSettings
    private let n: Int
    private let d: Int
    private let samples: UnsafeMutablePointer<Int32>
    private let gathered: UnsafeMutablePointer<Float>
    private let leftClassWeights: UnsafeMutablePointer<Double>
    private let featureOrder: UnsafeMutablePointer<Int>

    init(set: TreeTrainingSet, settings: TreeGrowthSettings) {
        self.set = set
        self.settings = settings
        n = set.rowCount
        d = set.featureCount
        samples = .allocate(capacity: n)
        gathered = .allocate(capacity: n)
        leftClassWeights = .allocate(capacity: max(set.classCount, 1))
        featureOrder = .allocate(capacity: d)
    }

    deinit {
        samples.deallocate()
        gathered.deallocate()
        leftClassWeights.deallocate()
        featureOrder.deallocate()
    }

    func prepare(weights: UnsafePointer<Double>) -> Int {
        var count = 0
        for i in 0..<n where weights[i] > 0 {
            samples[count] = Int32(i)
            count += 1
        }
        return count
    }

    func rows(from start: Int) -> UnsafePointer<Int32> {
        UnsafePointer(samples + start)
    }

    func findSplit(
        start: Int, end: Int, node: NodeSummary, classWeights: UnsafePointer<Double>,
        weights: UnsafePointer<Double>, random: inout RandomSource
    ) -> CandidateSplit? {
        let count = end - start
        let rows = samples + start
        let minLeaf = settings.minSamplesLeaf
        var bestProxy = -Double.infinity
        var best: CandidateSplit?
        for f in 0..<d { featureOrder[f] = f }
        var visited = 0
        var drawn = 0
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
                let value = column[Int(rows[p])]
                gathered[p] = value
                low = min(low, value)
                high = max(high, value)
            }
            if Double(high) <= Double(low) + TreeGrowthSettings.featureTolerance { continue }
            visited += 1
            let threshold = Self.threshold(between: low, and: high, random: &random)
            let (leftCount, proxy) =
                set.task == .classification
                ? classProxy(threshold, count, rows, node, classWeights, weights)
                : valueProxy(threshold, count, rows, node, weights)
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

    @inline(__always)
    private func classProxy(
        _ threshold: Float, _ count: Int, _ rows: UnsafePointer<Int32>, _ node: NodeSummary,
        _ classWeights: UnsafePointer<Double>, _ weights: UnsafePointer<Double>
    ) -> (Int, Double) {
        let k = set.classCount
        let labels = set.labels
        let left = leftClassWeights
        left.update(repeating: 0, count: k)
        var leftCount = 0
        var leftWeight = 0.0
        for p in 0..<count where gathered[p] <= threshold {
            let row = Int(rows[p])
            let w = weights[row]
            left[Int(labels[row])] += w
            leftWeight += w
            leftCount += 1
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

    @inline(__always)
    private func valueProxy(
        _ threshold: Float, _ count: Int, _ rows: UnsafePointer<Int32>, _ node: NodeSummary,
        _ weights: UnsafePointer<Double>
    ) -> (Int, Double) {
        let targets = set.targets
        var leftCount = 0
        var leftWeight = 0.0
        var leftSum = 0.0
        for p in 0..<count where gathered[p] <= threshold {
            let row = Int(rows[p])
            let w = weights[row]
            leftWeight += w
            leftSum += w * targets[row]
            leftCount += 1
        }
        let rightWeight = node.weight - leftWeight
        guard leftWeight > 0, rightWeight > 0 else { return (leftCount, -.infinity) }
        let rightSum = node.sum - leftSum
        return (leftCount, leftSum * leftSum / leftWeight + rightSum * rightSum / rightWeight)
    }

    func separate(start: Int, end: Int, split: CandidateSplit) -> UnsafePointer<Int32> {
        let column = set.columns + split.feature * n
        var low = start
        var high = end
        while low < high {
            if column[Int(samples[low])] <= split.threshold {
                low += 1
            } else {
                high -= 1
                let row = samples[low]
                samples[low] = samples[high]
                samples[high] = row
            }
        }
        return UnsafePointer(samples + start)
    }

    func finishSeparation(start: Int, end: Int, split: CandidateSplit) {
        // ``separate(start:end:split:)`` already partitioned the only row list.
    }
}

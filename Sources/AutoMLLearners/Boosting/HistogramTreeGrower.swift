/// Grows one regression tree on gradient/hessian pairs, leaf-wise (best-first), with gradient
/// histograms over binned features, as LightGBM's `SerialTreeLearner` (Ke et al. 2017).
///
/// 1. The rows of every leaf occupy a contiguous range of ``rowIndices`` (ascending within
///    the range); splitting a leaf partitions its range stably.
/// 2. A leaf's histogram holds, per feature and bin, the sum of (gradient, hessian) pairs and
///    the row count. After a split only the smaller child's histogram is built from its
///    rows; the larger child's is the parent's minus the smaller's (the subtraction trick),
///    computed in the parent's buffer.
/// 3. Each leaf keeps its best split (``HistogramSplit``); the leaf with the highest gain is
///    split next, until `maxLeafCount` leaves exist or no leaf has an admissible split. A leaf
///    at `maxDepth`, or with fewer than 2·`minSamplesLeaf` rows, is not searched at all.
/// 4. With `jobs > 1`, the per-feature work (histogram, subtraction, split search) is spread
///    over the threads of a ``HistogramWorkerPool``; each feature writes only its own
///    histogram range and candidate slot, and the candidates are reduced in feature order,
///    so the tree does not depend on the thread count.
///
/// One grower serves every tree of a fit; its buffers are allocated once.
final class HistogramTreeGrower {
    /// An internal node: rows with `code ≤ bin` in `feature` go to `left`. A child ≥ 0 is a
    /// node of this tree, a child < 0 is `~leaf`.
    struct Node {
        var feature: Int32
        var bin: UInt8
        var gain: Double
        var left: Int32
        var right: Int32
    }

    /// A leaf of the tree being grown.
    struct Leaf {
        var begin: Int
        var count: Int
        var gradient: Double
        var hessian: Double
        var depth: Int
        var slot: Int = -1
        var split = HistogramSplit.none
        var parentNode: Int
        var isLeftChild: Bool
    }

    /// Settings of the growth.
    struct Settings {
        var maxLeafCount: Int
        var maxDepth: Int?
        var constraints: SplitConstraints
    }

    /// Below this many (row, feature) visits a histogram pass stays on the calling thread.
    static let parallelThreshold = 16_384
    /// Row visits a parallel work item should hold at least.
    static let itemRowVisits = 4096

    let settings: Settings
    private let pool: HistogramWorkerPool
    let rowCount: Int
    let featureCount: Int
    let binCounts: [Int]
    let binOffsets: [Int]
    let totalBinCount: Int
    /// The training rows' bin codes, column-major.
    let codes: UnsafeMutablePointer<UInt8>
    /// Row indices, grouped by leaf (see step 1).
    let rowIndices: UnsafeMutablePointer<Int32>
    private let scratch: UnsafeMutablePointer<Int32>
    private let ordered: UnsafeMutablePointer<SIMD2<Double>>
    private let candidates: UnsafeMutablePointer<HistogramSplit>
    private var sumSlots: [UnsafeMutablePointer<SIMD2<Double>>] = []
    private var countSlots: [UnsafeMutablePointer<UInt32>] = []
    private var freeSlots: [Int] = []

    /// The nodes of the last grown tree (node 0 is the root when there is any).
    private(set) var nodes: [Node] = []
    /// The leaves of the last grown tree.
    private(set) var leaves: [Leaf] = []

    private var features: [Int] = []
    private var gradients: UnsafePointer<SIMD2<Double>>

    /// A grower over `binned` (its codes are copied), running parallel passes on `pool`.
    init(binned: BinnedFeatures, binCounts: [Int], pool: HistogramWorkerPool, settings: Settings) {
        self.settings = settings
        self.pool = pool
        rowCount = binned.rowCount
        featureCount = binned.featureCount
        self.binCounts = binCounts
        var offsets = [Int]()
        var total = 0
        for count in binCounts {
            offsets.append(total)
            total += count
        }
        binOffsets = offsets
        totalBinCount = max(total, 1)
        let codeBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(binned.codes.count, 1))
        binned.codes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress {
                codeBuffer.initialize(from: base, count: source.count)
            }
        }
        codes = codeBuffer
        rowIndices = .allocate(capacity: max(rowCount, 1))
        scratch = .allocate(capacity: max(rowCount, 1))
        ordered = .allocate(capacity: max(rowCount, 1))
        candidates = .allocate(capacity: max(2 * featureCount, 1))
        candidates.initialize(repeating: .none, count: max(2 * featureCount, 1))
        gradients = UnsafePointer(ordered)
    }

    deinit {
        codes.deallocate()
        rowIndices.deallocate()
        scratch.deallocate()
        ordered.deallocate()
        candidates.deallocate()
        for slot in sumSlots { slot.deallocate() }
        for slot in countSlots { slot.deallocate() }
    }

    /// The code of `row` in `feature`.
    @inline(__always)
    func code(row: Int, feature: Int) -> UInt8 { codes[feature * rowCount + row] }

    /// Grows a tree; the result is in ``nodes`` and ``leaves``, and each leaf's rows are
    /// `rowIndices[leaf.begin ..< leaf.begin + leaf.count]`.
    ///
    /// - Parameters:
    ///   - bag: The rows to grow on, ascending; `nil` for all rows.
    ///   - gradients: The (gradient, hessian) pair of every row, indexed by row.
    ///   - features: The features the tree may split on (each with at least two bins).
    func grow(bag: [Int32]?, gradients: UnsafePointer<SIMD2<Double>>, features: [Int]) {
        self.gradients = gradients
        self.features = features
        nodes.removeAll(keepingCapacity: true)
        leaves.removeAll(keepingCapacity: true)

        let count: Int
        if let bag {
            count = bag.count
            bag.withUnsafeBufferPointer { bagRows in
                // An empty bag has no rows to copy.
                guard let first = bagRows.baseAddress else { return }
                rowIndices.update(from: first, count: count)
            }
        } else {
            count = rowCount
            for r in 0..<rowCount { rowIndices[r] = Int32(truncatingIfNeeded: r) }
        }
        var total = SIMD2<Double>.zero
        if bag == nil {
            for r in 0..<count { total += gradients[r] }
        } else {
            for i in 0..<count { total += gradients[Int(rowIndices[i])] }
        }
        leaves.append(
            Leaf(
                begin: 0, count: count, gradient: total.x, hessian: total.y, depth: 0,
                parentNode: -1,
                isLeftChild: false))
        if isSplittable(leaves[0]) {
            leaves[0].slot = takeSlot()
            process(small: 0, large: nil, smallIsSplittable: true, wholeRange: bag == nil)
        }
        while leaves.count < settings.maxLeafCount {
            var best = -1
            for i in leaves.indices where leaves[i].split.isValid {
                if best < 0 || leaves[i].split.gain > leaves[best].split.gain { best = i }
            }
            guard best >= 0 else { break }
            split(best)
        }
        for leaf in leaves where leaf.slot >= 0 { freeSlots.append(leaf.slot) }
    }

    /// The Newton value of `leaf` (before shrinkage).
    func value(of leaf: Leaf) -> Double {
        settings.constraints.leafValue(gradient: leaf.gradient, hessian: leaf.hessian)
    }

    // MARK: Steps

    private func isSplittable(_ leaf: Leaf) -> Bool {
        let constraints = settings.constraints
        if leaves.count >= settings.maxLeafCount { return false }
        if let maxDepth = settings.maxDepth, leaf.depth >= maxDepth { return false }
        return leaf.count >= 2 * constraints.minSamplesLeaf
            && leaf.hessian >= 2 * constraints.minChildWeight
            && !features.isEmpty
    }

    private func split(_ index: Int) {
        let parent = leaves[index]
        let split = parent.split
        let feature = Int(split.feature)
        // Step 1: stable partition of the leaf's rows.
        let column = UnsafePointer(codes + feature * rowCount)
        var leftEnd = parent.begin
        var rightCount = 0
        let threshold = split.bin
        // Branch-free: each row is written to both sides and only one cursor advances (the
        // left cursor never passes the row being read).
        for i in parent.begin..<(parent.begin + parent.count) {
            let row = rowIndices[i]
            let goesLeft = column[Int(row)] <= threshold ? 1 : 0
            rowIndices[leftEnd] = row
            scratch[rightCount] = row
            leftEnd &+= goesLeft
            rightCount &+= 1 &- goesLeft
        }
        (rowIndices + leftEnd).update(from: scratch, count: rightCount)
        let leftCount = leftEnd - parent.begin

        let nodeIndex = nodes.count
        let rightIndex = leaves.count
        nodes.append(
            Node(
                feature: split.feature, bin: split.bin, gain: split.gain, left: ~Int32(index),
                right: ~Int32(rightIndex)))
        if parent.parentNode >= 0 {
            if parent.isLeftChild {
                nodes[parent.parentNode].left = Int32(nodeIndex)
            } else {
                nodes[parent.parentNode].right = Int32(nodeIndex)
            }
        }
        leaves[index] = Leaf(
            begin: parent.begin, count: leftCount, gradient: split.leftGradient,
            hessian: split.leftHessian,
            depth: parent.depth + 1, parentNode: nodeIndex, isLeftChild: true)
        leaves.append(
            Leaf(
                begin: leftEnd, count: parent.count - leftCount,
                gradient: parent.gradient - split.leftGradient,
                hessian: parent.hessian - split.leftHessian, depth: parent.depth + 1,
                parentNode: nodeIndex,
                isLeftChild: false))

        // Step 2: histograms of the children that may be split again.
        let (small, large) =
            leftCount <= parent.count - leftCount ? (index, rightIndex) : (rightIndex, index)
        let smallIsSplittable = isSplittable(leaves[small])
        let largeIsSplittable = isSplittable(leaves[large])
        if largeIsSplittable {
            leaves[large].slot = parent.slot
            leaves[small].slot = takeSlot()
            process(
                small: small, large: large, smallIsSplittable: smallIsSplittable, wholeRange: false)
            if !smallIsSplittable {
                freeSlots.append(leaves[small].slot)
                leaves[small].slot = -1
            }
        } else if smallIsSplittable {
            leaves[small].slot = parent.slot
            process(small: small, large: nil, smallIsSplittable: true, wholeRange: false)
        } else {
            freeSlots.append(parent.slot)
        }
    }

    private func takeSlot() -> Int {
        if let slot = freeSlots.popLast() { return slot }
        sumSlots.append(.allocate(capacity: totalBinCount))
        countSlots.append(.allocate(capacity: totalBinCount))
        return sumSlots.count - 1
    }

    /// Builds the histogram of `small` from its rows; when `large` is given, turns the
    /// parent's histogram in `large`'s slot into `large`'s by subtraction; then finds the best
    /// split of each leaf that may be split.
    private func process(small: Int, large: Int?, smallIsSplittable: Bool, wholeRange: Bool) {
        let smallLeaf = leaves[small]
        // Gather the small leaf's pairs in row order, so the feature passes read them
        // sequentially (LightGBM's ordered gradients).
        let pairs: UnsafePointer<SIMD2<Double>>
        let rows: UnsafePointer<Int32>?
        if wholeRange {
            pairs = gradients
            rows = nil
        } else {
            let base = rowIndices + smallLeaf.begin
            for i in 0..<smallLeaf.count { ordered[i] = gradients[Int(base[i])] }
            pairs = UnsafePointer(ordered)
            rows = UnsafePointer(base)
        }
        let largeLeaf = large.map { leaves[$0] }
        let task = FeaturePass(
            codes: UnsafePointer(codes), rowCount: rowCount, rows: rows, pairs: pairs,
            count: smallLeaf.count,
            smallSums: sumSlots[smallLeaf.slot], smallCounts: countSlots[smallLeaf.slot],
            largeSums: largeLeaf.map { sumSlots[$0.slot] },
            largeCounts: largeLeaf.map { countSlots[$0.slot] },
            small: smallIsSplittable ? smallLeaf : nil, large: largeLeaf, candidates: candidates,
            featureCount: featureCount, constraints: settings.constraints)
        if pool.jobs > 1 && smallLeaf.count * features.count >= Self.parallelThreshold {
            let list = features
            let offsets = binOffsets
            let bins = binCounts
            // Features go out in groups of about `itemRowVisits` row visits each, so that a
            // claim is worth its synchronisation even on small leaves.
            let groupSize = max(1, Self.itemRowVisits / max(smallLeaf.count, 1))
            let groupCount = (list.count + groupSize - 1) / groupSize
            pool.run(count: groupCount) { group in
                for i in (group * groupSize)..<min(list.count, (group + 1) * groupSize) {
                    let feature = list[i]
                    task.run(feature: feature, offset: offsets[feature], binCount: bins[feature])
                }
            }
        } else {
            for feature in features {
                task.run(
                    feature: feature, offset: binOffsets[feature], binCount: binCounts[feature])
            }
        }
        // Reduce in feature order, so the winner does not depend on the schedule.
        if smallIsSplittable {
            var best = HistogramSplit.none
            for feature in features where candidates[feature].isBetter(than: best) {
                best = candidates[feature]
            }
            leaves[small].split = best
        }
        if let large {
            var best = HistogramSplit.none
            for feature in features where candidates[featureCount + feature].isBetter(than: best) {
                best = candidates[featureCount + feature]
            }
            leaves[large].split = best
        }
    }
}

/// The per-feature work of one histogram pass; a value type of pointers so threads can share
/// it, each feature touching only its own bins and candidate slots.
private struct FeaturePass: @unchecked Sendable {
    let codes: UnsafePointer<UInt8>
    let rowCount: Int
    let rows: UnsafePointer<Int32>?
    let pairs: UnsafePointer<SIMD2<Double>>
    let count: Int
    let smallSums: UnsafeMutablePointer<SIMD2<Double>>
    let smallCounts: UnsafeMutablePointer<UInt32>
    let largeSums: UnsafeMutablePointer<SIMD2<Double>>?
    let largeCounts: UnsafeMutablePointer<UInt32>?
    let small: HistogramTreeGrower.Leaf?
    let large: HistogramTreeGrower.Leaf?
    let candidates: UnsafeMutablePointer<HistogramSplit>
    let featureCount: Int
    let constraints: SplitConstraints

    func run(feature: Int, offset: Int, binCount: Int) {
        let column = codes + feature * rowCount
        let sums = smallSums + offset
        let counts = smallCounts + offset
        if count >= Self.interleavingRowsPerBin * binCount {
            accumulateInterleaved(column: column, sums: sums, counts: counts, binCount: binCount)
        } else {
            accumulate(column: column, sums: sums, counts: counts, binCount: binCount)
        }
        if let small {
            candidates[feature] = constraints.bestSplit(
                sums: sums, counts: counts, binCount: binCount, feature: feature,
                gradient: small.gradient,
                hessian: small.hessian, count: small.count)
        }
        if let large, let largeSums, let largeCounts {
            let parentSums = largeSums + offset
            let parentCounts = largeCounts + offset
            for b in 0..<binCount {
                parentSums[b] -= sums[b]
                parentCounts[b] &-= counts[b]
            }
            candidates[featureCount + feature] = constraints.bestSplit(
                sums: parentSums, counts: parentCounts, binCount: binCount, feature: feature,
                gradient: large.gradient, hessian: large.hessian, count: large.count)
        }
    }

    /// Rows per bin from which ``accumulateInterleaved`` pays for its extra merging.
    static let interleavingRowsPerBin = 8

    /// The hot loop: one byte code, one pair and two read-modify-writes per row.
    @inline(__always)
    private func accumulate(
        column: UnsafePointer<UInt8>, sums: UnsafeMutablePointer<SIMD2<Double>>,
        counts: UnsafeMutablePointer<UInt32>, binCount: Int
    ) {
        sums.update(repeating: .zero, count: binCount)
        counts.update(repeating: 0, count: binCount)
        if let rows {
            for i in 0..<count {
                let bin = Int(column[Int(rows[i])])
                sums[bin] += pairs[i]
                counts[bin] &+= 1
            }
        } else {
            for i in 0..<count {
                let bin = Int(column[i])
                sums[bin] += pairs[i]
                counts[bin] &+= 1
            }
        }
    }

    /// The same sums through four partial histograms, rows dealt round-robin, merged in a
    /// fixed order. Runs of rows in one bin (frequent with few distinct values, e.g. zeros)
    /// otherwise chain every update on the previous one through memory.
    @inline(__always)
    private func accumulateInterleaved(
        column: UnsafePointer<UInt8>, sums: UnsafeMutablePointer<SIMD2<Double>>,
        counts: UnsafeMutablePointer<UInt32>, binCount: Int
    ) {
        withUnsafeTemporaryAllocation(of: SIMD2<Double>.self, capacity: 4 * binCount) {
            partialSums in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 4 * binCount) {
                partialCounts in
                guard let s = partialSums.baseAddress, let c = partialCounts.baseAddress else {
                    preconditionFailure("a feature the grower splits on has at least two bins")
                }
                s.initialize(repeating: .zero, count: 4 * binCount)
                c.initialize(repeating: 0, count: 4 * binCount)
                let (s1, s2, s3) = (s + binCount, s + 2 * binCount, s + 3 * binCount)
                let (c1, c2, c3) = (c + binCount, c + 2 * binCount, c + 3 * binCount)
                let blocks = count / 4
                if let rows {
                    for block in 0..<blocks {
                        let i = 4 * block
                        let (b0, b1) = (Int(column[Int(rows[i])]), Int(column[Int(rows[i + 1])]))
                        let (b2, b3) = (
                            Int(column[Int(rows[i + 2])]), Int(column[Int(rows[i + 3])])
                        )
                        s[b0] += pairs[i]; c[b0] &+= 1
                        s1[b1] += pairs[i + 1]; c1[b1] &+= 1
                        s2[b2] += pairs[i + 2]; c2[b2] &+= 1
                        s3[b3] += pairs[i + 3]; c3[b3] &+= 1
                    }
                    for i in (4 * blocks)..<count {
                        let bin = Int(column[Int(rows[i])])
                        s[bin] += pairs[i]; c[bin] &+= 1
                    }
                } else {
                    for block in 0..<blocks {
                        let i = 4 * block
                        let (b0, b1) = (Int(column[i]), Int(column[i + 1]))
                        let (b2, b3) = (Int(column[i + 2]), Int(column[i + 3]))
                        s[b0] += pairs[i]; c[b0] &+= 1
                        s1[b1] += pairs[i + 1]; c1[b1] &+= 1
                        s2[b2] += pairs[i + 2]; c2[b2] &+= 1
                        s3[b3] += pairs[i + 3]; c3[b3] &+= 1
                    }
                    for i in (4 * blocks)..<count {
                        let bin = Int(column[i])
                        s[bin] += pairs[i]; c[bin] &+= 1
                    }
                }
                for b in 0..<binCount {
                    sums[b] = (s[b] + s1[b]) + (s2[b] + s3[b])
                    counts[b] = (c[b] &+ c1[b]) &+ (c2[b] &+ c3[b])
                }
            }
        }
    }
}

import AutoMLNumerics
import Dispatch

/// Quantile bins for each feature, so that histogram gradient boosting can work on one byte per
/// value instead of a `Double`.
///
/// The boundaries follow LightGBM's `GreedyFindBin` (`src/io/bin.cpp`, Ke et al. 2017):
/// 1. The distinct values of a feature are counted (on at most ``sampleRowCount`` rows, drawn
///    with the seed; LightGBM's `bin_construct_sample_cnt`, scikit-learn's `subsample=2e5`).
/// 2. With at most `maxBinCount` distinct values, each distinct value gets its own bin, except
///    that a bin is only closed once it holds ``minimumRowsPerBin`` rows (LightGBM's
///    `min_data_in_bin = 3`).
/// 3. Otherwise the bins are equal-frequency: values at least as frequent as a mean-sized bin
///    keep a bin of their own, and the remaining rows are cut greedily into bins of the mean
///    size of what is left.
/// 4. A boundary is the midpoint of the last value of one bin and the first of the next; the
///    last boundary is +∞.
///
/// A value `v` falls in the first bin `b` with `v ≤ upperBounds[feature][b]`, so a split "bin ≤
/// t" on binned data is the split "value ≤ upperBounds[feature][t]" on raw data, which is how a
/// ``GradientBoostingModel`` predicts without binning. Unlike LightGBM, zero gets no bin of its
/// own and there is no missing-value bin (the data is imputed before it reaches a learner).
public struct FeatureBinner: Sendable, Codable, Equatable {
    /// The largest bin count per feature: codes are `UInt8` (LightGBM's and scikit-learn's
    /// default `max_bin(s) = 255`).
    public static let maximumBinCount = 255
    /// Fewest rows a bin holds when distinct values are merged (LightGBM `min_data_in_bin`).
    public static let minimumRowsPerBin = 3
    /// Rows sampled to place the boundaries (LightGBM `bin_construct_sample_cnt`).
    public static let sampleRowCount = 200_000

    /// For each feature, the ascending upper bounds of its bins; the last one is +∞, so a
    /// feature with a single value has one bin (and can never be split).
    public let upperBounds: [[Double]]

    /// A binner with given boundaries: per feature an ascending list of at most
    /// ``maximumBinCount`` bounds ending with +∞.
    public init(upperBounds: [[Double]]) {
        self.upperBounds = upperBounds
    }

    /// Places the bin boundaries of every column of `features`.
    ///
    /// - Parameters:
    ///   - features: `n × d` finite values.
    ///   - rows: The rows to learn from (all when `nil`).
    ///   - maxBinCount: Most bins per feature, in `2...255`.
    ///   - seed: Seed of the row sample when there are more than ``sampleRowCount`` rows.
    ///   - jobs: Threads to spread the features over; the result does not depend on it.
    /// - Complexity: O(m log m · d) for m sampled rows.
    public init(
        fitting features: Matrix, rows: [Int]? = nil, maxBinCount: Int = 255, seed: UInt64 = 0,
        jobs: Int = 1
    ) {
        let allRows = rows ?? Array(0..<features.rows)
        var random = RandomSource(seed: seed)
        let sample =
            allRows.count > Self.sampleRowCount
            ? Self.sortedSample(of: allRows.count, choosing: Self.sampleRowCount, random: &random)
                .map { allRows[$0] }
            : allRows
        let d = features.columns
        let m = sample.count
        let binLimit = min(max(maxBinCount, 2), Self.maximumBinCount)
        // One row-major pass gathers the sample column by column (reading the matrix once
        // instead of once per feature).
        var columns = [Double](repeating: 0, count: m * d)
        columns.withUnsafeMutableBufferPointer { out in
            features.storage.withUnsafeBufferPointer { values in
                for (i, row) in sample.enumerated() {
                    for feature in 0..<d { out[feature * m + i] = values[row * d + feature] }
                }
            }
        }
        let gathered = columns
        var bounds = [[Double]](repeating: [], count: d)
        bounds.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let output = slots.baseAddress
            let work: @Sendable (Int) -> Void = { feature in
                let values = Self.radixSorted(Array(gathered[(feature * m)..<((feature + 1) * m)]))
                output?[feature] = Self.upperBounds(sorted: values, maxBinCount: binLimit)
            }
            if jobs > 1 && d > 1 {
                DispatchQueue.concurrentPerform(iterations: min(jobs, d)) { job in
                    for feature in stride(from: job, to: d, by: min(jobs, d)) { work(feature) }
                }
            } else {
                for feature in 0..<d { work(feature) }
            }
        }
        upperBounds = bounds
    }

    /// The number of features.
    public var featureCount: Int { upperBounds.count }

    /// The number of bins of `feature`.
    public func binCount(of feature: Int) -> Int { upperBounds[feature].count }

    /// The bin of `value` in `feature`: the first bin whose upper bound is ≥ `value`.
    public func bin(of value: Double, feature: Int) -> Int {
        upperBounds[feature].withUnsafeBufferPointer { Self.search(value, in: $0) }
    }

    /// The bin codes of `rows` of `features` (all rows when `nil`), column-major.
    ///
    /// Rows are read in order (the matrix is row-major); each code comes from two 16-wide
    /// vector comparisons (``BinLookup``), without branches. O(n · d).
    /// - Parameter jobs: Threads to spread the rows over; the codes do not depend on it.
    public func binned(_ features: Matrix, rows: [Int]? = nil, jobs: Int = 1) -> BinnedFeatures {
        let rowList = rows ?? Array(0..<features.rows)
        let n = rowList.count
        let d = features.columns
        let lookup = BinLookup(upperBounds)
        var codes = [UInt8](repeating: 0, count: n * d)
        codes.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let output = out.baseAddress
            let chunks = jobs > 1 && n * d >= 65_536 ? min(jobs * 4, n) : 1
            let work: @Sendable (Int) -> Void = { chunk in
                guard let output else { return }
                features.storage.withUnsafeBufferPointer { valueBuffer in
                    lookup.padded.withUnsafeBufferPointer { paddedBuffer in
                        lookup.coarse.withUnsafeBufferPointer { coarseBuffer in
                            // Empty only without rows or features: no code to write.
                            guard let values = valueBuffer.baseAddress,
                                let padded = paddedBuffer.baseAddress,
                                let coarse = coarseBuffer.baseAddress
                            else { return }
                            for k in (n * chunk / chunks)..<(n * (chunk + 1) / chunks) {
                                let row = values + rowList[k] * d
                                for feature in 0..<d {
                                    let code = BinLookup.bin(
                                        of: row[feature],
                                        padded: padded + feature * 256,
                                        coarse: coarse + feature * 16)
                                    output[feature * n + k] = UInt8(truncatingIfNeeded: code)
                                }
                            }
                        }
                    }
                }
            }
            if chunks > 1 {
                DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
            } else {
                work(0)
            }
        }
        return BinnedFeatures(rowCount: n, featureCount: d, codes: codes)
    }

    // MARK: Algorithm

    /// LightGBM's `GreedyFindBin` on ascending `values` (see the type's discussion).
    static func upperBounds(sorted values: [Double], maxBinCount: Int) -> [Double] {
        var distinct: [Double] = []
        var counts: [Int] = []
        for value in values {
            if let last = distinct.last, last == value {
                counts[counts.count - 1] += 1
            } else {
                distinct.append(value)
                counts.append(1)
            }
        }
        guard distinct.count > 1 else { return [.infinity] }
        var bounds: [Double] = []
        func close(below lower: Double, above upper: Double) {
            let bound = midpoint(lower, upper)
            if bounds.last != bound { bounds.append(bound) }
        }
        if distinct.count <= maxBinCount {
            // Step 2: one bin per distinct value, merging until a bin holds enough rows.
            var rowsInBin = 0
            for i in 0..<(distinct.count - 1) {
                rowsInBin += counts[i]
                if rowsInBin >= minimumRowsPerBin {
                    close(below: distinct[i], above: distinct[i + 1])
                    rowsInBin = 0
                }
            }
        } else {
            // Step 3: equal-frequency bins; frequent values keep a bin of their own.
            let total = values.count
            let binLimit = max(1, min(maxBinCount, total / minimumRowsPerBin))
            var meanBinSize = Double(total) / Double(binLimit)
            var isBig = [Bool](repeating: false, count: distinct.count)
            var restBins = binLimit
            var restRows = total
            for i in distinct.indices where Double(counts[i]) >= meanBinSize {
                isBig[i] = true
                restBins -= 1
                restRows -= counts[i]
            }
            meanBinSize = Double(restRows) / Double(max(restBins, 1))
            var lastOfBin: [Double] = []
            var firstOfNext: [Double] = []
            var rowsInBin = 0
            for i in 0..<(distinct.count - 1) {
                if !isBig[i] { restRows -= counts[i] }
                rowsInBin += counts[i]
                let closes =
                    isBig[i] || Double(rowsInBin) >= meanBinSize
                    || (isBig[i + 1] && Double(rowsInBin) >= max(1, meanBinSize * 0.5))
                guard closes else { continue }
                lastOfBin.append(distinct[i])
                firstOfNext.append(distinct[i + 1])
                if lastOfBin.count >= binLimit - 1 { break }
                rowsInBin = 0
                if !isBig[i] {
                    restBins -= 1
                    meanBinSize = Double(restRows) / Double(max(restBins, 1))
                }
            }
            for (lower, upper) in zip(lastOfBin, firstOfNext) { close(below: lower, above: upper) }
        }
        bounds.append(.infinity)
        return bounds
    }

    /// The midpoint of two finite values, without overflow.
    private static func midpoint(_ a: Double, _ b: Double) -> Double { a / 2 + b / 2 }

    /// The first index whose bound is ≥ `value` (the last bound is +∞), by a binary search
    /// whose steps compile to conditional moves rather than branches.
    @inline(__always)
    static func search(_ value: Double, in bounds: UnsafeBufferPointer<Double>) -> Int {
        // Invariant: the answer lies in low ..< low + length.
        var low = 0
        var length = bounds.count
        while length > 1 {
            let half = length >> 1
            // Arithmetic instead of a select, which the compiler would turn into a branch.
            let isAbove = Int(unsafeBitCast(bounds[low &+ half &- 1] < value, to: UInt8.self))
            low &+= half &* isAbove
            length &-= half
        }
        return low
    }

    /// `values` (finite) in ascending order, by a least-significant-digit radix sort on bit
    /// patterns made order-preserving (sign bit flipped for positives, all bits for
    /// negatives). Eight byte-wide passes, skipping bytes that every value shares; several
    /// times faster than a comparison sort on the columns binning sees. O(n).
    static func radixSorted(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n > 1 else { return values }
        let sign: UInt64 = 1 << 63
        var keys = values.map { value -> UInt64 in
            let bits = value.bitPattern
            return bits & sign != 0 ? ~bits : bits | sign
        }
        var buffer = [UInt64](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 8 * 256)
        keys.withUnsafeMutableBufferPointer { keys in
            buffer.withUnsafeMutableBufferPointer { buffer in
                counts.withUnsafeMutableBufferPointer { counts in
                    guard let keyStart = keys.baseAddress, let bufferStart = buffer.baseAddress,
                        let countStart = counts.baseAddress
                    else { preconditionFailure("n > 1 values and 8 · 256 counts are not empty") }
                    for key in keys {
                        for pass in 0..<8 {
                            counts[pass << 8 | Int((key >> (8 * pass)) & 255)] += 1
                        }
                    }
                    var source = keyStart
                    var target = bufferStart
                    for pass in 0..<8 {
                        let bucket = countStart + pass << 8
                        if bucket[Int((source[0] >> (8 * pass)) & 255)] == n { continue }
                        var offset = 0
                        for b in 0..<256 {
                            let count = bucket[b]
                            bucket[b] = offset
                            offset += count
                        }
                        for i in 0..<n {
                            let key = source[i]
                            let b = Int((key >> (8 * pass)) & 255)
                            target[bucket[b]] = key
                            bucket[b] += 1
                        }
                        swap(&source, &target)
                    }
                    if source != keyStart {
                        keyStart.update(from: source, count: n)
                    }
                }
            }
        }
        return keys.map { key in Double(bitPattern: key & sign != 0 ? key & ~sign : ~key) }
    }

    /// `count` distinct indices of `0..<total` in ascending order (Knuth's selection sampling,
    /// Algorithm S), so the sample is exactly `count` rows.
    static func sortedSample(of total: Int, choosing count: Int, random: inout RandomSource)
        -> [Int]
    {
        var chosen: [Int] = []
        chosen.reserveCapacity(count)
        var needed = count
        for index in 0..<total where needed > 0 {
            if Double(total - index) * random.uniform() < Double(needed) {
                chosen.append(index)
                needed -= 1
            }
        }
        return chosen
    }
}

/// Bin codes of a feature matrix, column-major: the code of row `r`, feature `f` is
/// `codes[f * rowCount + r]`, so one feature's codes are contiguous for histogram building.
public struct BinnedFeatures: Sendable, Equatable {
    /// Number of rows.
    public let rowCount: Int
    /// Number of features.
    public let featureCount: Int
    /// `rowCount · featureCount` codes, feature by feature.
    public let codes: [UInt8]

    /// The code of `row` in `feature`.
    public subscript(row: Int, feature: Int) -> UInt8 { codes[feature * rowCount + row] }
}

/// Bin bounds laid out for a branch-free search: each feature's bounds padded with +∞ to 256
/// (16 blocks of 16), plus the last bound of every block. The bin of `v` is 16·j + k, where j
/// counts the blocks whose last bound is below `v` and k the bounds of block j below `v`.
struct BinLookup: Sendable {
    /// Per feature, 256 bounds.
    let padded: [Double]
    /// Per feature, 16 block maxima.
    let coarse: [Double]

    init(_ upperBounds: [[Double]]) {
        var padded = [Double](repeating: .infinity, count: upperBounds.count * 256)
        var coarse = [Double](repeating: .infinity, count: upperBounds.count * 16)
        for (feature, bounds) in upperBounds.enumerated() {
            for (b, bound) in bounds.prefix(256).enumerated() { padded[feature * 256 + b] = bound }
            for block in 0..<16 {
                coarse[feature * 16 + block] = padded[feature * 256 + 16 * block + 15]
            }
        }
        self.padded = padded
        self.coarse = coarse
    }

    /// The first bin whose bound is ≥ `value`.
    @inline(__always)
    static func bin(of value: Double, padded: UnsafePointer<Double>, coarse: UnsafePointer<Double>)
        -> Int
    {
        let v = SIMD16<Double>(repeating: value)
        let block = count(UnsafeRawPointer(coarse).loadUnaligned(as: SIMD16<Double>.self) .< v)
        let fine = UnsafeRawPointer(padded + 16 * block).loadUnaligned(as: SIMD16<Double>.self)
        return 16 * block + count(fine .< v)
    }

    @inline(__always)
    private static func count(_ mask: SIMDMask<SIMD16<Int64>>) -> Int {
        Int(SIMD16<Int64>(repeating: 0).replacing(with: 1, where: mask).wrappedSum())
    }
}

/// Fills missing values with statistics learned on training data, like scikit-learn's
/// `SimpleImputer`: the median (or mean) for numeric columns and the most frequent category for
/// categorical ones (ties go to the category that sorts first, as scikit-learn does).
public struct Imputer: Sendable, Equatable, Codable {
    /// How numeric columns are filled.
    public enum NumericStrategy: String, Sendable, Codable, CaseIterable {
        case median
        case mean
    }

    /// The fill value of one column.
    public enum Fill: Sendable, Equatable, Codable {
        case number(Double)
        case category(String)
    }

    /// The column names and their fill values, in training order.
    public private(set) var fills: [String: Fill]

    /// The fill of a numeric column without any value to learn from (as scikit-learn's
    /// `SimpleImputer(keep_empty_features=True)`): the column becomes a constant, which models
    /// ignore.
    public static let emptyNumericFill = 0.0
    /// The fill of a categorical column without any value.
    public static let emptyCategoryFill = "(missing)"

    /// Learns fill values from `table`. A column with no value at all (an almost empty column
    /// that is empty in one cross-validation fold, or a feature left empty in a request) is
    /// filled with ``emptyNumericFill`` or ``emptyCategoryFill`` rather than refused.
    public static func fit(_ table: Table, numericStrategy: NumericStrategy = .median)
        throws(DataError) -> Imputer
    {
        var fills = [String: Fill]()
        for column in table.columns {
            switch column.values {
            case .numeric(let numbers):
                // Filtering copies element by element; most columns have nothing to drop.
                let present =
                    numbers.contains(where: \.isNaN) ? numbers.filter { !$0.isNaN } : numbers
                guard !present.isEmpty else {
                    fills[column.name] = .number(emptyNumericFill)
                    continue
                }
                switch numericStrategy {
                case .median: fills[column.name] = .number(Statistics.median(present))
                case .mean:
                    fills[column.name] = .number(present.reduce(0, +) / Double(present.count))
                }
            case .categorical(let codes, let categories):
                var counts = [Int](repeating: 0, count: categories.count)
                for code in codes where code >= 0 { counts[Int(code)] += 1 }
                guard
                    let best = counts.indices.max(by: {
                        counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1)
                    }),
                    counts[best] > 0
                else {
                    fills[column.name] = .category(emptyCategoryFill)
                    continue
                }
                fills[column.name] = .category(categories[best])
            }
        }
        return Imputer(fills: fills)
    }

    /// `table` with every missing value of a fitted column filled; other columns are unchanged.
    public func transform(_ table: Table) -> Table {
        var result = table
        for index in result.columns.indices {
            guard let fill = fills[result.columns[index].name] else { continue }
            switch (result.columns[index].values, fill) {
            case (.numeric(var numbers), .number(let value)):
                for k in numbers.indices where numbers[k].isNaN { numbers[k] = value }
                result.columns[index].values = .numeric(numbers)
            case (.categorical(var codes, var categories), .category(let text)):
                guard codes.contains(where: { $0 < 0 }) else { continue }
                let code: Int32
                if let existing = categories.firstIndex(of: text) {
                    code = Int32(existing)
                } else {
                    categories.append(text)
                    code = Int32(categories.count - 1)
                }
                for k in codes.indices where codes[k] < 0 { codes[k] = code }
                result.columns[index].values = .categorical(codes: codes, categories: categories)
            case (.numeric, .category), (.categorical, .number):
                // The column's kind changed since training: the encoder handles a categorical
                // column given as numbers (unseen values encode as zeros) and reports the
                // opposite with the column's name.
                continue
            }
        }
        return result
    }
}

/// Small order statistics shared by transforms.
public enum Statistics {
    /// The median of non-empty, NaN-free `values` (the mean of the two middle values for even
    /// counts).
    ///
    /// Found by selection rather than sorting, in the spirit of Floyd & Rivest (1975,
    /// "Algorithm 489: SELECT", CACM 18(3)): the order statistics of an evenly spaced sample of
    /// 1024 values bracket the median in a band `[low, high]`; one branch-free pass counts
    /// the values below the band and gathers those inside it, and quickselect finishes on the
    /// band (about an eighth of the data). If the band misses the middle rank, quickselect runs
    /// on everything. O(n) expected, O(n log n) worst case.
    public static func median(_ values: [Double]) -> Double {
        precondition(!values.isEmpty, "median of an empty array")
        let n = values.count
        let k = n / 2
        let ranks = n % 2 == 1 ? k...k : (k - 1)...k
        if n >= 4096, let value = bandMedian(values, ranks: ranks) { return value }
        var work = values
        return work.withUnsafeMutableBufferPointer { middleOf($0, ranks: ranks) }
    }

    /// The mean of the values of ranks `ranks` (one or two adjacent ranks) of `p`, rearranging it.
    private static func middleOf(_ p: UnsafeMutableBufferPointer<Double>, ranks: ClosedRange<Int>)
        -> Double
    {
        let upper = select(p, ranks.upperBound)
        guard ranks.lowerBound < ranks.upperBound else { return upper }
        // Selection leaves the smaller values in front; the lower middle is their largest.
        var lower = p[0]
        for i in 1..<ranks.upperBound where p[i] > lower { lower = p[i] }
        return (lower + upper) / 2
    }

    /// The median through a sampled band, or `nil` when the band does not hold the middle ranks.
    private static func bandMedian(_ values: [Double], ranks: ClosedRange<Int>) -> Double? {
        let n = values.count
        let sampleCount = 1024
        let stride = n / sampleCount
        var sample = (0..<sampleCount).map { values[$0 * stride] }
        sample.sort()
        // The sample rank of the median is about binomial with σ = √(s/4) = 16; ± 4σ brackets it.
        let center = ranks.lowerBound * sampleCount / n
        let spread = 64
        let low = sample[max(center - spread, 0)]
        let high = sample[min(center + spread, sampleCount - 1)]
        var below = 0
        var band = [Double](unsafeUninitializedCapacity: n) { b, initialized in
            var inside = 0
            values.withUnsafeBufferPointer { v in
                for x in v {
                    // Branch-free: write every value, advance only past those in the band.
                    // (Bools as bytes: the conditional forms compile to branches.)
                    b[inside] = x
                    let isAbove = unsafeBitCast(x >= low, to: UInt8.self)
                    let isUnder = unsafeBitCast(x <= high, to: UInt8.self)
                    inside &+= Int(isAbove & isUnder)
                    below &+= Int(isAbove ^ 1)
                }
            }
            initialized = inside
        }
        let inside = band.count
        guard below <= ranks.lowerBound, ranks.upperBound < below + inside else { return nil }
        return band.withUnsafeMutableBufferPointer {
            middleOf($0, ranks: (ranks.lowerBound - below)...(ranks.upperBound - below))
        }
    }

    /// Rearranges `p` so that `p[k]` holds its k-th smallest value, with no larger value before
    /// it and no smaller one after it; returns `p[k]`.
    private static func select(_ p: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        var low = 0
        var high = p.count - 1
        var budget = 2 * (Int.bitWidth - p.count.leadingZeroBitCount) + 4
        while high > low {
            if budget == 0 {
                var rest = UnsafeMutableBufferPointer(rebasing: p[low...high])
                rest.sort()
                return p[k]
            }
            budget -= 1
            // Median-of-three pivot, ordered into p[low] ≤ p[mid] ≤ p[high].
            let mid = low + (high - low) / 2
            if p[mid] < p[low] { p.swapAt(mid, low) }
            if p[high] < p[low] { p.swapAt(high, low) }
            if p[high] < p[mid] { p.swapAt(high, mid) }
            let pivot = p[mid]
            var i = low
            var j = high
            while i <= j {
                while p[i] < pivot { i += 1 }
                while p[j] > pivot { j -= 1 }
                if i <= j {
                    p.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now p[low...j] ≤ pivot, p[j+1..<i] == pivot, p[i...high] ≥ pivot.
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return p[k]
            }
        }
        return p[k]
    }
}

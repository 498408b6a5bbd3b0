import AutoMLData
import AutoMLNumerics

/// Training data laid out for growing trees, shared read-only by every tree of an ensemble
/// (and by every worker thread).
///
/// Features are converted to `Float` once, as scikit-learn does (its trees work on `float32`),
/// and stored column by column, so a split search reads one contiguous column. When the best
/// splitter is used, each feature's row order sorted by value is computed once here (O(d · n log n))
/// instead of sorting again at every node of every tree.
///
/// Owns its buffers (immutable after `init`), hence `@unchecked Sendable`.
final class TreeTrainingSet: @unchecked Sendable {
    let rowCount: Int
    let featureCount: Int
    /// Number of classes (the target's class list, including classes absent from the rows), or
    /// 0 for regression.
    let classCount: Int
    let task: LearningTask
    /// `featureCount × rowCount`, column-major: feature `f` of row `i` at `f * rowCount + i`.
    let columns: UnsafeMutablePointer<Float>
    /// Class index per row (classification only).
    let labels: UnsafeMutablePointer<Int32>
    /// Target per row (regression only).
    let targets: UnsafeMutablePointer<Double>
    /// For each feature, the rows in ascending order of the feature (ties by row), column-major
    /// like ``columns``; `nil` unless requested.
    let sortedRows: UnsafeMutablePointer<Int32>?

    /// Converts `data` (already validated by the learner) for growing trees.
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` when a feature does not fit
    ///   in a `Float` or a class label is outside the class list.
    init(_ data: TrainingData, learner: String, presort: Bool) throws(LearnerError) {
        let n = data.features.rows
        let d = data.features.columns
        guard d > 0 else { throw .invalidTrainingData(learner: learner, reason: "the data has no feature columns") }
        guard n < Int(Int32.max) else {
            throw .invalidTrainingData(learner: learner, reason: "\(n) rows is more than a tree can index")
        }
        let limit = Double(Float.greatestFiniteMagnitude)
        if let bad = data.features.storage.firstIndex(where: { abs($0) > limit }) {
            throw .invalidTrainingData(
                learner: learner,
                reason: "feature \(bad % d) of row \(bad / d) is \(data.features.storage[bad]), beyond the float range trees use; rescale it")
        }
        if case .classification(let values, let classes) = data.target,
            let i = values.firstIndex(where: { $0 < 0 || $0 >= classes.count })
        {
            throw .invalidTrainingData(
                learner: learner, reason: "row \(i) has class index \(values[i]) but there are \(classes.count) classes")
        }
        rowCount = n
        featureCount = d
        task = data.target.task
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: n * d)
        data.features.storage.withUnsafeBufferPointer { source in
            for i in 0..<n {
                for f in 0..<d { columns[f * n + i] = Float(source[i * d + f]) }
            }
        }
        self.columns = columns
        switch data.target {
        case .classification(let values, let classes):
            classCount = classes.count
            labels = .allocate(capacity: n)
            targets = .allocate(capacity: 0)
            for (i, label) in values.enumerated() { labels[i] = Int32(label) }
        case .regression(let values):
            classCount = 0
            labels = .allocate(capacity: 0)
            targets = .allocate(capacity: n)
            targets.initialize(from: values, count: n)
        }
        sortedRows = presort ? Self.presorted(columns, rows: n, features: d) : nil
    }

    deinit {
        columns.deallocate()
        labels.deallocate()
        targets.deallocate()
        sortedRows?.deallocate()
    }

    /// Each feature's rows by ascending value (ties by row index): one sort of 64-bit keys per
    /// feature, the order-preserving bits of the value above the row index.
    private static func presorted(_ columns: UnsafePointer<Float>, rows n: Int, features d: Int) -> UnsafeMutablePointer<Int32> {
        let result = UnsafeMutablePointer<Int32>.allocate(capacity: n * d)
        var keys = [UInt64](repeating: 0, count: n)
        for f in 0..<d {
            let column = columns + f * n
            for i in 0..<n { keys[i] = UInt64(orderedBits(column[i])) << 32 | UInt64(i) }
            keys.sort()
            let target = result + f * n
            for i in 0..<n { target[i] = Int32(truncatingIfNeeded: keys[i]) }
        }
        return result
    }

    /// A `UInt32` whose unsigned order is the numeric order of finite floats.
    @inline(__always)
    private static func orderedBits(_ value: Float) -> UInt32 {
        let bits = value.bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }
}

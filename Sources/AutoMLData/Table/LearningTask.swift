/// What a dataset's target asks a learner to do.
public enum LearningTask: String, Codable, Sendable, CaseIterable {
    case classification
    case regression

    /// The largest number of distinct integer values a numeric target may have and still be
    /// read as class labels when no task is given.
    public static let maximumIntegerClassCount = 20

    /// Detects the task from a target column, as scikit-learn's `type_of_target` does in spirit:
    /// classification when the column is categorical, or numeric with only integer values and
    /// at most ``maximumIntegerClassCount`` of them (and no more than half as many as rows);
    /// regression otherwise.
    public static func detect(from column: Column) -> LearningTask {
        guard let numbers = column.numbers else { return .classification }
        var distinct = Set<Double>()
        let present = numbers.filter { !$0.isNaN }
        for value in present {
            guard value == value.rounded() else { return .regression }
            distinct.insert(value)
            if distinct.count > maximumIntegerClassCount { return .regression }
        }
        return distinct.count * 2 <= max(present.count, 2) ? .classification : .regression
    }
}

/// The target of a ``Dataset``: class labels or real values.
public enum Target: Sendable, Equatable {
    /// Class indices `0..<classes.count` into ``classes`` (sorted as texts, or by value for
    /// numeric labels).
    case classification(labels: [Int], classes: [String])
    /// Real-valued responses.
    case regression([Double])

    /// ``LearningTask/classification`` or ``LearningTask/regression``.
    public var task: LearningTask {
        if case .classification = self { return .classification }
        return .regression
    }

    /// Number of rows.
    public var count: Int {
        switch self {
        case .classification(let labels, _): return labels.count
        case .regression(let values): return values.count
        }
    }

    /// The class names, empty for regression.
    public var classes: [String] {
        if case .classification(_, let classes) = self { return classes }
        return []
    }

    /// Rows per class, in class order; empty for regression.
    public var classCounts: [Int] {
        guard case .classification(let labels, let classes) = self else { return [] }
        var counts = [Int](repeating: 0, count: classes.count)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// The rows at `indices`, in that order.
    public func rows(at indices: [Int]) -> Target {
        switch self {
        case .classification(let labels, let classes):
            return .classification(labels: indices.map { labels[$0] }, classes: classes)
        case .regression(let values):
            return .regression(indices.map { values[$0] })
        }
    }
}

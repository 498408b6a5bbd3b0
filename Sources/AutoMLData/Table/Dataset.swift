/// Features and a target, ready for preprocessing and learning.
public struct Dataset: Sendable, Equatable {
    /// The feature columns (every column but the target).
    public var features: Table
    /// The target column's name.
    public var targetName: String
    /// The target values.
    public var target: Target

    /// Number of rows.
    public var rowCount: Int { features.rowCount }
    /// ``LearningTask/classification`` or ``LearningTask/regression``.
    public var task: LearningTask { target.task }

    /// Splits `table` into features and the column called `targetName`.
    ///
    /// - Parameters:
    ///   - table: the table as read.
    ///   - targetName: the target column's header name.
    ///   - task: forces the task; `nil` detects it with ``LearningTask/detect(from:)``.
    /// - Throws: ``DataError/unknownTargetColumn(path:name:available:)``,
    ///   ``DataError/noFeatureColumns(path:)``, ``DataError/missingTargetValue(path:line:column:)``,
    ///   ``DataError/singleClassTarget(path:column:value:)``,
    ///   ``DataError/constantRegressionTarget(path:column:)``,
    ///   ``DataError/nonNumericRegressionTarget(path:line:column:text:)``.
    public init(table: Table, targetName: String, task: LearningTask? = nil) throws(DataError) {
        guard let targetIndex = table.columnIndex(named: targetName) else {
            throw .unknownTargetColumn(
                path: table.source, name: targetName, available: table.columnNames)
        }
        guard table.columns.count > 1 else { throw .noFeatureColumns(path: table.source) }
        let column = table.columns[targetIndex]
        for row in 0..<table.rowCount where column.text(at: row) == nil {
            throw .missingTargetValue(
                path: table.source, line: table.lineNumbers[row], column: targetName)
        }
        let resolvedTask = task ?? LearningTask.detect(from: column)
        switch resolvedTask {
        case .classification:
            target = try Self.classificationTarget(column, source: table.source)
        case .regression:
            guard let numbers = column.numbers else {
                let row =
                    (0..<table.rowCount).first { column.text(at: $0).flatMap(Double.init) == nil }
                    ?? 0
                throw .nonNumericRegressionTarget(
                    path: table.source, line: table.lineNumbers[row], column: targetName,
                    text: column.text(at: row) ?? "")
            }
            guard let first = numbers.first, numbers.contains(where: { $0 != first }) else {
                throw .constantRegressionTarget(path: table.source, column: targetName)
            }
            target = .regression(numbers)
        }
        self.targetName = targetName
        self.features = table.removingColumn(named: targetName)
    }

    /// A dataset built directly from parts (synthetic data, tests).
    public init(features: Table, targetName: String, target: Target) throws(DataError) {
        guard features.rowCount == target.count else {
            throw .shapeMismatch(
                operation: "Dataset", expected: "\(features.rowCount) target values",
                got: "\(target.count)")
        }
        self.features = features
        self.targetName = targetName
        self.target = target
    }

    /// The rows at `indices`, in that order.
    public func rows(at indices: [Int]) -> Dataset {
        var copy = self
        copy.features = features.rows(at: indices)
        copy.target = target.rows(at: indices)
        return copy
    }

    private static func classificationTarget(_ column: Column, source: String) throws(DataError)
        -> Target
    {
        let classes: [String]
        let labels: [Int]
        switch column.values {
        case .categorical(let codes, let categories):
            // Drop categories that only missing-marked rows would have used (none, as checked).
            classes = categories
            labels = codes.map(Int.init)
        case .numeric(let numbers):
            let distinct = Array(Set(numbers)).sorted()
            var index = [Double: Int]()
            for (k, value) in distinct.enumerated() { index[value] = k }
            classes = distinct.map(NumberFormatting.shortest)
            labels = numbers.map { index[$0] ?? 0 }
        }
        let used = Set(labels)
        guard used.count >= 2 else {
            throw .singleClassTarget(path: source, column: column.name, value: classes.first ?? "")
        }
        return .classification(labels: labels, classes: classes)
    }
}

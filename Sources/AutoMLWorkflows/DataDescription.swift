import AutoMLData

/// What `automl data describe` reports about a dataset; its JSON form is documented in
/// `docs/cli.md` and other tools rely on its keys.
public struct DataDescription: Codable, Sendable, Equatable {
    /// One column's summary.
    public struct ColumnSummary: Codable, Sendable, Equatable {
        public var name: String
        /// `"numeric"` or `"categorical"`.
        public var kind: ColumnKind
        /// `"feature"` or `"target"`.
        public var role: String
        /// Number of missing values.
        public var missing: Int
        /// Number of distinct non-missing values.
        public var unique: Int
        /// Smallest, largest and mean value (numeric columns only).
        public var min: Double?
        public var max: Double?
        public var mean: Double?
    }

    /// The file described.
    public var file: String
    /// Data rows (the header excluded).
    public var rows: Int
    /// Non-target columns.
    public var features: Int
    public var numericFeatures: Int
    public var categoricalFeatures: Int
    public var target: String
    public var task: LearningTask
    /// Number of classes (classification only).
    public var classes: Int?
    /// Rows per class, keyed by class name (classification only).
    public var classCounts: [String: Int]?
    /// Missing values over all feature columns.
    public var missingValues: Int
    public var columns: [ColumnSummary]

    enum CodingKeys: String, CodingKey {
        case file, rows, features, target, task, classes, columns
        case numericFeatures = "numeric_features"
        case categoricalFeatures = "categorical_features"
        case classCounts = "class_counts"
        case missingValues = "missing_values"
    }
}

/// Reads a CSV file and describes it: `automl data describe` as a library call.
public struct DescribeWorkflow: Sendable {
    public var path: String
    public var targetName: String
    public var task: LearningTask?
    public var options: CSVOptions

    public init(
        path: String, targetName: String, task: LearningTask? = nil, options: CSVOptions = .standard
    ) {
        self.path = path
        self.targetName = targetName
        self.task = task
        self.options = options
    }

    /// Reads, types and checks the file.
    /// - Throws: ``DataError`` for anything wrong with the file or the target.
    public func run() throws(DataError) -> DataDescription {
        let table = try CSVReader.read(contentsOf: path, options: options)
        let dataset = try Dataset(table: table, targetName: targetName, task: task)
        var summaries = [DataDescription.ColumnSummary]()
        for column in table.columns {
            summaries.append(
                summary(of: column, role: column.name == targetName ? "target" : "feature"))
        }
        let featureSummaries = summaries.filter { $0.role == "feature" }
        var classCounts: [String: Int]? = nil
        if case .classification(_, let classes) = dataset.target {
            classCounts = Dictionary(uniqueKeysWithValues: zip(classes, dataset.target.classCounts))
        }
        return DataDescription(
            file: path, rows: table.rowCount, features: featureSummaries.count,
            numericFeatures: featureSummaries.filter { $0.kind == .numeric }.count,
            categoricalFeatures: featureSummaries.filter { $0.kind == .categorical }.count,
            target: targetName, task: dataset.task,
            classes: dataset.task == .classification ? dataset.target.classes.count : nil,
            classCounts: classCounts, missingValues: featureSummaries.reduce(0) { $0 + $1.missing },
            columns: summaries)
    }

    private func summary(of column: Column, role: String) -> DataDescription.ColumnSummary {
        switch column.values {
        case .numeric(let numbers):
            let present = numbers.filter { !$0.isNaN }
            return .init(
                name: column.name, kind: .numeric, role: role,
                missing: numbers.count - present.count,
                unique: Set(present).count, min: present.min(), max: present.max(),
                mean: present.isEmpty ? nil : present.reduce(0, +) / Double(present.count))
        case .categorical(let codes, _):
            let present = codes.filter { $0 >= 0 }
            return .init(
                name: column.name, kind: .categorical, role: role,
                missing: codes.count - present.count,
                unique: Set(present).count, min: nil, max: nil, mean: nil)
        }
    }
}

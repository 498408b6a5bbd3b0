/// What identifies a dataset: its columns with their types and categories, the target and task,
/// the row count, and a hash of its content. Stored with a model study and every profile, so
/// that `export`, `ablate`, `worker` and `train` can refuse data that is not the data a search
/// ran on (or, for `train`, data whose columns do not fit the profile's pipeline).
///
/// The content hash is FNV-1a (64 bit) over the parsed values — column names and kinds, then
/// every value row by row (numbers by their bit pattern, categories by their text, a missing
/// value as a marker) — so the same data written with other quoting, line endings or number
/// formatting hashes alike. It tells data apart; it is not a cryptographic signature.
public struct DatasetFingerprint: Sendable, Equatable, Codable {
    /// One column: its name, `numeric` or `categorical`, and a categorical column's categories.
    public struct ColumnEntry: Sendable, Equatable, Codable {
        public var name: String
        public var type: ColumnKind
        /// Sorted categories (categorical columns only).
        public var categories: [String]?

        public init(name: String, type: ColumnKind, categories: [String]? = nil) {
            self.name = name
            self.type = type
            self.categories = categories
        }
    }

    /// The feature columns, in file order.
    public var columns: [ColumnEntry]
    /// The target column's name.
    public var target: String
    /// `classification` or `regression`.
    public var task: LearningTask
    /// The classes of a classification target, sorted.
    public var classes: [String]?
    public var rows: Int
    /// `fnv1a64:` and 16 hexadecimal digits.
    public var contentHash: String

    private enum CodingKeys: String, CodingKey {
        case columns, target, task, classes, rows
        case contentHash = "content_hash"
    }

    public init(
        columns: [ColumnEntry], target: String, task: LearningTask, classes: [String]?, rows: Int,
        contentHash: String
    ) {
        self.columns = columns
        self.target = target
        self.task = task
        self.classes = classes
        self.rows = rows
        self.contentHash = contentHash
    }

    /// The fingerprint of `dataset`.
    public init(_ dataset: Dataset) {
        columns = dataset.features.columns.map { column in
            switch column.values {
            case .numeric: return ColumnEntry(name: column.name, type: .numeric)
            case .categorical(_, let categories):
                return ColumnEntry(name: column.name, type: .categorical, categories: categories)
            }
        }
        target = dataset.targetName
        task = dataset.task
        classes = dataset.task == .classification ? dataset.target.classes : nil
        rows = dataset.rowCount
        var hash = FNV1a()
        for column in dataset.features.columns {
            hash.add(column.name)
            hash.add(column.kind.rawValue)
        }
        hash.add(dataset.targetName)
        for row in 0..<dataset.rowCount {
            for column in dataset.features.columns {
                switch column.values {
                case .numeric(let numbers):
                    numbers[row].isNaN ? hash.add(byte: 0xFF) : hash.add(numbers[row].bitPattern)
                case .categorical(let codes, let categories):
                    codes[row] < 0 ? hash.add(byte: 0xFF) : hash.add(categories[Int(codes[row])])
                }
            }
            switch dataset.target {
            case .classification(let labels, let classes): hash.add(classes[labels[row]])
            case .regression(let values): hash.add(values[row].bitPattern)
            }
        }
        contentHash = "fnv1a64:" + hash.hexadecimal
    }

    /// The first difference in columns between this fingerprint and `other`, in words (a
    /// missing, extra or retyped column), or `nil` when their columns agree. Categories, rows
    /// and content are not compared (new data may hold other rows and categories).
    public func columnMismatch(with other: DatasetFingerprint) -> String? {
        let theirs = Dictionary(
            other.columns.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        for column in columns {
            guard let type = theirs[column.name] else {
                return "column '\(column.name)' (\(column.type.rawValue)) is missing"
            }
            if type != column.type {
                return "column '\(column.name)' is \(type.rawValue), not \(column.type.rawValue)"
            }
        }
        let ours = Set(columns.map(\.name))
        if let extra = other.columns.first(where: { !ours.contains($0.name) }) {
            return "column '\(extra.name)' is not one of the \(columns.count) feature columns"
        }
        if other.task != task {
            return "the target '\(other.target)' is \(other.task.rawValue), not \(task.rawValue)"
        }
        return nil
    }
}

/// The 64-bit FNV-1a hash (Fowler, Noll, Vo).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    mutating func add(_ word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            add(byte: UInt8(truncatingIfNeeded: word >> UInt64(shift)))
        }
    }

    mutating func add(_ text: String) {
        for byte in text.utf8 { add(byte: byte) }
        add(byte: 0)
    }

    var hexadecimal: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

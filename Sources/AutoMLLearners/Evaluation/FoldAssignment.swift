import AutoMLData
import Foundation

/// Cross-validation folds given from outside: one fold index per data row, in row order
/// (scikit-learn's `PredefinedSplit(test_fold)`).
///
/// Use it to cross-validate on exactly the folds another tool used, e.g. the scikit-learn
/// anchors' `StratifiedKFold(5, shuffle=True, random_state=0)` written out by
/// `scripts/anchor-folds.py`:
///
/// ```swift
/// let assignment = try FoldAssignment(contentsOf: "digits.folds")
/// let splits = try assignment.splits(for: dataset, dataSource: "digits.csv")
/// let result = try CrossValidation.evaluate(learner, on: dataset, splits: splits, metric: .accuracy)
/// ```
///
/// Fold indices run over `0..<foldCount` with every fold non-empty; `foldCount` is the largest
/// index plus one and must be at least 2. Fold `i`'s split validates on the rows assigned to `i`
/// and trains on all others. Unlike scikit-learn's `PredefinedSplit`, `-1` ("never validated")
/// is not accepted: every row is validated once, so out-of-fold predictions are complete.
///
/// The file form (``init(contentsOf:)``, ``parse(_:source:)``) is plain UTF-8 text with one
/// integer per line and no header; surrounding spaces and a final line break are ignored, an
/// empty line elsewhere is an error (it would shift every later row).
public struct FoldAssignment: Sendable, Equatable {
    /// The fold of each row, in row order; every value is in `0..<foldCount`.
    public let foldOfRow: [Int]
    /// Number of folds: the largest index plus one.
    public let foldCount: Int
    /// Where the indices came from (a path, or a description), used in error messages.
    public let source: String

    /// Number of rows assigned.
    public var rowCount: Int { foldOfRow.count }

    /// An assignment from explicit fold indices.
    ///
    /// - Parameters:
    ///   - foldOfRow: One fold index per row, in row order.
    ///   - source: Named in error messages (a path, or e.g. "the fold assignment").
    ///   - lines: The 1-based file line of each index, for error messages; `nil` counts rows
    ///     from 1.
    /// - Throws: ``LearnerError/invalidFoldAssignment(source:line:problem:remedy:)`` when there
    ///   are no rows, an index is negative, there is only one fold, or a fold below the largest
    ///   index holds no rows. O(n).
    public init(foldOfRow: [Int], source: String = "the fold assignment", lines: [Int]? = nil)
        throws(LearnerError)
    {
        guard !foldOfRow.isEmpty else {
            throw .invalidFoldAssignment(
                source: source, line: nil, problem: "there are no fold indices",
                remedy: "write one fold index per data row, in row order")
        }
        for (row, fold) in foldOfRow.enumerated() where fold < 0 {
            throw .invalidFoldAssignment(
                source: source, line: lines?[row] ?? row + 1,
                problem: "the fold index \(fold) is negative",
                remedy: "number the folds 0, 1, …, k−1 (every row is validated in exactly one fold)"
            )
        }
        let foldCount = (foldOfRow.max() ?? 0) + 1
        guard foldCount >= 2 else {
            throw .invalidFoldAssignment(
                source: source, line: nil, problem: "every row is in fold 0",
                remedy: "assign the rows to at least two folds, numbered 0, 1, …, k−1")
        }
        var sizes = [Int](repeating: 0, count: foldCount)
        for fold in foldOfRow { sizes[fold] += 1 }
        if let empty = sizes.firstIndex(of: 0) {
            throw .invalidFoldAssignment(
                source: source, line: nil,
                problem: "fold \(empty) holds no rows, but the largest index is \(foldCount - 1), "
                    + "so folds 0…\(foldCount - 1) are expected",
                remedy: "number the folds 0, 1, …, k−1 without gaps")
        }
        self.foldOfRow = foldOfRow
        self.foldCount = foldCount
        self.source = source
    }

    /// Reads a fold file: one integer per line, no header (see the type's discussion).
    ///
    /// - Parameter path: The file; named with the line number in every error.
    /// - Throws: ``LearnerError/data(_:)`` wrapping ``DataError/fileNotFound(path:)`` or
    ///   ``DataError/unreadable(path:reason:)``; otherwise as ``parse(_:source:)``.
    public init(contentsOf path: String) throws(LearnerError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .data(.fileNotFound(path: path))
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .data(.unreadable(path: path, reason: error.localizedDescription))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalidFoldAssignment(
                source: path, line: nil, problem: "the file is not valid UTF-8 text",
                remedy: "write one fold index per line as plain text")
        }
        self = try Self.parse(text, source: path)
    }

    /// Parses fold-file text: one integer per line, no header.
    ///
    /// - Parameters:
    ///   - text: The file's contents; `\n` or `\r\n` line breaks.
    ///   - source: The path, named in error messages.
    /// - Returns: The assignment, line `i` (1-based) giving the fold of data row `i`.
    /// - Throws: ``LearnerError/invalidFoldAssignment(source:line:problem:remedy:)`` naming the
    ///   line of an empty line or a text that is not an integer, and the cases of
    ///   ``init(foldOfRow:source:lines:)``. O(length of `text`).
    public static func parse(_ text: String, source: String) throws(LearnerError) -> FoldAssignment
    {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        var folds: [Int] = []
        folds.reserveCapacity(lines.count)
        for (offset, line) in lines.enumerated() {
            let field = line.trimmingCharacters(in: .whitespaces)
            guard !field.isEmpty else {
                throw .invalidFoldAssignment(
                    source: source, line: offset + 1, problem: "the line is empty",
                    remedy: "write exactly one fold index per data row, with no blank lines")
            }
            guard let fold = Int(field) else {
                let shown = field.count > 40 ? String(field.prefix(40)) + "…" : field
                throw .invalidFoldAssignment(
                    source: source, line: offset + 1, problem: "'\(shown)' is not a fold index",
                    remedy: "write one integer 0…k−1 per line, in data-row order, with no header")
            }
            folds.append(fold)
        }
        return try FoldAssignment(foldOfRow: folds, source: source)
    }

    /// One split per fold for `dataset`: fold `i` validates on the rows assigned to `i` and
    /// trains on the others.
    ///
    /// - Parameters:
    ///   - dataset: The data the indices were written for; its row count must match.
    ///   - dataSource: The data file's name, for the row-count error.
    /// - Returns: ``foldCount`` splits whose `validation` parts partition the rows, in fold
    ///   order, both parts ascending: the `splits` that ``CrossValidation`` evaluates.
    ///   O(n · foldCount).
    /// - Throws: ``LearnerError/invalidFoldAssignment(source:line:problem:remedy:)`` when the
    ///   row counts differ, or (classification) when some fold's training rows hold a single
    ///   class, which no learner can fit.
    public func splits(for dataset: Dataset, dataSource: String = "the data") throws(LearnerError)
        -> [Split]
    {
        guard rowCount == dataset.rowCount else {
            throw .invalidFoldAssignment(
                source: source, line: nil,
                problem: "it has \(rowCount) fold indices but \(dataSource) has "
                    + "\(dataset.rowCount) data rows",
                remedy: "write one fold index per data row of that file, in row order "
                    + "(the header is not a row)")
        }
        var splits = [Split](repeating: Split(train: [], validation: []), count: foldCount)
        for (row, fold) in foldOfRow.enumerated() {
            for other in 0..<foldCount where other != fold { splits[other].train.append(row) }
            splits[fold].validation.append(row)
        }
        if case .classification(let labels, let classes) = dataset.target {
            for (fold, split) in splits.enumerated() {
                let first = labels[split.train[0]]
                if split.train.allSatisfy({ labels[$0] == first }) {
                    throw .invalidFoldAssignment(
                        source: source, line: nil,
                        problem:
                            "the training rows of fold \(fold) (all rows outside it) hold the single "
                            + "class '\(classes[first])', so no classifier can be fitted",
                        remedy: "spread every class over several folds (e.g. stratified folds)")
                }
            }
        }
        return splits
    }
}

/// Errors from reading, typing, splitting and scoring tabular data.
///
/// Every case carries where the problem is (file, line, column) and its message says what to
/// do about it. Lines are 1-based and count the header as line 1; columns are named.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    /// An output that cannot be written there (no such folder, a folder in the way, …).
    case unwritable(path: String, reason: String)
    case emptyFile(path: String)
    case headerOnly(path: String)
    case invalidUTF8(path: String, line: Int)
    case duplicateColumnName(path: String, name: String, firstColumn: Int, secondColumn: Int)
    case raggedRow(path: String, line: Int, expected: Int, got: Int)
    case unterminatedQuote(path: String, line: Int)
    case textAfterClosingQuote(path: String, line: Int, column: String)
    case nonFiniteNumber(path: String, line: Int, column: String, text: String)
    case unknownTargetColumn(path: String, name: String, available: [String])
    case missingTargetValue(path: String, line: Int, column: String)
    case singleClassTarget(path: String, column: String, value: String)
    case constantRegressionTarget(path: String, column: String)
    case nonNumericRegressionTarget(path: String, line: Int, column: String, text: String)
    case noFeatureColumns(path: String)
    case invalidDelimiter(String)
    /// An argument outside its documented range (fold counts, fractions, metric inputs…).
    case invalidArgument(name: String, value: String, expected: String)
    /// A class has fewer rows than the cross-validation has folds (stratified folds need one
    /// row of each class per fold).
    case classTooSmallForFolds(className: String, rows: Int, folds: Int)
    /// A transform, metric or split was given data whose shape does not match.
    case shapeMismatch(operation: String, expected: String, got: String)
    /// A fitted transform was given a table without a column it was fitted on.
    case missingColumn(name: String, operation: String)
    /// A serialized artefact carries a newer format version than this build reads.
    case unsupportedVersion(what: String, found: Int, supported: Int)

    public var description: String {
        switch self {
        case let .fileNotFound(path):
            return "\(path): no such file; check the path."
        case let .unreadable(path, reason):
            return "\(path): cannot be read: \(reason)."
        case let .unwritable(path, reason):
            return "\(path): cannot be written: \(reason)."
        case let .emptyFile(path):
            return "\(path): the file is empty; a CSV needs a header row and at least one data row."
        case let .headerOnly(path):
            return "\(path): the file has a header but no data rows; add at least one row."
        case let .invalidUTF8(path, line):
            return "\(path):\(line): the text is not valid UTF-8 (or holds NUL bytes, as UTF-16 "
                + "and binary files do); re-save the file as UTF-8 text."
        case let .duplicateColumnName(path, name, first, second):
            return "\(path):1: the column name '\(name)' appears twice (columns \(first) and "
                + "\(second)); rename one of them."
        case let .raggedRow(path, line, expected, got):
            return "\(path):\(line): the row has \(got) fields but the header has \(expected); "
                + "check for a missing or extra delimiter, or quote fields that contain it."
        case let .unterminatedQuote(path, line):
            return "\(path):\(line): a quoted field is never closed; add the closing '\"' "
                + "(write a quote inside a quoted field as \"\")."
        case let .textAfterClosingQuote(path, line, column):
            return "\(path):\(line): column '\(column)' has text after the closing quote of a "
                + "quoted field; quote the whole field and write inner quotes as \"\"."
        case let .nonFiniteNumber(path, line, column, text):
            return "\(path):\(line): column '\(column)' holds the non-finite number '\(text)'; "
                + "replace it with a finite value or leave the field empty to mark it missing."
        case let .unknownTargetColumn(path, name, available):
            if let hint = Self.delimiterHint(available) {
                return "\(path): there is no column named '\(name)'; \(hint)"
            }
            let shown = available.prefix(12).map { "'\(Self.cut($0))'" }.joined(separator: ", ")
            let more = available.count > 12 ? ", …" : ""
            return
                "\(path): there is no column named '\(Self.cut(name))'; pass --target with one of "
                + "\(shown)\(more)."
        case let .missingTargetValue(path, line, column):
            return "\(path):\(line): the target column '\(column)' is missing a value; "
                + "drop the row or fill in the target."
        case let .singleClassTarget(path, column, value):
            return "\(path): the target column '\(column)' has a single class ('\(value)'); "
                + "classification needs at least two classes."
        case let .constantRegressionTarget(path, column):
            return "\(path): the target column '\(column)' is constant; there is nothing to learn."
        case let .nonNumericRegressionTarget(path, line, column, text):
            return "\(path):\(line): the target column '\(column)' holds '\(text)', which is not a "
                + "number; use --task classification or fix the value."
        case let .noFeatureColumns(path):
            return
                "\(path): the file has no feature columns besides the target; add features, or check "
                + "the delimiter (--delimiter ';' or --delimiter tab for files not separated by commas)."
        case let .invalidDelimiter(text):
            return "The delimiter '\(text)' is not usable; give one ASCII character other than "
                + "a quote or a line break (e.g. ',', ';', '\\t' or '|')."
        case let .invalidArgument(name, value, expected):
            return "\(name) must be \(expected); got \(value)."
        case let .classTooSmallForFolds(className, rows, folds):
            return
                "class '\(className)' has \(rows) row\(rows == 1 ? "" : "s"), fewer than the \(folds) folds of the "
                + "cross-validation (--cv \(folds)), so some fold would have none of it; "
                + (rows >= 2
                    ? "lower --cv to \(rows) or fewer, or add rows of that class."
                    : "add rows of that class or drop it.")
        case let .shapeMismatch(operation, expected, got):
            return "\(operation): expected \(expected), got \(got)."
        case let .missingColumn(name, operation):
            return "\(operation): the data has no column '\(name)', which the transform was "
                + "fitted on; give the same columns as at training time."
        case let .unsupportedVersion(what, found, supported):
            return "\(what) has format version \(found), but this build reads up to version "
                + "\(supported); upgrade automl."
        }
    }
}

extension DataError {
    /// The same error with its line number moved by `shift` (for text parsed in pieces).
    func shiftingLines(by shift: Int) -> DataError {
        switch self {
        case let .invalidUTF8(path, line): return .invalidUTF8(path: path, line: line + shift)
        case let .raggedRow(path, line, expected, got):
            return .raggedRow(path: path, line: line + shift, expected: expected, got: got)
        case let .unterminatedQuote(path, line):
            return .unterminatedQuote(path: path, line: line + shift)
        case let .textAfterClosingQuote(path, line, column):
            return .textAfterClosingQuote(path: path, line: line + shift, column: column)
        case let .nonFiniteNumber(path, line, column, text):
            return .nonFiniteNumber(path: path, line: line + shift, column: column, text: text)
        default: return self
        }
    }

    /// A hint when a header read as one column looks separated by another delimiter.
    static func delimiterHint(_ columns: [String]) -> String? {
        guard columns.count == 1, let header = columns.first else { return nil }
        for (character, flag) in [(";", "';'"), ("\t", "tab"), ("|", "'|'"), (",", "','")]
        where header.contains(character) {
            return
                "the header was read as one column ('\(cut(header))'): the file looks separated by "
                + "\(flag == "tab" ? "tabs" : flag); pass --delimiter \(flag)."
        }
        return nil
    }

    /// `text`, cut to 60 characters.
    static func cut(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "…" : text
    }
}

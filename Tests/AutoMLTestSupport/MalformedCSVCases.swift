import AutoML

/// Hand-made malformed CSV files and the error each must give. Shared by the library tests
/// (exact error) and the command tests (non-zero exit, message on stderr, no crash signal).
public struct MalformedCSVCase: Sendable {
    public let name: String
    public let bytes: [UInt8]
    public let target: String
    public let task: LearningTask?
    /// The expected error, given the path the bytes were written to.
    public let expected: @Sendable (String) -> DataError

    init(
        _ name: String, _ text: String, target: String = "y", task: LearningTask? = nil,
        _ expected: @escaping @Sendable (String) -> DataError
    ) {
        self.init(name, Array(text.utf8), target: target, task: task, expected)
    }

    init(
        _ name: String, _ bytes: [UInt8], target: String = "y", task: LearningTask? = nil,
        _ expected: @escaping @Sendable (String) -> DataError
    ) {
        self.name = name
        self.bytes = bytes
        self.target = target
        self.task = task
        self.expected = expected
    }
}

public let malformedCSVCases: [MalformedCSVCase] = [
    .init("empty file", "") { .emptyFile(path: $0) },
    .init("only a byte-order mark and blank lines", [0xEF, 0xBB, 0xBF, 0x0A, 0x0D, 0x0A]) {
        .emptyFile(path: $0)
    },
    .init("header without rows", "a,b,y\n") { .headerOnly(path: $0) },
    .init("header followed by blank lines", "a,b,y\r\n\r\n\n") { .headerOnly(path: $0) },
    .init("row with a missing field", "a,b,y\n1,2,0\n3,1\n") {
        .raggedRow(path: $0, line: 3, expected: 3, got: 2)
    },
    .init("row with an extra field", "a,b,y\n1,2,0\n3,4,1\n5,6,7,1\n") {
        .raggedRow(path: $0, line: 4, expected: 3, got: 4)
    },
    .init("unterminated quote", "a,b,y\n1,\"open,0\n2,3,1\n") {
        .unterminatedQuote(path: $0, line: 2)
    },
    .init("text after a closing quote", "a,b,y\n1,\"x\"z,0\n") {
        .textAfterClosingQuote(path: $0, line: 2, column: "b")
    },
    .init("duplicate column names", "a,b,a,y\n1,2,3,0\n4,5,6,1\n") {
        .duplicateColumnName(path: $0, name: "a", firstColumn: 1, secondColumn: 3)
    },
    .init("unknown target column", "a,b,c\n1,2,0\n3,4,1\n") {
        .unknownTargetColumn(path: $0, name: "y", available: ["a", "b", "c"])
    },
    .init("target with a single class", "a,y\n1,yes\n2,yes\n3,yes\n") {
        .singleClassTarget(path: $0, column: "y", value: "yes")
    },
    .init("infinite number", "a,b,y\n1,2,0\n3,inf,1\n") {
        .nonFiniteNumber(path: $0, line: 3, column: "b", text: "inf")
    },
    .init("number that overflows", "a,b,y\n1e999,2,0\n3,4,1\n") {
        .nonFiniteNumber(path: $0, line: 2, column: "a", text: "1e999")
    },
    .init(
        "invalid UTF-8 in a field",
        [UInt8]("a,b,y\n1,x,0\n2,".utf8) + [0xC3, 0x28] + [UInt8](",1\n".utf8)
    ) { .invalidUTF8(path: $0, line: 3) },
    .init(
        "invalid UTF-8 in the header", [0x61, 0xFF, 0x2C, 0x79, 0x0A] + [UInt8]("1,0\n2,1\n".utf8)
    ) { .invalidUTF8(path: $0, line: 1) },
    .init("missing target value", "a,y\n1,0\n2,\n3,1\n") {
        .missingTargetValue(path: $0, line: 3, column: "y")
    },
    .init("text target forced to regression", "a,y\n1,low\n2,high\n", task: .regression) {
        .nonNumericRegressionTarget(path: $0, line: 2, column: "y", text: "low")
    },
    .init("constant regression target", "a,y\n1,5.5\n2,5.5\n3,5.5\n", task: .regression) {
        .constantRegressionTarget(path: $0, column: "y")
    },
    .init("no feature columns", "y\n0\n1\n") { .noFeatureColumns(path: $0) },
    .init("binary garbage", [0x00, 0x01, 0x2C, 0xFE, 0x0A, 0x22, 0x00]) {
        .invalidUTF8(path: $0, line: 1)
    },
    .init("quoted field spanning lines, then a ragged row", "a,b,y\n\"multi\nline\",2,0\n1,2\n") {
        .raggedRow(path: $0, line: 4, expected: 3, got: 2)
    },
]

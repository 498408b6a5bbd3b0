import AutoML
import CLibFuzzer

/// libFuzzer's entry point: reads the input as a CSV file, as `automl tune --data` and
/// `automl predict` would, and goes on as far as a model search would before fitting.
///
/// Each input is read three ways:
/// 1. with the default options (comma, the default missing markers);
/// 2. with a variant chosen by the first byte: `;`, tab, `|`, space, comma with the numeric
///    missing marker `-999`, or `;` without markers;
/// 3. when the input starts with `~`, with its data rows repeated past the 1 MiB threshold at
///    which the reader tokenizes two halves in parallel; the result must equal the rows of one
///    copy, repeated.
///
/// A read that succeeds must give a well-formed table; the dataset with the last column as
/// target and its preprocessed matrix must be well-formed too (finite, the right shape). Errors
/// are fine, crashes and broken invariants are findings (`fatalError` makes libFuzzer keep the
/// input).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = readAndPrepare(bytes, options: .standard)
    if let first = bytes.first {
        _ = readAndPrepare(bytes, options: optionsVariant(first))
        if first == UInt8(ascii: "~") { checkParallelRead(bytes) }
    }
    return 0
}

/// The options of read 2, chosen by `selector`.
func optionsVariant(_ selector: UInt8) -> CSVOptions {
    let markers = CSVOptions.defaultMissingMarkers
    let variants: [(String, [String])] = [
        (";", markers), ("\t", markers), ("|", markers), (" ", markers), (",", markers + ["-999"]),
        (";", []),
    ]
    let (delimiter, missing) = variants[Int(selector) % variants.count]
    do { return try CSVOptions(delimiter: delimiter, missingMarkers: missing) } catch {
        fatalError("the fuzz target's own CSV options are refused: \(error)")
    }
}

/// Reads `bytes`, checks the table, then builds the dataset (last column as target) and its
/// preprocessed matrix and checks them. Returns the table when reading succeeded.
func readAndPrepare(_ bytes: [UInt8], options: CSVOptions) -> Table? {
    let table: Table
    do { table = try CSVReader.parse(bytes, source: "fuzz.csv", options: options) } catch {
        return nil
    }
    checkTable(table)
    guard let targetName = table.columnNames.last,
        let dataset = try? Dataset(table: table, targetName: targetName)
    else { return table }
    checkDataset(dataset)
    if let (preprocessor, matrix) = try? Preprocessor.fitTransform(dataset.features) {
        expect(matrix.rows == dataset.rowCount, "the matrix has \(matrix.rows) rows")
        expect(matrix.columns == preprocessor.outputNames.count, "the matrix width")
        expect(matrix.storage.count == matrix.rows * matrix.columns, "the matrix storage")
        if let (row, column) = matrix.firstNonFinite() {
            fatalError("preprocessing made feature \(column) of row \(row) non-finite")
        }
    }
    return table
}

/// What every table read from CSV promises (docs of `CSVReader` and `Table`).
func checkTable(_ table: Table) {
    let rows = table.rowCount
    expect(rows >= 1, "a table without rows was returned")
    expect(!table.columns.isEmpty, "a table without columns was returned")
    expect(Set(table.columnNames).count == table.columns.count, "duplicate column names")
    expect(table.columnNames.allSatisfy { !$0.isEmpty }, "an empty column name")
    expect(table.lineNumbers.first.map { $0 >= 2 } ?? false, "the first row is not after line 1")
    for (previous, next) in zip(table.lineNumbers, table.lineNumbers.dropFirst()) {
        expect(next > previous, "line numbers \(previous), \(next) do not increase")
    }
    for column in table.columns {
        expect(column.count == rows, "column '\(column.name)' has \(column.count) rows")
        switch column.values {
        case .numeric(let numbers):
            expect(numbers.allSatisfy { $0.isNaN || $0.isFinite }, "an infinite number was read")
        case .categorical(let codes, let categories):
            expect(
                zip(categories, categories.dropFirst()).allSatisfy { $0 < $1 },
                "categories are not sorted and distinct")
            expect(
                codes.allSatisfy { $0 >= -1 && Int($0) < categories.count },
                "a code out of range in '\(column.name)'")
        }
    }
}

/// What `Dataset` promises: labels name classes, at least two are used, values are finite.
func checkDataset(_ dataset: Dataset) {
    expect(dataset.target.count == dataset.rowCount, "target and features differ in rows")
    switch dataset.target {
    case .classification(let labels, let classes):
        expect(labels.allSatisfy { classes.indices.contains($0) }, "a label without a class")
        expect(Set(labels).count >= 2, "a classification target with one class")
    case .regression(let values):
        expect(values.allSatisfy(\.isFinite), "a non-finite regression target")
    }
}

/// Read 3: the data rows repeated past the parallel threshold must read as the rows of one
/// copy, repeated (the halves are split at a record boundary found by quote parity).
func checkParallelRead(_ bytes: [UInt8]) {
    guard let headerEnd = bytes.firstIndex(of: 0x0A) else { return }
    let header = Array(bytes[...headerEnd])
    var body = Array(bytes[(headerEnd + 1)...])
    guard !body.isEmpty else { return }
    if body.last != 0x0A { body.append(0x0A) }
    // The header must be a whole record (a quoted field may hold the first line break) and
    // one copy of the rows must read; only then are the copies records of their own.
    do { _ = try CSVReader.parse(header, source: "fuzz.csv") } catch {
        guard case .headerOnly = error else { return }
    }
    guard let once = try? CSVReader.parse(header + body, source: "fuzz.csv") else { return }
    let threshold = 1 << 20
    let copies = threshold / body.count + 2
    var tiled = header
    tiled.reserveCapacity(header.count + copies * body.count)
    for _ in 0..<copies { tiled += body }
    let repeated: Table
    do { repeated = try CSVReader.parse(tiled, source: "fuzz.csv") } catch {
        fatalError("\(copies) copies of readable rows are refused: \(error)")
    }
    let n = once.rowCount
    expect(repeated.rowCount == n * copies, "\(repeated.rowCount) rows, not \(n) × \(copies)")
    expect(repeated.columnNames == once.columnNames, "the header changed")
    // Whole arrays are compared (the standard library's loops, not this debug build's).
    let linesPerCopy = lineBreaks(in: body)
    let expectedLines = (0..<copies).flatMap { copy in
        once.lineNumbers.map { $0 + copy * linesPerCopy }
    }
    expect(repeated.lineNumbers == expectedLines, "the rows' line numbers differ from one copy's")
    for (column, original) in zip(repeated.columns, once.columns) {
        switch (column.values, original.values) {
        case (.numeric(let numbers), .numeric(let originals)):
            let bits = originals.map(\.bitPattern)
            expect(
                numbers.map(\.bitPattern)
                    == Array([[UInt64]](repeating: bits, count: copies).joined()),
                "the numbers of '\(column.name)' differ from one copy's, repeated")
        case (.categorical(let codes, let categories), .categorical(let originals, let names)):
            expect(categories == names, "the categories of '\(column.name)' changed")
            expect(
                codes == Array([[Int32]](repeating: originals, count: copies).joined()),
                "the categories of '\(column.name)' differ from one copy's, repeated")
        default:
            fatalError("column '\(column.name)' changed kind when its rows were repeated")
        }
    }
}

/// Line breaks as the reader counts them: `\n`, `\r\n` and a bare `\r`.
func lineBreaks(in bytes: [UInt8]) -> Int {
    var count = 0
    for (index, byte) in bytes.enumerated() {
        if byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A))
        {
            count += 1
        }
    }
    return count
}

/// Stops the run (libFuzzer keeps the input as a crash) when `condition` is false.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("broken invariant: \(message())") }
}

/// The entry point SwiftPM links (`--defsym main=fuzz_csv_main`; `-parse-as-library` emits no `main`
/// of its own): hands over to libFuzzer's driver, as libFuzzer's `main` would.
@_cdecl("fuzz_csv_main")
public func fuzzCSVMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzzCSV($0, $1) }
}

import Dispatch

/// One contiguous run of data rows, tokenized.
struct CSVChunk {
    /// Per field, `start` and `end` byte offsets; `end` has ``CSVTokenizer/escapedFlag`` set
    /// when the field was quoted and contains `""`.
    var spans: [Int] = []
    /// Per field, the parsed number (NaN when missing or not a number), row-major.
    var numbers: [Double] = []
    /// Per column: true once a field was neither a number nor a missing marker.
    var isText: [Bool]
    /// Per column: the first field that parsed to ±∞, as (row within the chunk, text).
    var firstNonFinite: [(row: Int, text: String)?]
    /// Per row: its 1-based source line.
    var lines: [Int] = []

    init(columnCount: Int) {
        isText = Array(repeating: false, count: columnCount)
        firstNonFinite = Array(repeating: nil, count: columnCount)
    }
}

/// What the byte-level pass yields: header names and the data rows in one or more chunks.
struct CSVTokens {
    var header: [String]
    var chunks: [CSVChunk]
}

/// The byte-level pass of ``CSVReader``: splits records and fields, tracks lines and parses
/// numbers as each field ends.
///
/// Files past ``parallelThreshold`` bytes are cut into two halves at a record boundary, found
/// exactly by quote parity (a `"` count from the data start; `""` escapes keep parity), and the
/// halves are tokenized on two threads.
struct CSVTokenizer {
    static let escapedFlag = 1 << 62
    static let parallelThreshold = 1 << 20

    let bytes: UnsafeBufferPointer<UInt8>
    let source: String
    let delimiter: UInt8
    let markers: [[UInt8]]

    init(bytes: UnsafeBufferPointer<UInt8>, source: String, options: CSVOptions) {
        self.bytes = bytes
        self.source = source
        self.delimiter = options.delimiter
        self.markers = options.missingMarkers.map { Array($0.utf8) }.filter { !$0.isEmpty }
    }

    func run() throws(DataError) -> CSVTokens {
        var cursor = Cursor(position: 0, line: 1)
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { cursor.position = 3 }
        skipBlankLines(&cursor)
        guard cursor.position < bytes.count else { throw .emptyFile(path: source) }
        var headerChunk = CSVChunk(columnCount: 0)
        _ = try readRecord(&cursor, chunk: &headerChunk, header: nil)
        let headerSpans = headerChunk.spans
        var header = [String]()
        for k in stride(from: 0, to: headerSpans.count, by: 2) {
            guard let name = Self.text(bytes, headerSpans[k], headerSpans[k + 1]) else {
                throw .invalidUTF8(path: source, line: 1)
            }
            let trimmed = name.trimmingSpaces()
            header.append(trimmed.isEmpty ? "Unnamed: \(k / 2)" : trimmed)
        }
        skipBlankLines(&cursor)
        let chunks = try tokenizeRows(from: cursor, header: header)
        guard chunks.contains(where: { !$0.lines.isEmpty }) else { throw .headerOnly(path: source) }
        return CSVTokens(header: header, chunks: chunks)
    }

    // MARK: Chunks

    struct Cursor {
        var position: Int
        var line: Int
    }

    private func tokenizeRows(from start: Cursor, header: [String]) throws(DataError) -> [CSVChunk] {
        guard bytes.count - start.position > Self.parallelThreshold, let middle = splitPoint(after: start) else {
            return [try tokenizeChunk(from: start, to: bytes.count, header: header)]
        }
        final class Results: @unchecked Sendable {  // each slot written by one iteration only
            var chunks: [Result<CSVChunk, DataError>] = [.failure(.emptyFile(path: "")), .failure(.emptyFile(path: ""))]
        }
        let results = Results()
        nonisolated(unsafe) let tokenizer = self
        let ranges = [(start, middle.position), (middle, bytes.count)]
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let (from, to) = ranges[index]
            do throws(DataError) {
                results.chunks[index] = .success(try tokenizer.tokenizeChunk(from: from, to: to, header: header))
            } catch {
                results.chunks[index] = .failure(error)
            }
        }
        return try results.chunks.map { result throws(DataError) in try result.get() }
    }

    /// The start of the first record after the middle of the data, with its line number;
    /// `nil` when the file uses bare `\r` line ends (whose lines a `\n` count would miss).
    private func splitPoint(after start: Cursor) -> Cursor? {
        let base = bytes.baseAddress!
        let end = bytes.count
        var quotes = 0
        var newlines = 0
        var k = start.position
        let middle = start.position + (end - start.position) / 2
        while k < middle {
            let byte = base[k]
            if byte == 0x22 { quotes += 1 } else if byte == 0x0A { newlines += 1 } else if byte == 0x0D {
                if k + 1 >= end || base[k + 1] != 0x0A { return nil }
            }
            k += 1
        }
        while k < end {
            let byte = base[k]
            k += 1
            if byte == 0x22 { quotes += 1 } else if byte == 0x0D {
                if k >= end || base[k] != 0x0A { return nil }
            } else if byte == 0x0A {
                newlines += 1
                if quotes % 2 == 0 { return k < end ? Cursor(position: k, line: start.line + newlines) : nil }
            }
        }
        return nil
    }

    private func tokenizeChunk(from start: Cursor, to end: Int, header: [String]) throws(DataError) -> CSVChunk {
        let columnCount = header.count
        var chunk = CSVChunk(columnCount: columnCount)
        let estimatedRows = max(16, (end - start.position) / max(1, 8 * columnCount))
        chunk.spans.reserveCapacity(estimatedRows * columnCount * 2)
        chunk.numbers.reserveCapacity(estimatedRows * columnCount)
        chunk.lines.reserveCapacity(estimatedRows)
        var cursor = start
        let limited = CSVTokenizer(limitedTo: end, from: self)
        while cursor.position < end {
            let recordLine = cursor.line
            let fieldCount = try limited.readRecord(&cursor, chunk: &chunk, header: header)
            guard fieldCount == columnCount else {
                throw .raggedRow(path: source, line: recordLine, expected: columnCount, got: fieldCount)
            }
            chunk.lines.append(recordLine)
            limited.skipBlankLines(&cursor)
        }
        return chunk
    }

    /// A tokenizer that sees only the bytes before `end`.
    private init(limitedTo end: Int, from other: CSVTokenizer) {
        bytes = UnsafeBufferPointer(rebasing: other.bytes[0..<end])
        source = other.source
        delimiter = other.delimiter
        markers = other.markers
    }
}

import Dispatch
import Foundation

/// One contiguous run of data rows, tokenized.
struct CSVChunk {
    /// Per field, `start` and `end` byte offsets; `end` has ``CSVTokenizer/quotedFlag`` set
    /// when the field was quoted and ``CSVTokenizer/escapedFlag`` when it contains `""`.
    var spans: [Int] = []
    /// Per field, the parsed number (NaN when missing or not a number), row-major.
    var numbers: [Double] = []
    /// Per column: true once a field was neither a number nor a missing marker.
    var isText: [Bool]
    /// Per column: the first field that parsed to ±∞, as (row within the chunk, text).
    var firstNonFinite: [(row: Int, text: String)?]
    /// Per row: its 1-based source line.
    var lines: [Int] = []
    /// The line the chunk's last record ended on (where the next chunk starts counting).
    var endLine = 0

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
/// by quote parity (a `"` count from the data start; `""` escapes keep parity), and the halves
/// are tokenized on two threads. A quote inside an unquoted field (`a"b`) also flips the
/// parity, so a cut is only trusted once the first half has read cleanly up to it; otherwise
/// the rows are read again in one piece.
struct CSVTokenizer {
    static let escapedFlag = 1 << 62
    static let quotedFlag = 1 << 61
    static let parallelThreshold = 1 << 20

    let bytes: UnsafeBufferPointer<UInt8>
    let source: String
    let delimiter: UInt8
    let markers: [[UInt8]]
    /// Whether some marker reads as a number (`--missing=-999`): number fields are then
    /// compared with the markers too, which the common case skips.
    let hasNumericMarkers: Bool
    /// Whether data fields' spans are kept. The first pass skips them (all-numeric files never
    /// need them); when some column turns out to be text, the rows are tokenized again with spans.
    var collectsSpans = false

    init(bytes: UnsafeBufferPointer<UInt8>, source: String, options: CSVOptions) {
        self.bytes = bytes
        self.source = source
        self.delimiter = options.delimiter
        self.markers = options.missingMarkers.map { Array($0.utf8) }.filter { !$0.isEmpty }
        self.hasNumericMarkers = options.missingMarkers.contains {
            Double($0.trimmingCharacters(in: .whitespaces))?.isNaN == false
        }
    }

    func run() throws(DataError) -> CSVTokens {
        var cursor = Cursor(position: 0, line: 1)
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            cursor.position = 3
        }
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
        var chunks = try tokenizeRows(from: cursor, header: header)
        if chunks.contains(where: { $0.isText.contains(true) }) {
            var withSpans = self
            withSpans.collectsSpans = true
            chunks = try withSpans.tokenizeRows(from: cursor, header: header)
        }
        guard chunks.contains(where: { !$0.lines.isEmpty }) else { throw .headerOnly(path: source) }
        return CSVTokens(header: header, chunks: chunks)
    }

    // MARK: Chunks

    struct Cursor {
        var position: Int
        var line: Int
    }

    private func tokenizeRows(from start: Cursor, header: [String]) throws(DataError) -> [CSVChunk]
    {
        guard bytes.count - start.position > Self.parallelThreshold,
            let middle = splitPoint(after: start)
        else {
            return [try tokenizeChunk(from: start, to: bytes.count, header: header)]
        }
        // One slot per half in memory allocated up front: each thread initializes only its own
        // slot, so there is no shared Swift array whose copy-on-write could drop a write.
        let slots = UnsafeMutablePointer<Result<CSVChunk, DataError>>.allocate(capacity: 2)
        defer {
            slots.deinitialize(count: 2)
            slots.deallocate()
        }
        nonisolated(unsafe) let results = slots
        nonisolated(unsafe) let tokenizer = self
        let ranges = [(start, middle.position), (middle, bytes.count)]
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let (from, to) = ranges[index]
            do throws(DataError) {
                (results + index).initialize(
                    to: .success(try tokenizer.tokenizeChunk(from: from, to: to, header: header)))
            } catch {
                (results + index).initialize(to: .failure(error))
            }
        }
        let first: CSVChunk
        switch results[0] {
        case .success(let chunk): first = chunk
        case .failure:
            // The parity count also counts a quote inside an unquoted field (`a"b`), so the
            // cut can land inside a quoted field of a valid file; the first half then ends in
            // an open quote. Reading the rows in one piece tells that apart from a real error
            // and finds the file's first error either way.
            return [try tokenizeChunk(from: start, to: bytes.count, header: header)]
        }
        // The first half ended at a record boundary, so the cut is one and an error in the
        // second half is real. It counted lines from 0: shift them past the first half's.
        let shift = first.endLine
        switch results[1] {
        case .failure(let error): throw error.shiftingLines(by: shift)
        case .success(var second):
            for k in second.lines.indices { second.lines[k] += shift }
            return [first, second]
        }
    }

    /// The start of the first record after the middle of the data (its line is not known
    /// yet: the caller shifts the second chunk's lines by the first chunk's count), or `nil`
    /// when there is none, e.g. with bare `\r` line ends.
    ///
    /// Whether the middle falls inside a quoted field follows from the parity of the `"` count
    /// before it (`memchr` jumps from quote to quote, so a file without quotes costs one call).
    private func splitPoint(after start: Cursor) -> Cursor? {
        // No bytes, no record to start.
        guard let base = bytes.baseAddress else { return nil }
        let end = bytes.count
        let middle = start.position + (end - start.position) / 2
        var quotes = 0
        var k = start.position
        while k < middle, let found = memchr(base + k, 0x22, middle - k) {
            quotes += 1
            k = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        k = middle
        while k < end {
            let byte = base[k]
            k += 1
            if byte == 0x22 {
                quotes += 1
            } else if byte == 0x0A && quotes % 2 == 0 {
                return k < end ? Cursor(position: k, line: 0) : nil
            }
        }
        return nil
    }

    private func tokenizeChunk(from start: Cursor, to end: Int, header: [String]) throws(DataError)
        -> CSVChunk
    {
        let columnCount = header.count
        var chunk = CSVChunk(columnCount: columnCount)
        let estimatedRows = max(16, (end - start.position) / max(1, 8 * columnCount))
        if collectsSpans { chunk.spans.reserveCapacity(estimatedRows * columnCount * 2) }
        chunk.numbers.reserveCapacity(estimatedRows * columnCount)
        chunk.lines.reserveCapacity(estimatedRows)
        var cursor = start
        let limited = CSVTokenizer(limitedTo: end, from: self)
        while cursor.position < end {
            let recordLine = cursor.line
            let fieldCount = try limited.readRecord(&cursor, chunk: &chunk, header: header)
            guard fieldCount == columnCount else {
                throw .raggedRow(
                    path: source, line: recordLine, expected: columnCount, got: fieldCount)
            }
            chunk.lines.append(recordLine)
            limited.skipBlankLines(&cursor)
        }
        chunk.endLine = cursor.line
        return chunk
    }

    /// A tokenizer that sees only the bytes before `end`.
    private init(limitedTo end: Int, from other: CSVTokenizer) {
        bytes = UnsafeBufferPointer(rebasing: other.bytes[0..<end])
        source = other.source
        delimiter = other.delimiter
        markers = other.markers
        hasNumericMarkers = other.hasNumericMarkers
        collectsSpans = other.collectsSpans
    }
}

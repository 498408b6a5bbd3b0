/// What one pass over the bytes yields: header names, field spans and the numbers already
/// parsed, row-major.
struct CSVTokens {
    var header: [String]
    /// Per field, `start` and `end` byte offsets; `end` has ``CSVTokenizer/escapedFlag`` set
    /// when the field was quoted and contains `""`.
    var spans: [Int]
    /// Per field, the parsed number (NaN when missing or not a number).
    var numbers: [Double]
    /// Per column: true once a field was neither a number nor a missing marker.
    var isText: [Bool]
    /// Per column: the first field that parsed to ±∞, as (row, text).
    var firstNonFinite: [(row: Int, text: String)?]
    /// Per row: its 1-based source line.
    var lines: [Int]
}

/// The byte-level pass of ``CSVReader``: splits records and fields, tracks lines and
/// parses numbers on the way.
struct CSVTokenizer {
    static let escapedFlag = 1 << 62

    let bytes: UnsafeBufferPointer<UInt8>
    let source: String
    let delimiter: UInt8
    let markers: [[UInt8]]
    var line = 1
    var position = 0
    var headerNames: [String] = []

    init(bytes: UnsafeBufferPointer<UInt8>, source: String, options: CSVOptions) {
        self.bytes = bytes
        self.source = source
        self.delimiter = options.delimiter
        self.markers = options.missingMarkers.map { Array($0.utf8) }.filter { !$0.isEmpty }
    }

    mutating func run() throws(DataError) -> CSVTokens {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        skipBlankLines()
        guard position < bytes.count else { throw .emptyFile(path: source) }
        var headerSpans = [Int]()
        _ = try readRecord(into: &headerSpans, columnCount: nil)
        var header = [String]()
        for k in stride(from: 0, to: headerSpans.count, by: 2) {
            guard let name = text(headerSpans[k], headerSpans[k + 1]) else {
                throw .invalidUTF8(path: source, line: 1)
            }
            let trimmed = name.trimmingSpaces()
            header.append(trimmed.isEmpty ? "Unnamed: \(k / 2)" : trimmed)
        }
        let columnCount = header.count
        headerNames = header
        var tokens = CSVTokens(
            header: header, spans: [], numbers: [], isText: Array(repeating: false, count: columnCount),
            firstNonFinite: Array(repeating: nil, count: columnCount), lines: [])
        let estimatedRows = max(16, bytes.count / max(1, 8 * columnCount))
        tokens.spans.reserveCapacity(estimatedRows * columnCount * 2)
        tokens.numbers.reserveCapacity(estimatedRows * columnCount)
        skipBlankLines()
        while position < bytes.count {
            let recordLine = line
            let start = tokens.spans.count
            let fieldCount = try readRecord(into: &tokens.spans, columnCount: columnCount)
            guard fieldCount == columnCount else {
                throw .raggedRow(path: source, line: recordLine, expected: columnCount, got: fieldCount)
            }
            let row = tokens.lines.count
            tokens.lines.append(recordLine)
            for column in 0..<columnCount {
                let s = tokens.spans[start + 2 * column]
                let e = tokens.spans[start + 2 * column + 1]
                var value = Double.nan
                if !tokens.isText[column] && e & Self.escapedFlag == 0 {
                    switch NumberParser.parse(bytes.baseAddress!, s, e) {
                    case .number(let number):
                        value = number
                        if !number.isFinite && tokens.firstNonFinite[column] == nil {
                            tokens.firstNonFinite[column] = (row, text(s, e) ?? "?")
                        }
                    case .notANumber:
                        if !isMissingMarker(s, e) { tokens.isText[column] = true }
                    }
                } else if !tokens.isText[column] {
                    tokens.isText[column] = true
                }
                tokens.numbers.append(value)
            }
            skipBlankLines()
        }
        guard !tokens.lines.isEmpty else { throw .headerOnly(path: source) }
        return tokens
    }

    /// Reads one record's fields as span pairs; returns the number of fields.
    private mutating func readRecord(into spans: inout [Int], columnCount: Int?) throws(DataError) -> Int {
        let recordLine = line
        var fields = 0
        let base = bytes.baseAddress!
        let end = bytes.count
        while true {
            fields += 1
            if position < end && base[position] == 0x22 {  // quoted field
                position += 1
                let start = position
                var escaped = false
                while true {
                    guard position < end else { throw .unterminatedQuote(path: source, line: recordLine) }
                    let byte = base[position]
                    if byte == 0x22 {
                        if position + 1 < end && base[position + 1] == 0x22 {
                            escaped = true
                            position += 2
                            continue
                        }
                        break
                    }
                    if byte == 0x0A { line += 1 } else if byte == 0x0D {
                        if position + 1 >= end || base[position + 1] != 0x0A { line += 1 }
                    }
                    position += 1
                }
                spans.append(start)
                spans.append(escaped ? position | Self.escapedFlag : position)
                position += 1  // closing quote
                while position < end && (base[position] == 0x20 || base[position] == 0x09) && base[position] != delimiter {
                    position += 1
                }
                if position < end && base[position] != delimiter && base[position] != 0x0A && base[position] != 0x0D {
                    let name = columnCount == nil ? "header field \(fields)"
                        : fields <= headerNames.count ? headerNames[fields - 1] : "#\(fields)"
                    throw .textAfterClosingQuote(path: source, line: line, column: name)
                }
            } else {
                let start = position
                while position < end {
                    let byte = base[position]
                    if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                    position += 1
                }
                spans.append(start)
                spans.append(position)
            }
            guard position < end else { return fields }
            let byte = base[position]
            position += 1
            if byte == delimiter { continue }
            if byte == 0x0D && position < end && base[position] == 0x0A { position += 1 }
            line += 1
            return fields
        }
    }

    /// Skips empty lines (`\n`, `\r\n`, `\r`) before a record.
    private mutating func skipBlankLines() {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x0A {
                line += 1
                position += 1
            } else if byte == 0x0D {
                line += 1
                position += 1
                if position < bytes.count && bytes[position] == 0x0A { position += 1 }
            } else {
                return
            }
        }
    }

    private func isMissingMarker(_ start: Int, _ end: Int) -> Bool {
        var s = start
        var e = end
        while s < e && (bytes[s] == 0x20 || bytes[s] == 0x09) { s += 1 }
        while e > s && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09) { e -= 1 }
        if s == e { return true }
        for marker in markers where marker.count == e - s {
            var equal = true
            for k in 0..<marker.count where marker[k] != bytes[s + k] {
                equal = false
                break
            }
            if equal { return true }
        }
        return false
    }

    /// The field's text, validated as UTF-8; `nil` when it is not valid UTF-8.
    func text(_ start: Int, _ endWithFlag: Int) -> String? {
        CSVTokenizer.text(bytes, start, endWithFlag)
    }

    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ endWithFlag: Int) -> String? {
        let end = endWithFlag & ~escapedFlag
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard endWithFlag & escapedFlag != 0 else { return String(validating: slice, as: UTF8.self) }
        var unescaped = [UInt8]()
        unescaped.reserveCapacity(slice.count)
        var k = 0
        while k < slice.count {
            unescaped.append(slice[k])
            k += slice[k] == 0x22 ? 2 : 1
        }
        return String(validating: unescaped, as: UTF8.self)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}

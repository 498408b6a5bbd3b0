extension CSVTokenizer {
    /// Reads one record at `cursor`, appending a span pair per field to `chunk.spans`. For data
    /// records (`header` given) each field is also parsed into `chunk.numbers` as it ends.
    /// - Returns: the number of fields.
    func readRecord(_ cursor: inout Cursor, chunk: inout CSVChunk, header: [String]?)
        throws(DataError) -> Int
    {
        let recordLine = cursor.line
        var fields = 0
        guard let base = bytes.baseAddress else {
            preconditionFailure("a record is read only at a position before the end of the bytes")
        }
        let end = bytes.count
        var position = cursor.position
        let columnCount = header?.count ?? 0
        defer { cursor.position = position }
        return try NumberParser.powersOfTen.withUnsafeBufferPointer {
            powerBuffer throws(DataError) -> Int in
            guard let powers = powerBuffer.baseAddress else {
                preconditionFailure("NumberParser.powersOfTen holds 10⁰ … 10²²")
            }
            while true {
                fields += 1
                var fieldStart: Int
                var fieldEnd: Int
                var escaped = false
                var quoted = false
                if position < end && base[position] == 0x22 {  // quoted field
                    position += 1
                    quoted = true
                    fieldStart = position
                    while true {
                        guard position < end else {
                            throw .unterminatedQuote(path: source, line: recordLine)
                        }
                        let byte = base[position]
                        if byte == 0x22 {
                            if position + 1 < end && base[position + 1] == 0x22 {
                                escaped = true
                                position += 2
                                continue
                            }
                            break
                        }
                        if byte == 0x0A {
                            cursor.line += 1
                        } else if byte == 0x0D
                            && (position + 1 >= end || base[position + 1] != 0x0A)
                        {
                            cursor.line += 1
                        }
                        position += 1
                    }
                    fieldEnd = position
                    position += 1  // closing quote
                    while position < end && (base[position] == 0x20 || base[position] == 0x09)
                        && base[position] != delimiter
                    {
                        position += 1
                    }
                    if position < end && base[position] != delimiter && base[position] != 0x0A
                        && base[position] != 0x0D
                    {
                        let name =
                            header.map { fields <= $0.count ? $0[fields - 1] : "#\(fields)" }
                            ?? "header field \(fields)"
                        throw .textAfterClosingQuote(path: source, line: cursor.line, column: name)
                    }
                } else {
                    fieldStart = position
                    while position < end {
                        let byte = base[position]
                        if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                        position += 1
                    }
                    fieldEnd = position
                }
                if collectsSpans || header == nil {
                    chunk.spans.append(fieldStart)
                    chunk.spans.append(
                        fieldEnd | (quoted ? Self.quotedFlag : 0) | (escaped ? Self.escapedFlag : 0)
                    )
                }
                if header != nil {
                    let column = fields - 1
                    var value = Double.nan
                    if column < columnCount && !chunk.isText[column] {
                        if escaped {
                            chunk.isText[column] = true
                        } else {
                            switch NumberParser.parse(base, fieldStart, fieldEnd, powers: powers)
                            {
                            case .number(let number):
                                if hasNumericMarkers && isMissingMarker(fieldStart, fieldEnd) {
                                    break
                                }
                                value = number
                                if !number.isFinite && chunk.firstNonFinite[column] == nil {
                                    chunk.firstNonFinite[column] = (
                                        chunk.lines.count,
                                        Self.text(bytes, fieldStart, fieldEnd) ?? "?"
                                    )
                                }
                            case .notANumber:
                                if !isMissingMarker(fieldStart, fieldEnd) {
                                    chunk.isText[column] = true
                                }
                            }
                        }
                    }
                    if column < columnCount { chunk.numbers.append(value) }
                }
                guard position < end else { return fields }
                let byte = base[position]
                position += 1
                if byte == delimiter { continue }
                if byte == 0x0D && position < end && base[position] == 0x0A { position += 1 }
                cursor.line += 1
                return fields
            }
        }
    }

    /// Skips empty lines (`\n`, `\r\n`, `\r`) before a record.
    func skipBlankLines(_ cursor: inout Cursor) {
        while cursor.position < bytes.count {
            let byte = bytes[cursor.position]
            if byte == 0x0A {
                cursor.line += 1
                cursor.position += 1
            } else if byte == 0x0D {
                cursor.line += 1
                cursor.position += 1
                if cursor.position < bytes.count && bytes[cursor.position] == 0x0A {
                    cursor.position += 1
                }
            } else {
                return
            }
        }
    }

    func isMissingMarker(_ start: Int, _ end: Int) -> Bool {
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

    /// The field's text, validated as UTF-8 and with `""` unescaped; `nil` when not UTF-8 or
    /// when it holds a NUL byte (never text: a UTF-16 or binary file).
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ endWithFlag: Int)
        -> String?
    {
        let end = endWithFlag & ~(escapedFlag | quotedFlag)
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if slice.contains(0) { return nil }
        guard endWithFlag & escapedFlag != 0 else {
            return String(validating: slice, as: UTF8.self)
        }
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

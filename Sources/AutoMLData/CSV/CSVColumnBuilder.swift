import Dispatch

/// The second step of ``CSVReader``: turns tokens into typed columns and checks them.
struct CSVColumnBuilder {
    let bytes: UnsafeBufferPointer<UInt8>
    let tokens: CSVTokens
    let source: String
    let options: CSVOptions

    func build() throws(DataError) -> Table {
        let columnCount = tokens.header.count
        var seen = [String: Int]()
        for (index, name) in tokens.header.enumerated() {
            if let first = seen[name] {
                throw .duplicateColumnName(
                    path: source, name: name, firstColumn: first + 1, secondColumn: index + 1)
            }
            seen[name] = index
        }
        let lines = tokens.chunks.flatMap(\.lines)
        let rowCount = lines.count
        for c in 0..<columnCount where !tokens.chunks.contains(where: { $0.isText[c] }) {
            for chunk in tokens.chunks {
                if let (row, text) = chunk.firstNonFinite[c] {
                    throw .nonFiniteNumber(
                        path: source, line: chunk.lines[row], column: tokens.header[c], text: text)
                }
            }
        }
        // Numeric columns are gathered from the row-major numbers on both cores.
        // Slot c is initialized by iteration c only, in memory allocated up front (a shared Swift
        // array could copy on write and drop another thread's element).
        let slots = UnsafeMutablePointer<Column?>.allocate(capacity: columnCount)
        slots.initialize(repeating: nil, count: columnCount)
        defer {
            slots.deinitialize(count: columnCount)
            slots.deallocate()
        }
        nonisolated(unsafe) let output = slots
        nonisolated(unsafe) let builder = self
        DispatchQueue.concurrentPerform(iterations: columnCount) { c in
            guard !builder.tokens.chunks.contains(where: { $0.isText[c] }) else { return }
            output[c] = builder.numericColumn(c, rowCount: rowCount, columnCount: columnCount)
        }
        var columns = [Column]()
        columns.reserveCapacity(columnCount)
        for c in 0..<columnCount {
            let name = tokens.header[c]
            var column: Column
            if let numeric = slots[c] {
                column = numeric
            } else {
                column = try categoricalColumn(
                    c, name: name, rowCount: rowCount, columnCount: columnCount)
            }
            columns.append(column)
        }
        return try Table(source: source, columns: columns, lineNumbers: lines)
    }

    private func numericColumn(_ c: Int, rowCount: Int, columnCount: Int) -> Column {
        var values = [Double](repeating: .nan, count: rowCount)
        values.withUnsafeMutableBufferPointer { out in
            var r = 0
            for chunk in tokens.chunks {
                chunk.numbers.withUnsafeBufferPointer { numbers in
                    for k in 0..<chunk.lines.count { out[r + k] = numbers[k * columnCount + c] }
                }
                r += chunk.lines.count
            }
        }
        return Column(name: tokens.header[c], values: .numeric(values))
    }

    /// Codes into sorted categories; missing markers become -1.
    private func categoricalColumn(_ c: Int, name: String, rowCount: Int, columnCount: Int)
        throws(DataError) -> Column
    {
        var provisional = [String: Int32]()
        var order = [String]()
        var codes = [Int32](repeating: -1, count: rowCount)
        var r = 0
        for chunk in tokens.chunks {
            for k in 0..<chunk.lines.count {
                defer { r += 1 }
                let s = 2 * (k * columnCount + c)
                guard let raw = CSVTokenizer.text(bytes, chunk.spans[s], chunk.spans[s + 1]) else {
                    throw .invalidUTF8(path: source, line: chunk.lines[k])
                }
                let text =
                    chunk.spans[s + 1] & CSVTokenizer.quotedFlag != 0 ? raw : raw.trimmingSpaces()
                if options.missingMarkers.contains(text) { continue }
                if let code = provisional[text] {
                    codes[r] = code
                } else {
                    let code = Int32(order.count)
                    provisional[text] = code
                    order.append(text)
                    codes[r] = code
                }
            }
        }
        // Provisional codes are positions in `order`; rank them by text.
        let ranking = order.indices.sorted { order[$0] < order[$1] }
        let sorted = ranking.map { order[$0] }
        var remap = [Int32](repeating: -1, count: order.count)
        for (rank, provisionalCode) in ranking.enumerated() { remap[provisionalCode] = Int32(rank) }
        for k in 0..<rowCount where codes[k] >= 0 { codes[k] = remap[Int(codes[k])] }
        return Column(name: name, values: .categorical(codes: codes, categories: sorted))
    }
}

/// The second step of ``CSVReader``: turns tokens into typed columns and checks them.
struct CSVColumnBuilder {
    let bytes: UnsafeBufferPointer<UInt8>
    let tokens: CSVTokens
    let source: String
    let options: CSVOptions

    func build() throws(DataError) -> Table {
        let columnCount = tokens.header.count
        let rowCount = tokens.lines.count
        var seen = [String: Int]()
        for (index, name) in tokens.header.enumerated() {
            if let first = seen[name] {
                throw .duplicateColumnName(path: source, name: name, firstColumn: first + 1, secondColumn: index + 1)
            }
            seen[name] = index
        }
        var columns = [Column]()
        columns.reserveCapacity(columnCount)
        for c in 0..<columnCount {
            let name = tokens.header[c]
            let column: Column
            if tokens.isText[c] {
                column = try categoricalColumn(c, name: name, rowCount: rowCount, columnCount: columnCount)
            } else {
                if let (row, text) = tokens.firstNonFinite[c] {
                    throw .nonFiniteNumber(path: source, line: tokens.lines[row], column: name, text: text)
                }
                var values = [Double](repeating: .nan, count: rowCount)
                tokens.numbers.withUnsafeBufferPointer { numbers in
                    values.withUnsafeMutableBufferPointer { out in
                        for r in 0..<rowCount { out[r] = numbers[r * columnCount + c] }
                    }
                }
                column = Column(name: name, values: .numeric(values))
            }
            if column.missingCount == rowCount { throw .allMissingColumn(path: source, column: name) }
            columns.append(column)
        }
        return try Table(source: source, columns: columns, lineNumbers: tokens.lines)
    }

    /// Codes into sorted categories; missing markers become -1.
    private func categoricalColumn(_ c: Int, name: String, rowCount: Int, columnCount: Int) throws(DataError) -> Column {
        var provisional = [String: Int32]()
        var order = [String]()
        var codes = [Int32](repeating: -1, count: rowCount)
        for r in 0..<rowCount {
            let k = 2 * (r * columnCount + c)
            guard let raw = CSVTokenizer.text(bytes, tokens.spans[k], tokens.spans[k + 1]) else {
                throw .invalidUTF8(path: source, line: tokens.lines[r])
            }
            let text = raw.trimmingSpaces()
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
        let sorted = order.sorted()
        var remap = [Int32](repeating: -1, count: order.count)
        for (rank, text) in sorted.enumerated() { remap[Int(provisional[text]!)] = Int32(rank) }
        for r in 0..<rowCount where codes[r] >= 0 { codes[r] = remap[Int(codes[r])] }
        return Column(name: name, values: .categorical(codes: codes, categories: sorted))
    }
}

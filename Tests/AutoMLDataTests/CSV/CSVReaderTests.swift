import AutoMLData
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct CSVReaderTests {
    @Test("reads numbers, text, quotes, a BOM and CRLF line ends")
    func readsTheUsualShapes() throws {
        let text =
            "\u{FEFF}id,\"name, full\",score,y\r\n1,\"Smith, \"\"Jo\"\"\",1.5,a\r\n2,Lee,-2e3,b\r\n\r\n3,\"multi\nline\",  7 ,a\r\n"
        let table = try CSVReader.parse(text, source: "t.csv")
        #expect(table.columnNames == ["id", "name, full", "score", "y"])
        #expect(table.rowCount == 3)
        #expect(table["id"]?.numbers == [1, 2, 3])
        #expect(table["score"]?.numbers == [1.5, -2000, 7])
        #expect(table["name, full"]?.text(at: 0) == "Smith, \"Jo\"")
        #expect(table["name, full"]?.text(at: 2) == "multi\nline")
        #expect(table["y"]?.kind == .categorical)
        #expect(table.lineNumbers == [2, 3, 5])
    }

    @Test("treats the missing markers as missing and keeps the column numeric")
    func missingMarkers() throws {
        let table = try CSVReader.parse("a,b\n1,x\n,y\nNA,z\nNaN,x\n?,y\n4,z\n")
        let a = try #require(table["a"])
        #expect(a.kind == .numeric)
        #expect(a.missingCount == 4)
        #expect(a.numbers?.filter { !$0.isNaN } == [1, 4])
    }

    @Test("a custom delimiter and a custom missing marker")
    func delimiterAndMarker() throws {
        let options = try CSVOptions(
            delimiter: ";", missingMarkers: CSVOptions.defaultMissingMarkers + ["-"])
        let table = try CSVReader.parse("a;b\n1,5;-\n2;3\n", options: options)
        #expect(table["a"]?.kind == .categorical)  // "1,5" is not a decimal number
        #expect(table["b"]?.numbers?[1] == 3)
        #expect(table["b"]?.missingCount == 1)
        let tabbed = try CSVReader.parse("a\tb\n1\t2\n", options: try CSVOptions(delimiter: "tab"))
        #expect(tabbed["b"]?.numbers == [2])
    }

    @Test("rejects unusable delimiters")
    func badDelimiters() {
        for bad in ["", "\"", "\n", ";;", "é"] {
            #expect(throws: DataError.invalidDelimiter(bad)) { try CSVOptions(delimiter: bad) }
        }
    }

    @Test("sorts categories and codes missing as -1")
    func categoricalCodes() throws {
        let table = try CSVReader.parse("c\nred\nblue\n\nNA\ngreen\nblue\n")
        guard case .categorical(let codes, let categories) = table["c"]?.values else {
            Issue.record("expected a categorical column")
            return
        }
        #expect(categories == ["blue", "green", "red"])
        #expect(codes == [2, 0, -1, 1, 0])
    }

    @Test("names an unnamed header column as pandas does")
    func unnamedColumn() throws {
        let table = try CSVReader.parse(",a\n0,1\n1,2\n")
        #expect(table.columnNames == ["Unnamed: 0", "a"])
    }

    @Test("parses numbers exactly as strtod does")
    func numberParsing() throws {
        let texts = [
            "0", "-0.5", "3.14159", "1e-5", "2.5E+10", "123456789012345678", "0.1",
            "0.30000000000000004",
            "-1.7976931348623157e308", "4.9e-324", ".5", "5.", "+7", "0.038075906433423026",
        ]
        let csv = "x\n" + texts.joined(separator: "\n") + "\n"
        let numbers = try #require(CSVReader.parse(csv)["x"]?.numbers)
        for (text, value) in zip(texts, numbers) {
            #expect(value == strtod(text, nil), "\(text)")
        }
    }

    @Test("the two-thread path gives the same table and line numbers as one thread")
    func parallelMatchesSerial() throws {
        var rng = RandomSource(seed: 3)
        var text = "a,b,label\n"
        for row in 0..<60_000 {
            let quoted = row % 97 == 0 ? "\"x,\ny\"" : "w\(row % 5)"
            text += "\(rng.normal()),\(quoted),\(row % 3)\n"
        }
        #expect(text.utf8.count > 1 << 20)
        let table = try CSVReader.parse(text, source: "big.csv")
        #expect(table.rowCount == 60_000)
        let lines = table.lineNumbers
        // Each quoted field adds one line; rows after it start one line later.
        var expected = [Int]()
        var line = 2
        for row in 0..<60_000 {
            expected.append(line)
            line += row % 97 == 0 ? 2 : 1
        }
        #expect(lines == expected)
        // An error in the second half names the right line.
        let broken = text + "1,2\n"
        #expect(throws: DataError.raggedRow(path: "big.csv", line: line, expected: 3, got: 2)) {
            try CSVReader.parse(broken, source: "big.csv")
        }
    }

    @Test("round-trips through the writer")
    func writerRoundTrip() throws {
        let table = try Table(columns: [
            .numeric("x", [1, .nan, -2.5, 1e-9]),
            .categorical("name", ["a, b", nil, "say \"hi\"", " padded "]),
        ])
        let path = NSTemporaryDirectory() + "automl-roundtrip-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try CSVWriter.write(table, to: path)
        let read = try CSVReader.read(contentsOf: path)
        #expect(read.columnNames == table.columnNames)
        for (written, back) in zip(table.columns, read.columns) {
            #expect(back.kind == written.kind)
            // NaN ≠ NaN, so by text.
            #expect((0..<4).map(back.text(at:)) == (0..<4).map(written.text(at:)))
        }
    }

    @Test("gives a precise error for each malformed file", arguments: malformedCSVCases)
    func malformed(_ example: MalformedCSVCase) throws {
        let path = NSTemporaryDirectory() + "automl-malformed-\(UUID().uuidString).csv"
        try Data(example.bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: example.expected(path)) {
            let table = try CSVReader.read(contentsOf: path)
            _ = try Dataset(table: table, targetName: example.target, task: example.task)
        }
    }

    @Test("names a missing file, a folder and a device (which would never end)")
    func missingFileAndDirectory() {
        #expect(throws: DataError.fileNotFound(path: "/nonexistent/x.csv")) {
            try CSVReader.read(contentsOf: "/nonexistent/x.csv")
        }
        #expect(
            throws: DataError.unreadable(path: "/tmp", reason: "it is a folder; give a CSV file")
        ) {
            try CSVReader.read(contentsOf: "/tmp")
        }
        #expect(
            throws: DataError.unreadable(
                path: "/dev/zero", reason: "it is a device, not a file; give a CSV file")
        ) {
            try CSVReader.read(contentsOf: "/dev/zero")
        }
    }

    @Test("a marker that reads as a number (a -999 sentinel) is missing, also in numeric columns")
    func numericMarker() throws {
        let options = try CSVOptions(missingMarkers: CSVOptions.defaultMissingMarkers + ["-999"])
        let table = try CSVReader.parse("a,b\n1,-999\n-999,2\n-999.5,3\n", options: options)
        #expect(table["a"]?.kind == .numeric && table["a"]?.missingCount == 1)
        #expect(table["a"]?.numbers?[2] == -999.5)  // markers compare as text
        #expect(table["b"]?.numbers?.filter { !$0.isNaN } == [2, 3])
        // Without the marker, -999 is an ordinary number.
        #expect(try CSVReader.parse("a\n-999\n1\n")["a"]?.missingCount == 0)
    }
}

extension MalformedCSVCase: CustomTestStringConvertible {
    public var testDescription: String { name }
}

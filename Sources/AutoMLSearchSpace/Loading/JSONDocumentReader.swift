/// Reads JSON text (RFC 8259) into a ``DocumentNode`` tree, keeping key order and lines.
///
/// Foundation's `JSONSerialization` loses both (its dictionaries are unordered and its errors
/// carry no line), so this is a small recursive-descent parser over the UTF-8 bytes. Integers
/// without fraction or exponent that fit `Int` become integers, other numbers reals; duplicate
/// keys are refused. Nesting is limited to ``maximumDepth`` levels so hostile input cannot
/// overflow the stack.
package struct JSONDocumentReader {
    static let maximumDepth = 200

    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0

    package static func read(_ text: String, file: String) throws(SearchSpaceError) -> DocumentNode
    {
        var reader = JSONDocumentReader(bytes: Array(text.utf8), file: file)
        if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }  // byte-order mark
        reader.skipWhitespace()
        let root = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == reader.bytes.count else {
            throw reader.failure("unexpected text after the JSON value")
        }
        return root
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private func failure(_ problem: String) -> SearchSpaceError {
        .syntax(file: file, line: line, column: index - lineStart + 1, problem: problem)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 32 || byte == 9 || byte == 10 || byte == 13 {
            if byte == 10 {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
    }

    private mutating func value(depth: Int) throws(SearchSpaceError) -> DocumentNode {
        guard depth < Self.maximumDepth else {
            throw failure("nesting deeper than \(Self.maximumDepth) levels")
        }
        let startLine = line
        guard let byte = current else { throw failure("the text ends where a value was expected") }
        switch byte {
        case UInt8(ascii: "{"):
            index += 1
            var entries: [DocumentNode.Entry] = []
            var seen = Set<String>()
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                index += 1
                return DocumentNode(kind: .mapping([]), line: startLine)
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
                let keyLine = line
                let keyStart = index
                let key = try string()
                guard seen.insert(key).inserted else {
                    throw SearchSpaceError.syntax(
                        file: file, line: line, column: keyStart - lineStart + 1,
                        problem: "duplicate key '\(key)'")
                }
                skipWhitespace()
                guard current == UInt8(ascii: ":") else {
                    throw failure("expected ':' after the key '\(key)'")
                }
                index += 1
                skipWhitespace()
                entries.append(.init(key: key, line: keyLine, value: try value(depth: depth + 1)))
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    index += 1
                } else if current == UInt8(ascii: "}") {
                    index += 1
                    return DocumentNode(kind: .mapping(entries), line: startLine)
                } else {
                    throw failure("expected ',' or '}' in an object")
                }
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [DocumentNode] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                index += 1
                return DocumentNode(kind: .sequence([]), line: startLine)
            }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    index += 1
                } else if current == UInt8(ascii: "]") {
                    index += 1
                    return DocumentNode(kind: .sequence(items), line: startLine)
                } else {
                    throw failure("expected ',' or ']' in an array")
                }
            }
        case UInt8(ascii: "\""):
            return DocumentNode(kind: .scalar(.string(try string())), line: startLine)
        case UInt8(ascii: "t"):
            try literal("true")
            return DocumentNode(kind: .scalar(.bool(true)), line: startLine)
        case UInt8(ascii: "f"):
            try literal("false")
            return DocumentNode(kind: .scalar(.bool(false)), line: startLine)
        case UInt8(ascii: "n"):
            try literal("null")
            return DocumentNode(kind: .scalar(.null), line: startLine)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return DocumentNode(kind: .scalar(try number()), line: startLine)
        default:
            throw failure("unexpected character '\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func literal(_ word: String) throws(SearchSpaceError) {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count,
            Array(bytes[index..<index + expected.count]) == expected
        else {
            throw failure("expected '\(word)'")
        }
        index += expected.count
    }

    private mutating func number() throws(SearchSpaceError) -> DocumentNode.Scalar {
        let start = index
        var isInteger = true
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, first >= 48, first <= 57 else {
            throw failure("expected a digit")
        }
        if first == 48 {
            index += 1
        } else {
            while let byte = current, byte >= 48, byte <= 57 { index += 1 }
        }
        if current == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let byte = current, byte >= 48, byte <= 57 else {
                throw failure("expected a digit after '.'")
            }
            while let byte = current, byte >= 48, byte <= 57 { index += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let byte = current, byte >= 48, byte <= 57 else {
                throw failure("expected a digit in the exponent")
            }
            while let byte = current, byte >= 48, byte <= 57 { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let value = Int(text) { return .integer(value) }
        guard let value = Double(text) else { throw failure("the number '\(text)' cannot be read") }
        return .real(value)
    }

    private mutating func string() throws(SearchSpaceError) -> String {
        index += 1  // opening quote
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
            utf8.removeAll(keepingCapacity: true)
        }
        while true {
            guard let byte = current else { throw failure("the text ends inside a string") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                guard let escape = current else { throw failure("the text ends inside a string") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(8)
                case UInt8(ascii: "f"): utf8.append(12)
                case UInt8(ascii: "n"): utf8.append(10)
                case UInt8(ascii: "r"): utf8.append(13)
                case UInt8(ascii: "t"): utf8.append(9)
                case UInt8(ascii: "u"):
                    flush()
                    var code = try hexQuad()
                    if (0xD800..<0xDC00).contains(code), current == UInt8(ascii: "\\"),
                        index + 1 < bytes.count,
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hexQuad()
                        guard (0xDC00..<0xE000).contains(low) else {
                            throw failure("invalid surrogate pair")
                        }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else {
                        throw failure("invalid \\u escape")
                    }
                    scalars.append(scalar)
                default:
                    throw failure("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
                }
            case 0..<32:
                throw failure("a control character inside a string (escape it, e.g. \\n)")
            default:
                utf8.append(byte)
            }
        }
    }

    private mutating func hexQuad() throws(SearchSpaceError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("expected four hex digits after \\u") }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: throw failure("expected four hex digits after \\u")
            }
            code = code * 16 + digit
            index += 1
        }
        return code
    }
}

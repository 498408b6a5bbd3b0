import Yams

/// Reads YAML text into a ``DocumentNode`` tree with Yams (libyaml), keeping each node's line.
///
/// Unquoted scalars are resolved by ``DocumentNode/Scalar/resolvingPlain(_:)`` (YAML 1.2 core
/// schema), quoted ones are always text. Anchors and aliases work (Yams substitutes the anchored
/// node). Yams and libyaml recurse once per nesting level, so flow collections nested deeper than
/// ``maximumDepth`` are refused before parsing rather than risking the stack. Aliases can make
/// a short file expand exponentially ("billion laughs"), so the tree is refused once it passes
/// ``maximumNodes`` values, far above any real search space.
enum YAMLDocumentReader {
    static let maximumDepth = 200
    static let maximumNodes = 100_000

    static func read(_ text: String, file: String) throws(SearchSpaceError) -> DocumentNode {
        if let line = lineExceedingDepth(text) {
            throw .syntax(
                file: file, line: line, column: 1,
                problem: "nesting deeper than \(maximumDepth) levels")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, text: text, file: file)
        } catch {
            throw .syntax(file: file, line: 1, column: 1, problem: "\(error)")
        }
        guard let root else { return DocumentNode(kind: .mapping([]), line: 1) }
        var count = 0
        return try convert(root, file: file, depth: 0, count: &count)
    }

    private static func convert(
        _ node: Node, file: String, depth: Int, count: inout Int
    ) throws(SearchSpaceError) -> DocumentNode {
        let line = node.mark?.line ?? 1
        guard depth < maximumDepth else {
            throw .syntax(
                file: file, line: line, column: 1,
                problem: "nesting deeper than \(maximumDepth) levels")
        }
        count += 1
        guard count <= maximumNodes else {
            throw .syntax(
                file: file, line: line, column: node.mark?.column ?? 1,
                problem: "more than \(maximumNodes) values once aliases are expanded; "
                    + "write the values out or use fewer nested aliases")
        }
        switch node {
        case .scalar(let scalar):
            let isText = scalar.style != .plain || scalar.tag.rawValue == Tag.Name.str.rawValue
            return DocumentNode(
                kind: .scalar(isText ? .string(scalar.string) : .resolvingPlain(scalar.string)),
                line: line)
        case .sequence(let sequence):
            var items: [DocumentNode] = []
            for item in sequence {
                items.append(try convert(item, file: file, depth: depth + 1, count: &count))
            }
            return DocumentNode(kind: .sequence(items), line: line)
        case .mapping(let mapping):
            var entries: [DocumentNode.Entry] = []
            for (key, value) in mapping {
                let keyLine = key.mark?.line ?? line
                guard case .scalar(let keyScalar) = key else {
                    throw .syntax(
                        file: file, line: keyLine, column: key.mark?.column ?? 1,
                        problem: "a mapping key must be plain text")
                }
                entries.append(
                    .init(
                        key: keyScalar.string, line: keyLine,
                        value: try convert(value, file: file, depth: depth + 1, count: &count)))
            }
            return DocumentNode(kind: .mapping(entries), line: line)
        case .alias(let alias):
            throw .syntax(
                file: file, line: alias.mark?.line ?? line, column: alias.mark?.column ?? 1,
                problem: "unresolved alias")
        }
    }

    private static func syntaxError(
        _ error: YamlError, text: String, file: String
    ) -> SearchSpaceError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) (line \($0.mark.line)), \(problem)" } ?? problem
            return .syntax(file: file, line: mark.line, column: mark.column, problem: detail)
        case .reader(let problem, let offset, _, _):
            let (line, column) = offset.map { position(ofUTF8Offset: $0, in: text) } ?? (1, 1)
            return .syntax(file: file, line: line, column: column, problem: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return .syntax(
                file: file, line: context.mark.line, column: context.mark.column,
                problem: "duplicate key \(keys)")
        case .dataCouldNotBeDecoded:
            return .unreadableFile(file: file, reason: "not UTF-8 text")
        default:
            return .syntax(file: file, line: 1, column: 1, problem: "\(error)")
        }
    }

    private static func position(ofUTF8Offset offset: Int, in text: String) -> (Int, Int) {
        var line = 1
        var column = 1
        for (index, byte) in text.utf8.enumerated() {
            if index >= offset { break }
            if byte == 10 {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// The first line where `[`/`{` nesting (outside quotes and comments) passes the limit.
    /// Over-counts brackets inside unquoted block text, which only matters for absurd files.
    private static func lineExceedingDepth(_ text: String) -> Int? {
        var depth = 0
        var line = 1
        var quote: UInt8? = nil
        var inComment = false
        var previous: UInt8 = 10
        for byte in text.utf8 {
            defer { previous = byte }
            if byte == 10 {
                line += 1
                inComment = false
                continue
            }
            if inComment { continue }
            if let open = quote {
                if byte == open && !(open == 34 && previous == 92) { quote = nil }
                continue
            }
            switch byte {
            case 34, 39:  // " '
                if previous == 32 || previous == 10 || previous == 91 || previous == 123
                    || previous == 44 || previous == 58
                {
                    quote = byte
                }
            case 35 where previous == 32 || previous == 10:  // # starts a comment
                inComment = true
            case 91, 123:
                depth += 1
                if depth > maximumDepth { return line }
            case 93, 125:
                depth = max(0, depth - 1)
            default:
                break
            }
        }
        return nil
    }
}

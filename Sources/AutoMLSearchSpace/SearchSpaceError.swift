/// Why a search space could not be read or is not valid.
///
/// Every case says where the problem is (``Origin``: the file, the line when known, and the
/// parameter) and what was expected; ``description`` is one sentence plus what to do, prefixed by
/// `file:line:` so editors can jump to it. Spaces given as text carry the file name `<yaml>` or
/// `<json>`, spaces built in code `<code>`.
public enum SearchSpaceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where a problem sits: the file, its line (1-based) when known, and the parameter concerned.
    public struct Origin: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int?
        /// The parameter as named in `file` (without the prefix a sub-space adds), when one is
        /// concerned.
        public var parameter: String?

        public init(file: String, line: Int? = nil, parameter: String? = nil) {
            self.file = file
            self.line = line
            self.parameter = parameter
        }

        /// `file:line: parameter 'name'` (the parts that are known).
        public var description: String {
            var text = file
            if let line { text += ":\(line)" }
            if let parameter { text += ": parameter '\(parameter)'" }
            return text
        }
    }

    /// The file could not be read (missing, unreadable, not UTF-8 text).
    case unreadableFile(file: String, reason: String)
    /// The text is not well-formed YAML or JSON.
    case syntax(file: String, line: Int, column: Int, problem: String)
    /// The file's `version` is newer than this program reads.
    case unsupportedVersion(file: String, version: Int, highestSupported: Int)
    /// A key the schema does not know at this place (often a typo); `expected` lists the keys
    /// allowed there.
    case unknownKey(Origin, key: String, expected: [String])
    /// A required key is absent.
    case missingKey(Origin, key: String)
    /// A key holds the wrong kind of value (`low: abc`, `choices: 3`, …).
    case wrongValueType(Origin, key: String, expected: String, got: String)
    /// `type:` names no parameter kind.
    case unknownType(Origin, type: String, expected: [String])
    /// `low` is not below `high`, or a bound is not finite.
    case invalidBounds(Origin, low: Double, high: Double)
    /// A log-scale parameter whose lower bound is zero or negative.
    case nonPositiveLogBound(Origin, low: Double)
    /// A step that is not positive, does not divide `high − low`, or is combined with `log`.
    case invalidStep(Origin, step: Double, expected: String)
    /// A categorical parameter without choices.
    case emptyChoices(Origin)
    /// A categorical choice listed twice.
    case duplicateChoice(Origin, choice: ParameterValue)
    /// Two parameters with one name (after sub-space prefixes are applied).
    case duplicateParameter(Origin)
    /// A `when` condition names a parameter that does not exist; `known` lists the names there are.
    case unknownParent(Origin, parent: String, known: [String])
    /// A `when` condition asks for a value its parent can never take.
    case invalidConditionValue(Origin, parent: String, value: ParameterValue, expected: String)
    /// Conditions that depend on each other in a circle (`path` starts and ends with one name).
    case cycle(Origin, path: [String])
    /// `subspaces` names a value that is not among the parameter's choices.
    case subspaceForUnknownChoice(Origin, choice: String, choices: [ParameterValue])
    /// Sub-space files that include each other (`files` starts and ends with one file).
    case subspaceCycle(Origin, files: [String])

    /// Where the problem is, when it concerns a place inside a file.
    public var origin: Origin? {
        switch self {
        case .unreadableFile, .syntax, .unsupportedVersion:
            return nil
        case .unknownKey(let origin, _, _), .missingKey(let origin, _),
            .wrongValueType(let origin, _, _, _),
            .unknownType(let origin, _, _), .invalidBounds(let origin, _, _),
            .nonPositiveLogBound(let origin, _),
            .invalidStep(let origin, _, _), .emptyChoices(let origin),
            .duplicateChoice(let origin, _),
            .duplicateParameter(let origin), .unknownParent(let origin, _, _),
            .invalidConditionValue(let origin, _, _, _), .cycle(let origin, _),
            .subspaceForUnknownChoice(let origin, _, _), .subspaceCycle(let origin, _):
            return origin
        }
    }

    /// The file the problem is in.
    public var file: String {
        switch self {
        case .unreadableFile(let file, _), .syntax(let file, _, _, _),
            .unsupportedVersion(let file, _, _):
            return file
        default:
            return origin?.file ?? "<code>"
        }
    }

    /// The parameter concerned, when there is one.
    public var parameter: String? { origin?.parameter }

    public var description: String {
        switch self {
        case .unreadableFile(let file, let reason):
            return
                "\(file): cannot read the search space (\(reason)); check the path and that it is a UTF-8 YAML or JSON file."
        case .syntax(let file, let line, let column, let problem):
            return
                "\(file):\(line):\(column): not valid YAML/JSON: \(problem); fix the text at that place."
        case .unsupportedVersion(let file, let version, let highest):
            return
                "\(file): search-space version \(version) is newer than this program reads (at most \(highest)); "
                + "upgrade automl or write the file in version \(highest)."
        case .unknownKey(let origin, let key, let expected):
            let hint = Self.closest(to: key, in: expected).map { "did you mean '\($0)'? " } ?? ""
            return
                "\(origin): unknown key '\(key)'; \(hint)allowed keys here are \(Self.list(expected))."
        case .missingKey(let origin, let key):
            return "\(origin): the key '\(key)' is required; add it."
        case .wrongValueType(let origin, let key, let expected, let got):
            return "\(origin): '\(key)' must be \(expected), got \(got); correct the value."
        case .unknownType(let origin, let type, let expected):
            let hint = Self.closest(to: type, in: expected).map { "did you mean '\($0)'? " } ?? ""
            return "\(origin): unknown type '\(type)'; \(hint)use one of \(Self.list(expected))."
        case .invalidBounds(let origin, let low, let high):
            if !low.isFinite || !high.isFinite {
                return
                    "\(origin): the bounds must be finite numbers, got low \(low) and high \(high); give finite bounds."
            }
            if low < high {
                return
                    "\(origin): the range from \(low) to \(high) is too wide to compute with; narrow it or use 'log: true'."
            }
            return
                "\(origin): low (\(low)) must be below high (\(high)); swap or correct the bounds "
                + "(use type: fixed for a single value)."
        case .nonPositiveLogBound(let origin, let low):
            return
                "\(origin): a log-scale parameter needs low > 0, got \(low); raise low or drop 'log: true'."
        case .invalidStep(let origin, let step, let expected):
            return "\(origin): step \(step) is not allowed: \(expected)."
        case .emptyChoices(let origin):
            return
                "\(origin): a categorical parameter needs at least one choice; list them under 'choices'."
        case .duplicateChoice(let origin, let choice):
            return "\(origin): the choice '\(choice)' is listed more than once; remove the repeat."
        case .duplicateParameter(let origin):
            return "\(origin): the name is used by another parameter; rename one of them."
        case .unknownParent(let origin, let parent, let known):
            let hint = Self.closest(to: parent, in: known).map { "did you mean '\($0)'? " } ?? ""
            return
                "\(origin): the condition names '\(parent)', which is not a parameter of this space; "
                + "\(hint)use the name of a parameter defined here."
        case .invalidConditionValue(let origin, let parent, let value, let expected):
            return
                "\(origin): the condition asks for \(parent) = '\(value)', which \(parent) can never take; "
                + "use \(expected)."
        case .cycle(let origin, let path):
            return "\(origin): the conditions form a cycle (\(path.joined(separator: " → "))); "
                + "remove one of these conditions."
        case .subspaceForUnknownChoice(let origin, let choice, let choices):
            return "\(origin): 'subspaces' names '\(choice)', which is not one of the choices "
                + "\(Self.list(choices.map(\.description))); add it to 'choices' or fix the name."
        case .subspaceCycle(let origin, let files):
            return
                "\(origin): sub-space files include each other (\(files.joined(separator: " → "))); "
                + "break the cycle."
        }
    }

    private static func list(_ items: [String]) -> String {
        items.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// The candidate within edit distance 2 of `word` (case-insensitive), the nearest first.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let target = Array(word.lowercased())
        let scored = candidates.map { ($0, editDistance(target, Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2, best.1 < target.count else {
            return nil
        }
        return best.0
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

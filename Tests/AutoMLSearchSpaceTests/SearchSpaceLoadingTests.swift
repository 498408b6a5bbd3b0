import AutoML
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct SearchSpaceLoadingTests {
    /// The form issue 4 requires, in YAML.
    static let issueYAML = """
        parameters:
          x1:     {type: float, low: -5, high: 10}
          lr:     {type: float, low: 1.0e-4, high: 1, log: true}
          depth:  {type: int, low: 1, high: 12}
          kernel: {type: categorical, choices: [rbf, linear, poly]}
          gamma:  {type: float, low: 1.0e-3, high: 10, log: true, when: {kernel: [rbf, poly]}}
        """

    /// The same space written by hand in JSON.
    static let issueJSON = """
        {
          "parameters": {
            "x1": {"type": "float", "low": -5, "high": 10},
            "lr": {"type": "float", "low": 1e-4, "high": 1, "log": true},
            "depth": {"type": "int", "low": 1, "high": 12},
            "kernel": {"type": "categorical", "choices": ["rbf", "linear", "poly"]},
            "gamma": {"type": "float", "low": 0.001, "high": 10, "log": true, "when": {"kernel": ["rbf", "poly"]}}
          }
        }
        """

    @Test("the issue's YAML form loads with the expected domains and condition")
    func issueForm() throws {
        let space = try SearchSpace(yaml: Self.issueYAML)
        #expect(space.parameters.map(\.name) == ["x1", "lr", "depth", "kernel", "gamma"])
        #expect(
            space.parameter(named: "x1")?.domain == .float(low: -5, high: 10, log: false, step: nil)
        )
        #expect(
            space.parameter(named: "lr")?.domain == .float(low: 1e-4, high: 1, log: true, step: nil)
        )
        #expect(
            space.parameter(named: "depth")?.domain
                == .integer(low: 1, high: 12, log: false, step: 1))
        #expect(
            space.parameter(named: "kernel")?.domain
                == .categorical([.string("rbf"), .string("linear"), .string("poly")]))
        let gamma = try #require(space.parameter(named: "gamma"))
        #expect(gamma.domain == .float(low: 1e-3, high: 10, log: true, step: nil))
        #expect(
            gamma.conditions == [
                Condition(parent: "kernel", values: [.string("rbf"), .string("poly")])
            ])
    }

    @Test("the hand-written JSON equals the YAML, and both writers read back to the same space")
    func roundTrip() throws {
        let fromYAML = try SearchSpace(yaml: Self.issueYAML)
        let fromJSON = try SearchSpace(json: Self.issueJSON)
        #expect(fromYAML == fromJSON)
        #expect(try SearchSpace(json: fromYAML.jsonRepresentation) == fromYAML)
        #expect(try SearchSpace(yaml: fromJSON.yamlRepresentation) == fromYAML)
        // YAML → JSON → YAML → JSON: the text itself is stable.
        let twice = try SearchSpace(
            yaml: try SearchSpace(json: fromYAML.jsonRepresentation).yamlRepresentation)
        #expect(twice.jsonRepresentation == fromYAML.jsonRepresentation)
    }

    @Test("step, fixed, int log, several parents and mixed choices load and round-trip")
    func extendedForm() throws {
        let yaml = """
            version: 1
            parameters:
              rate:     {type: float, low: 0, high: 1, step: 0.25}
              leaves:   {type: int, low: 2, high: 256, log: true}
              trees:    {type: int, low: 10, high: 100, step: 10}
              jobs:     {type: fixed, value: 1}
              name:     {type: fixed, value: "1e5"}
              shrink:   {type: categorical, choices: [true, false]}
              degree:   {type: categorical, choices: [2, 3, 4.5, "auto", yes]}
              kernel:   {type: categorical, choices: [rbf, poly]}
              coef0:    {type: float, low: 0, high: 1, when: {kernel: poly, degree: [3, 4.5], shrink: [true]}}
              fromint:  {type: float, low: 0.5, high: 1, when: {trees: [20.0, 30]}}
            """
        let space = try SearchSpace(yaml: yaml)
        #expect(
            space.parameter(named: "rate")?.domain
                == .float(low: 0, high: 1, log: false, step: 0.25))
        #expect(
            space.parameter(named: "leaves")?.domain
                == .integer(low: 2, high: 256, log: true, step: 1))
        #expect(
            space.parameter(named: "trees")?.domain
                == .integer(low: 10, high: 100, log: false, step: 10))
        #expect(space.parameter(named: "jobs")?.domain == .fixed(.integer(1)))
        #expect(space.parameter(named: "name")?.domain == .fixed(.string("1e5")))
        #expect(
            space.parameter(named: "shrink")?.domain == .categorical([.bool(true), .bool(false)]))
        #expect(
            space.parameter(named: "degree")?.domain
                == .categorical([
                    .integer(2), .integer(3), .real(4.5), .string("auto"), .string("yes"),
                ]))
        #expect(
            space.parameter(named: "coef0")?.conditions == [
                Condition(parent: "kernel", values: [.string("poly")]),
                Condition(parent: "degree", values: [.integer(3), .real(4.5)]),
                Condition(parent: "shrink", values: [.bool(true)]),
            ])
        // Condition values take the parent's own form: 20.0 on an integer parent is the integer 20.
        #expect(
            space.parameter(named: "fromint")?.conditions == [
                Condition(parent: "trees", values: [.integer(20), .integer(30)])
            ])
        #expect(try SearchSpace(json: space.jsonRepresentation) == space)
        #expect(try SearchSpace(yaml: space.yamlRepresentation) == space)
    }

    @Test("a learner choice pulls in sub-space files, prefixed and conditional on the choice")
    func subspaceFiles() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        parameters:
          learner: {type: categorical, choices: [forest, svm, constant], subspaces: {forest: forest.yaml, svm: svm.json}}
          scale:   {type: categorical, choices: [standard, none]}
        """.write(
            to: directory.appendingPathComponent("main.yaml"), atomically: true, encoding: .utf8)
        try """
        parameters:
          n_estimators: {type: int, low: 10, high: 500, log: true}
          max_depth: {type: int, low: 2, high: 32}
        """.write(
            to: directory.appendingPathComponent("forest.yaml"), atomically: true, encoding: .utf8)
        try """
        {"parameters": {"kernel": {"type": "categorical", "choices": ["rbf", "linear"]},
                        "gamma": {"type": "float", "low": 1e-4, "high": 10, "log": true, "when": {"kernel": "rbf"}}}}
        """.write(
            to: directory.appendingPathComponent("svm.json"), atomically: true, encoding: .utf8)
        let space = try SearchSpace.load(contentsOf: directory.appendingPathComponent("main.yaml"))
        #expect(
            space.parameters.map(\.name) == [
                "learner", "forest.n_estimators", "forest.max_depth", "svm.kernel", "svm.gamma",
                "scale",
            ])
        #expect(
            space.parameter(named: "svm.gamma")?.conditions == [
                Condition(parent: "learner", values: [.string("svm")]),
                Condition(parent: "svm.kernel", values: [.string("rbf")]),
            ])
        // The flat form (prefixed names and `when`) is the same space.
        #expect(try SearchSpace(yaml: space.yamlRepresentation) == space)
        let constant = space.configuration {
            $0.name == "learner" ? .string("constant") : $0.value(atUnit: 0.3)
        }
        #expect(constant.values.keys.sorted() == ["learner", "scale"])
    }

    @Test("an inline sub-space needs no file")
    func inlineSubspace() throws {
        let space = try SearchSpace(
            yaml: """
                parameters:
                  model: {type: categorical, choices: [a, b], subspaces: {a: {parameters: {x: {type: float, low: 0, high: 1}}}}}
                """)
        #expect(space.parameters.map(\.name) == ["model", "a.x"])
        #expect(
            space.parameter(named: "a.x")?.conditions == [
                Condition(parent: "model", values: [.string("a")])
            ])
    }

    @Test("spaces built in code are checked by the same rules")
    func validatedInCode() throws {
        let bad = Parameter(name: "x", domain: .float(low: 1, high: 1, log: false, step: nil))
        #expect(
            throws: SearchSpaceError.invalidBounds(
                .init(file: "<code>", parameter: "x"), low: 1, high: 1)
        ) {
            try SearchSpace.validated([bad])
        }
        let good = try SearchSpace.validated([
            Parameter(
                name: "g", domain: .float(low: 0.1, high: 1, log: true, step: nil),
                conditions: [Condition(parent: "k", values: [.string("rbf")])]),
            Parameter(name: "k", domain: .categorical([.string("rbf"), .string("linear")])),
        ])
        #expect(good.parameters.map(\.name) == ["k", "g"])
    }

    // MARK: - Malformed files

    @Test(
        "every malformed space is refused with the error naming its file, line and parameter",
        arguments: MalformedSpace.cases)
    func malformed(_ example: MalformedSpace) throws {
        let error = try #require(throws: SearchSpaceError.self) {
            switch example.format {
            case .yaml: _ = try SearchSpace(yaml: example.text)
            case .json: _ = try SearchSpace(json: example.text)
            }
        }
        #expect(error == example.expected)
        #expect(error.description.hasPrefix(example.format == .yaml ? "<yaml>" : "<json>"))
        if let parameter = example.expected.parameter {
            #expect(error.description.contains("'\(parameter)'"))
        }
        #expect(error.description.hasSuffix("."))
    }

    @Test("typos get a suggestion")
    func suggestions() throws {
        let key = try #require(throws: SearchSpaceError.self) {
            try SearchSpace(yaml: "parameters:\n  x: {type: float, low: 0, hihg: 1}")
        }
        #expect(key.description.contains("did you mean 'high'?"))
        let type = try #require(throws: SearchSpaceError.self) {
            try SearchSpace(yaml: "parameters:\n  x: {type: floaat, low: 0, high: 1}")
        }
        #expect(type.description.contains("did you mean 'float'?"))
        let parent = try #require(throws: SearchSpaceError.self) {
            try SearchSpace(
                yaml:
                    "parameters:\n  kernel: {type: categorical, choices: [a]}\n  x: {type: fixed, value: 1, when: {kernal: a}}"
            )
        }
        #expect(parent.description.contains("did you mean 'kernel'?"))
    }

    @Test(
        "file problems: missing file, not UTF-8, sub-space cycles, sub-space errors name their own file"
    )
    func fileProblems() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("nope.yaml")
        #expect(
            throws: SearchSpaceError.unreadableFile(
                file: missing.relativePath, reason: "no such file")
        ) {
            try SearchSpace.load(contentsOf: missing)
        }
        let binary = directory.appendingPathComponent("binary.yaml")
        try Data([0xFF, 0xFE, 0x00, 0x81, 0xC3]).write(to: binary)
        #expect(
            throws: SearchSpaceError.unreadableFile(
                file: binary.relativePath, reason: "not UTF-8 text")
        ) {
            try SearchSpace.load(contentsOf: binary)
        }
        try "parameters:\n  m: {type: categorical, choices: [x], subspaces: {x: b.yaml}}\n"
            .write(
                to: directory.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try "parameters:\n  n: {type: categorical, choices: [y], subspaces: {y: a.yaml}}\n"
            .write(
                to: directory.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let cycle = try #require(throws: SearchSpaceError.self) {
            try SearchSpace.load(contentsOf: directory.appendingPathComponent("a.yaml"))
        }
        guard case .subspaceCycle(_, let files) = cycle else {
            Issue.record("expected a cycle, got \(cycle)")
            return
        }
        #expect(files == ["a.yaml", "b.yaml", "a.yaml"])
        try "parameters:\n  m: {type: categorical, choices: [x], subspaces: {x: c.yaml}}\n"
            .write(
                to: directory.appendingPathComponent("main.yaml"), atomically: true, encoding: .utf8
            )
        try "parameters:\n  depth: {type: int, low: 5, high: 1}\n"
            .write(
                to: directory.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        let inner = try #require(throws: SearchSpaceError.self) {
            try SearchSpace.load(contentsOf: directory.appendingPathComponent("main.yaml"))
        }
        #expect(
            inner
                == .invalidBounds(
                    .init(
                        file: directory.appendingPathComponent("c.yaml").relativePath, line: 2,
                        parameter: "depth"), low: 5, high: 1))
    }

    @Test("a data file given as a space is refused with its start quoted, not all of it")
    func dataFileAsSpace() throws {
        let rows = ["a,b"] + (0..<2000).map { "\($0),\($0 * 2)" }
        let error = #expect(throws: SearchSpaceError.self) {
            try SearchSpace(yaml: rows.joined(separator: "\n"))
        }
        let message = try #require(error?.description)
        #expect(message.contains("must be a mapping with the key 'parameters'"), "\(message)")
        #expect(message.contains("characters of text starting 'a,b 0,0 1,2 "), "\(message)")
        #expect(message.count < 300, "\(message.count) characters")
        // Short texts are still quoted whole.
        let short = #expect(throws: SearchSpaceError.self) { try SearchSpace(yaml: "just words") }
        #expect(short?.description.contains("got the text 'just words'") == true)
    }

    @Test("absurd nesting is refused, not a stack overflow")
    func deepNesting() throws {
        let deep = String(repeating: "[", count: 50_000)
        #expect(throws: SearchSpaceError.self) { try SearchSpace(yaml: "parameters: " + deep) }
        #expect(throws: SearchSpaceError.self) { try SearchSpace(json: "{\"parameters\": " + deep) }
    }

    @Test("aliases that expand exponentially (\"billion laughs\") are refused, naming the line")
    func aliasBomb() throws {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            let previous = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(previous)]")
        }
        lines.append("parameters: {x: {type: categorical, choices: *a9}}")
        let error = #expect(throws: SearchSpaceError.self) {
            try SearchSpace(yaml: lines.joined(separator: "\n"))
        }
        #expect(
            error?.description.contains("more than 100000 values once aliases are expanded") == true
        )
        // A few aliases, as people use them to share a block, still work.
        let shared =
            "parameters:\n  x: {type: categorical, choices: &c [a, b]}\n  y: {type: categorical, choices: *c}\n"
        #expect(try SearchSpace(yaml: shared).parameters.count == 2)
    }

    @Test("random damage to valid files gives a space or an error, never a crash")
    func fuzz() {
        var random = RandomSource(seed: 2024)
        let alphabet = Array("{}[]:,-\"'#&*!|>%@` \n\t0123456789.eE+abcxyz\\\u{0}é")
        for (text, isJSON) in [(Self.issueYAML, false), (Self.issueJSON, true)] {
            let original = Array(text)
            for _ in 0..<1500 {
                var damaged = original
                for _ in 0..<(1 + random.integer(below: 4)) {
                    let position = random.integer(below: damaged.count)
                    switch random.integer(below: 3) {
                    case 0: damaged.remove(at: position)
                    case 1:
                        damaged.insert(
                            alphabet[random.integer(below: alphabet.count)], at: position)
                    default: damaged[position] = alphabet[random.integer(below: alphabet.count)]
                    }
                }
                let mutated = String(damaged)
                if let space = isJSON
                    ? try? SearchSpace(json: mutated) : try? SearchSpace(yaml: mutated)
                {
                    // Whatever loads is a valid space: its own round trip holds.
                    #expect(
                        (try? SearchSpace(json: space.jsonRepresentation)) == space, "\(mutated)")
                }
            }
        }
    }

    private func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "automl-spaces-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A malformed search space and the exact error it must give.
struct MalformedSpace: Sendable, CustomTestStringConvertible {
    enum Format: Sendable { case yaml, json }
    var name: String
    var format: Format = .yaml
    var text: String
    var expected: SearchSpaceError

    var testDescription: String { name }

    static func at(
        _ line: Int, _ parameter: String? = nil, json: Bool = false
    ) -> SearchSpaceError.Origin {
        .init(file: json ? "<json>" : "<yaml>", line: line, parameter: parameter)
    }

    static let cases: [MalformedSpace] = [
        .init(
            name: "low above high", text: "parameters:\n  x: {type: float, low: 3, high: 1}",
            expected: .invalidBounds(at(2, "x"), low: 3, high: 1)),
        .init(
            name: "low equal to high (int)", text: "parameters:\n  n: {type: int, low: 4, high: 4}",
            expected: .invalidBounds(at(2, "n"), low: 4, high: 4)),
        .init(
            name: "integer bound beyond 2^53",
            text:
                "parameters:\n  n: {type: int, low: -9223372036854775807, high: 9223372036854775807}",
            expected: .wrongValueType(
                at(2, "n"), key: "low", expected: "an integer between −2^53 and 2^53",
                got: "-9223372036854775807")),
        .init(
            name: "float range too wide",
            text: "parameters:\n  x: {type: float, low: -1.0e308, high: 1.0e308}",
            expected: .invalidBounds(at(2, "x"), low: -1e308, high: 1e308)),
        .init(
            name: "infinite bound", text: "parameters:\n  x: {type: float, low: 0, high: .inf}",
            expected: .invalidBounds(at(2, "x"), low: 0, high: .infinity)),
        .init(
            name: "log with a zero bound",
            text: "parameters:\n  lr: {type: float, low: 0, high: 1, log: true}",
            expected: .nonPositiveLogBound(at(2, "lr"), low: 0)),
        .init(
            name: "int log with a negative bound",
            text: "parameters:\n  k: {type: int, low: -1, high: 8, log: true}",
            expected: .nonPositiveLogBound(at(2, "k"), low: -1)),
        .init(
            name: "step not dividing the range",
            text: "parameters:\n  x: {type: float, low: 0, high: 1, step: 0.3}",
            expected: .invalidStep(
                at(2, "x"), step: 0.3,
                expected:
                    "it must divide high − low (1.0) a whole number of times; set high to 0.8999999999999999 or change the step"
            )),
        .init(
            name: "negative step",
            text: "parameters:\n  n: {type: int, low: 0, high: 10, step: -2}",
            expected: .invalidStep(at(2, "n"), step: -2, expected: "it must be an integer ≥ 1")),
        .init(
            name: "step with log",
            text: "parameters:\n  x: {type: float, low: 1, high: 9, log: true, step: 2}",
            expected: .invalidStep(
                at(2, "x"), step: 2,
                expected: "a log-scale parameter takes no step; drop one of them")),
        .init(
            name: "unknown type", text: "parameters:\n  x: {type: floaat, low: 0, high: 1}",
            expected: .unknownType(
                at(2, "x"), type: "floaat", expected: ["float", "int", "categorical", "fixed"])),
        .init(
            name: "unknown parameter key (typo)",
            text: "parameters:\n  x:\n    type: float\n    low: 0\n    hihg: 1",
            expected: .unknownKey(
                at(5, "x"), key: "hihg", expected: ["type", "low", "high", "log", "step", "when"])),
        .init(
            name: "unknown top-level key", text: "parameter:\n  x: {type: float, low: 0, high: 1}",
            expected: .unknownKey(at(1), key: "parameter", expected: ["version", "parameters"])),
        .init(
            name: "a key of another type",
            text: "parameters:\n  x: {type: float, low: 0, high: 1, choices: [a]}",
            expected: .unknownKey(
                at(2, "x"), key: "choices",
                expected: ["type", "low", "high", "log", "step", "when"])),
        .init(
            name: "missing type", text: "parameters:\n  x: {low: 0, high: 1}",
            expected: .missingKey(at(2, "x"), key: "type")),
        .init(
            name: "missing high", text: "parameters:\n  x: {type: float, low: 0}",
            expected: .missingKey(at(2, "x"), key: "high")),
        .init(
            name: "missing parameters", text: "version: 1",
            expected: .missingKey(at(1), key: "parameters")),
        .init(
            name: "text where a number belongs",
            text: "parameters:\n  x: {type: float, low: abc, high: 1}",
            expected: .wrongValueType(
                at(2, "x"), key: "low", expected: "a number", got: "the text 'abc'")),
        .init(
            name: "fractional integer bound",
            text: "parameters:\n  n: {type: int, low: 1.5, high: 4}",
            expected: .wrongValueType(
                at(2, "n"), key: "low", expected: "an integer", got: "the number 1.5")),
        .init(
            name: "a list inside choices",
            text: "parameters:\n  c: {type: categorical, choices: [a, [b]]}",
            expected: .wrongValueType(
                at(2, "c"), key: "choices", expected: "numbers, booleans or text", got: "a list")),
        .init(
            name: "unknown parent",
            text:
                "parameters:\n  kernel: {type: categorical, choices: [rbf]}\n  gamma: {type: float, low: 0.1, high: 1, when: {kernal: [rbf]}}",
            expected: .unknownParent(at(3, "gamma"), parent: "kernal", known: ["kernel", "gamma"])),
        .init(
            name: "condition value not a choice",
            text:
                "parameters:\n  kernel: {type: categorical, choices: [rbf, linear]}\n  gamma: {type: float, low: 0.1, high: 1, when: {kernel: [rbf, sigmoid]}}",
            expected: .invalidConditionValue(
                at(3, "gamma"), parent: "kernel", value: .string("sigmoid"),
                expected: "one of 'rbf', 'linear'")),
        .init(
            name: "condition value outside an integer parent",
            text:
                "parameters:\n  n: {type: int, low: 1, high: 3}\n  x: {type: fixed, value: 0, when: {n: 7}}",
            expected: .invalidConditionValue(
                at(3, "x"), parent: "n", value: .integer(7), expected: "an integer from 1 to 3")),
        .init(
            name: "two-parameter cycle",
            text:
                "parameters:\n  a: {type: categorical, choices: [1, 2], when: {b: 1}}\n  b: {type: categorical, choices: [1, 2], when: {a: 2}}",
            expected: .cycle(at(2, "a"), path: ["a", "b", "a"])),
        .init(
            name: "a parameter conditional on itself",
            text: "parameters:\n  a: {type: categorical, choices: [1, 2], when: {a: 1}}",
            expected: .cycle(at(2, "a"), path: ["a", "a"])),
        .init(
            name: "empty choices", text: "parameters:\n  c: {type: categorical, choices: []}",
            expected: .emptyChoices(at(2, "c"))),
        .init(
            name: "duplicate choices",
            text: "parameters:\n  c: {type: categorical, choices: [a, b, a]}",
            expected: .duplicateChoice(at(2, "c"), choice: .string("a"))),
        .init(
            name: "numerically equal choices",
            text: "parameters:\n  c: {type: categorical, choices: [1, 1.0]}",
            expected: .duplicateChoice(at(2, "c"), choice: .real(1))),
        .init(
            name: "YAML syntax error",
            text:
                "parameters:\n  x: {type: float, low: 0, high: 1\n  y: {type: float, low: 0, high: 1}",
            expected: .syntax(
                file: "<yaml>", line: 3, column: 4,
                problem: "while parsing a flow mapping (line 2), did not find expected ',' or '}'")),
        .init(
            name: "YAML duplicate key",
            text:
                "parameters:\n  x: {type: float, low: 0, high: 1}\n  x: {type: float, low: 0, high: 2}",
            expected: .syntax(file: "<yaml>", line: 2, column: 3, problem: "duplicate key 'x'")),
        .init(
            name: "newer version",
            text: "version: 2\nparameters:\n  x: {type: float, low: 0, high: 1}",
            expected: .unsupportedVersion(file: "<yaml>", version: 2, highestSupported: 1)),
        .init(
            name: "version that is not a number", text: "version: one\nparameters: {}",
            expected: .wrongValueType(
                at(1), key: "version", expected: "a positive integer", got: "the text 'one'")),
        .init(
            name: "a list as the document", text: "- a\n- b",
            expected: .wrongValueType(
                at(1), key: "(document)", expected: "a mapping with the key 'parameters'",
                got: "a list")),
        .init(
            name: "sub-space for a value that is not a choice",
            text:
                "parameters:\n  m: {type: categorical, choices: [a], subspaces: {b: {parameters: {}}}}",
            expected: .subspaceForUnknownChoice(at(2, "m"), choice: "b", choices: [.string("a")])),
        .init(
            name: "names clashing after the sub-space prefix",
            text:
                "parameters:\n  m: {type: categorical, choices: [a], subspaces: {a: {parameters: {x: {type: fixed, value: 1}}}}}\n  a.x: {type: fixed, value: 2}",
            expected: .duplicateParameter(at(3, "a.x"))),
        .init(
            name: "JSON trailing comma", format: .json,
            text:
                "{\"parameters\": {\n  \"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1},\n}}",
            expected: .syntax(file: "<json>", line: 3, column: 1, problem: "expected a quoted key")),
        .init(
            name: "JSON duplicate key", format: .json,
            text: "{\"parameters\": {\"x\": {\"type\": \"fixed\", \"value\": 1}, \"x\": {}}}",
            expected: .syntax(file: "<json>", line: 1, column: 53, problem: "duplicate key 'x'")),
        .init(
            name: "JSON unknown key", format: .json,
            text:
                "{\"parameters\": {\n  \"x\": {\"type\": \"int\", \"low\": 0, \"high\": 3, \"lg\": true}}}",
            expected: .unknownKey(
                at(2, "x", json: true), key: "lg",
                expected: ["type", "low", "high", "log", "step", "when"])),
        .init(
            name: "JSON truncated", format: .json, text: "{\"parameters\": {\"x\": {\"type\": \"fl",
            expected: .syntax(
                file: "<json>", line: 1, column: 34, problem: "the text ends inside a string")),
    ]
}

@Suite struct EmptySearchSpaceTests {
    @Test(
        "a space with no parameters (a learner with nothing to tune) loads and yields empty configurations"
    )
    func empty() throws {
        for text in ["parameters: {}", "parameters:", "version: 1\nparameters: {}"] {
            let space = try SearchSpace(yaml: text)
            #expect(space.parameters.isEmpty)
            #expect(space.configuration { _ in .integer(0) } == Configuration())
            #expect(space.contains(Configuration()))
        }
        #expect(try SearchSpace(json: "{\"parameters\": {}}").parameters.isEmpty)
    }
}

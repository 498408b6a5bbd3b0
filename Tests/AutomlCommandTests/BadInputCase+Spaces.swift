/// Search-space files given to `tune --space` (with a command or a dataset) and
/// `--ensemble-space`: syntax errors with their line, schema errors with the parameter, and
/// family spaces checked against the learner's hyperparameters before the first trial.
extension BadInputCase {
    /// `automl tune --space s.<ext> --command 'echo 1'` on `text`.
    private static func space(
        _ name: String, _ text: String, ext: String = "yaml", status: Int32 = Status.badInput,
        message: String, created: [String] = []
    ) -> BadInputCase {
        BadInputCase(
            .spaces, "tune --space: \(name)", files: [.text("s.\(ext)", text)],
            ["tune", "--space", "s.\(ext)", "--command", "echo 1", "--budget", "1", "--quiet"],
            status: status, message: message, created: created)
    }

    /// `automl tune --data iris.csv --space family.yaml`, where `family.yaml` picks the random
    /// forest with `rf.yaml` (`text`) as its sub-space.
    private static func familySpace(_ name: String, _ text: String, message: String) -> BadInputCase
    {
        BadInputCase(
            .spaces, "family space: \(name)",
            files: [
                iris,
                .text(
                    "family.yaml",
                    "parameters:\n  learner: {type: categorical, choices: [random_forest], "
                        + "subspaces: {random_forest: rf.yaml}}\n"),
                .text("rf.yaml", text),
            ],
            [
                "tune", "--data", "iris.csv", "--space", "family.yaml", "--budget", "1", "--cv",
                "2", "--ensemble-space", "none", "--out", "result", "--quiet",
            ], status: Status.badInput, message: message)
    }

    static var spaceCases: [BadInputCase] {
        [
            space(
                "JSON with a trailing comma",
                "{\"parameters\": {\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1},}}",
                ext: "json",
                message: "s.json:1:"),
            space(
                "JSON cut short", "{\"parameters\": {\"x\": {\"type\": \"float\"", ext: "json",
                message: "s.json:1:"),
            space(
                "YAML with an unclosed flow mapping",
                "parameters:\n  x: {type: float, low: 0, high: 1\n  y: 2\n",
                message: "s.yaml:3:4: not valid YAML/JSON"),
            space(
                "YAML with a tab indentation", "parameters:\n\tx: {type: float, low: 0, high: 1}\n",
                message: "s.yaml:2:"),
            space(
                "YAML with a duplicate key",
                "parameters:\n  x: {type: float, low: 0, high: 1}\n  x: {type: int, low: 0, high: 1}\n",
                message: "s.yaml:"),
            space(
                "unknown type", "parameters:\n  x: {type: floaty, low: 0, high: 1}\n",
                message: "s.yaml:2: parameter 'x': unknown type 'floaty'; did you mean 'float'?"),
            space(
                "low above high", "parameters:\n  x: {type: float, low: 5, high: 1}\n",
                message: "s.yaml:2: parameter 'x': low (5.0) must be below high (1.0)"),
            space(
                "low equal to high", "parameters:\n  x: {type: int, low: 3, high: 3}\n",
                message: "s.yaml:2: parameter 'x': low (3.0) must be below high (3.0)"),
            space(
                "log scale with low 0",
                "parameters:\n  x: {type: float, low: 0, high: 1, log: true}\n",
                message: "s.yaml:2: parameter 'x': a log-scale parameter needs low > 0, got 0.0"),
            space(
                "log scale with a negative low",
                "parameters:\n  x: {type: float, low: -1, high: 1, log: true}\n",
                message: "s.yaml:2: parameter 'x': a log-scale parameter needs low > 0"),
            space(
                "an infinite bound", "parameters:\n  x: {type: float, low: 0, high: .inf}\n",
                message: "s.yaml:2: parameter 'x'"),
            space(
                "a step that does not divide the range",
                "parameters:\n  x: {type: float, low: 0, high: 1, step: 0.3}\n",
                message: "s.yaml:2: parameter 'x'"),
            space(
                "a misspelt key", "parameters:\n  x: {type: float, low: 0, hihg: 1}\n",
                message: "s.yaml:2: parameter 'x': unknown key 'hihg'; did you mean 'high'?"),
            space(
                "a misspelt top-level key", "paramters:\n  x: {type: float, low: 0, high: 1}\n",
                message: "s.yaml:1:"),
            space(
                "no choices", "parameters:\n  x: {type: categorical, choices: []}\n",
                message:
                    "s.yaml:2: parameter 'x': a categorical parameter needs at least one choice"),
            space(
                "a choice listed twice",
                "parameters:\n  x: {type: categorical, choices: [1, 1.0]}\n",
                message: "s.yaml:2: parameter 'x'"),
            space(
                "a condition on a missing parameter",
                "parameters:\n  x: {type: categorical, choices: [a], when: {z: 1}}\n",
                message:
                    "s.yaml:2: parameter 'x': the condition names 'z', which is not a parameter"),
            space(
                "conditions in a circle",
                "parameters:\n  a: {type: categorical, choices: [1, 2], when: {b: 1}}\n"
                    + "  b: {type: categorical, choices: [1, 2], when: {a: 1}}\n",
                message: "s.yaml:"),
            space(
                "a newer version", "version: 9\nparameters:\n  x: {type: float, low: 0, high: 1}\n",
                message:
                    "s.yaml: search-space version 9 is newer than this program reads (at most 1)"),
            space("an empty file", "", message: "s.yaml:1: the key 'parameters' is required"),
            space("a list, not a mapping", "- 1\n- 2\n", message: "s.yaml:1:"),
            BadInputCase(
                .spaces, "tune --space: not UTF-8",
                files: [
                    .bytes(
                        "s.yaml",
                        Array("parameters:\n  x: {type: float, low: 0, high: 1}\n".utf8) + [0xFF])
                ], ["tune", "--space", "s.yaml", "--command", "echo 1"], status: Status.badInput,
                message: "s.yaml: cannot read the search space"),
            space(
                "an empty space (valid: one trial of the command)", "parameters: {}\n",
                status: Status.success, message: "study 's': 1 trials this run",
                created: ["automl.db"]),
            BadInputCase(
                .spaces, "tune --space: missing file",
                ["tune", "--space", "none.yaml", "--command", "echo 1"], status: Status.badInput,
                message: "none.yaml: cannot read the search space (no such file)"),
            BadInputCase(
                .spaces, "tune --space: a folder", files: [.folder("s.yaml")],
                ["tune", "--space", "s.yaml", "--command", "echo 1"], status: Status.badInput,
                message: "s.yaml: cannot read the search space (it is a folder, not a file)"),
            familySpace(
                "a hyperparameter the learner does not have",
                "parameters:\n  tree_count: {type: int, low: 10, high: 20}\n"
                    + "  bogus_param: {type: float, low: 0, high: 1}\n",
                message:
                    "rf.yaml:3: parameter 'random_forest.bogus_param' names no hyperparameter of random_forest"
            ),
            familySpace(
                "a bound the learner refuses",
                "parameters:\n  tree_count: {type: int, low: -10, high: 20}\n",
                message:
                    "rf.yaml:2: parameter 'random_forest.tree_count' can take -10, but random_forest's tree_count must be an integer ≥ 1"
            ),
            familySpace(
                "a choice the learner refuses",
                "parameters:\n  bootstrap: {type: categorical, choices: [true, maybe]}\n",
                message: "rf.yaml:2: parameter 'random_forest.bootstrap'"),
            BadInputCase(
                .spaces, "a family file not named after its family",
                files: [
                    iris,
                    .text(
                        "mine.yaml", "parameters:\n  tree_count: {type: int, low: 10, high: 20}\n"),
                ],
                [
                    "tune", "--data", "iris.csv", "--space", "mine.yaml", "--budget", "1", "--out",
                    "result",
                ], status: Status.badInput,
                message: "mine.yaml has no 'learner' parameter, and 'mine' is not a learner family"),
            BadInputCase(
                .spaces, "--ensemble-space with low above high",
                files: [
                    iris,
                    .text("e.yaml", "parameters:\n  member_count: {type: int, low: 9, high: 2}\n"),
                ],
                [
                    "tune", "--data", "iris.csv", "--ensemble-space", "e.yaml", "--budget", "1",
                    "--out", "result",
                ], status: Status.badInput,
                message: "e.yaml:2: parameter 'member_count': low (9.0) must be below high (2.0)"),
            BadInputCase(
                .spaces, "--ensemble-space missing", files: [iris],
                [
                    "tune", "--data", "iris.csv", "--ensemble-space", "none.yaml", "--budget", "1",
                    "--out", "result",
                ], status: Status.badInput,
                message: "none.yaml: cannot read the search space (no such file)"),
        ]
    }
}

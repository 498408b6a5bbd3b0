import Foundation
import Testing

/// One bad input given to the real `automl` binary, and what it must do with it: the exit status
/// of docs/cli.md's table, a part of the first line of its message, and which files it may
/// leave behind (none, unless the case says so).
///
/// The tables are in `BadInputCase+<Area>.swift`, one file per area of the issue "nothing
/// destroyed, nothing hangs, every error says what to do"; ``BadInputCorpusTests`` runs them.
struct BadInputCase: Sendable, CustomTestStringConvertible {
    /// What kind of input is bad.
    enum Area: String, Sendable, CaseIterable {
        case csv = "CSV file"
        case flags = "flag"
        case outputs = "output path"
        case spaces = "search space"
        case models = "model file"
        case commands = "command objective"
        case storage = "storage file"
    }

    var area: Area
    var name: String
    /// Files made in the scratch folder before the command runs (its working directory).
    var files: [ScratchFile]
    /// The command line after `automl`; relative paths are inside the scratch folder.
    var arguments: [String]
    /// The exit status (docs/cli.md, "Exit status").
    var status: Int32
    /// A part of the first line of standard error (of standard output when `status` is 0).
    var message: String
    /// Names (relative to the scratch folder) the command may create; nothing else may appear.
    var created: [String]
    /// Files the command may change; every other file keeps its bytes.
    var changed: [String]
    /// How long the command may take (a hang, or retries that wait for nothing, fail the case).
    var secondsAllowed = 10.0

    init(
        _ area: Area, _ name: String, files: [ScratchFile] = [], _ arguments: [String],
        status: Int32, message: String, created: [String] = [], changed: [String] = []
    ) {
        self.area = area
        self.name = name
        self.files = files
        self.arguments = arguments
        self.status = status
        self.message = message
        self.created = created
        self.changed = changed
    }

    var testDescription: String { "\(area.rawValue): \(name)" }

    /// Every case of every area.
    static var all: [BadInputCase] {
        csvCases + flagCases + outputCases + spaceCases + modelCases + commandCases + storageCases
    }
}

/// Exit statuses of docs/cli.md, "Exit status".
enum Status {
    static let success: Int32 = 0
    static let negativeResult: Int32 = 1
    static let badInput: Int32 = 2
    static let storageFailure: Int32 = 3
}

/// Inputs several areas share.
extension BadInputCase {
    /// `Examples/iris.csv` as `iris.csv`: four numeric features and `target` (classes 0, 1, 2).
    static let iris = ScratchFile.copy("iris.csv", of: "Examples/iris.csv")
    /// A logistic regression fitted on iris, as `model.json` (from the fuzzing corpus).
    static let model = ScratchFile.model("model.json", from: "logistic-iris.json")
    /// The feature columns of iris, as a CSV header.
    static let irisHeader = "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)"
    /// One float `x` in [0, 1], as `space.yaml`.
    static let space = ScratchFile.text(
        "space.yaml", "parameters:\n  x: {type: float, low: 0, high: 1}\n")
}

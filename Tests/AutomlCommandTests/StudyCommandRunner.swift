import Foundation

/// Runs `automl` in a scratch directory, in the foreground or in the background, for the study
/// command tests.
struct StudyCommandRunner {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "automl-studies-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(Self.space.utf8).write(to: directory.appendingPathComponent("space.json"))
    }

    /// A float `x`, an integer `depth` and a conditional `gamma`.
    static let space = """
        {"parameters": {
          "x": {"type": "float", "low": -5, "high": 5},
          "depth": {"type": "int", "low": 1, "high": 8},
          "kernel": {"type": "categorical", "choices": ["rbf", "linear"]},
          "gamma": {"type": "float", "low": 0.001, "high": 10, "log": true, "when": {"kernel": ["rbf"]}}}}
        """

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Starts `automl arguments` in the scratch directory; output goes to files named after `tag`.
    func start(_ arguments: [String], tag: String = UUID().uuidString) throws -> Process {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        _ = FileManager.default.createFile(atPath: path("\(tag).out"), contents: nil)
        _ = FileManager.default.createFile(atPath: path("\(tag).err"), contents: nil)
        process.standardOutput = try FileHandle(
            forWritingTo: URL(fileURLWithPath: path("\(tag).out")))
        process.standardError = try FileHandle(
            forWritingTo: URL(fileURLWithPath: path("\(tag).err")))
        try process.run()
        return process
    }

    /// Runs `automl arguments` to its end.
    func run(_ arguments: [String]) throws -> CommandRunner.Outcome {
        let tag = UUID().uuidString
        let process = try start(arguments, tag: tag)
        process.waitUntilExit()
        return CommandRunner.Outcome(
            status: process.terminationStatus,
            wasSignalled: process.terminationReason == .uncaughtSignal,
            standardOutput: (try? String(contentsOfFile: path("\(tag).out"), encoding: .utf8))
                ?? "",
            standardError: (try? String(contentsOfFile: path("\(tag).err"), encoding: .utf8)) ?? "")
    }

    /// `studies show NAME --json`, parsed.
    func show(_ study: String, storage: String = "sqlite:automl.db") throws -> [String: Any] {
        let outcome = try run(["studies", "show", study, "--storage", storage, "--json"])
        guard outcome.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
                as? [String: Any]
        else { throw Failure(message: "studies show failed: \(outcome.standardError)") }
        return object
    }

    /// The trials of `show`.
    func trials(_ study: String, storage: String = "sqlite:automl.db") throws -> [[String: Any]] {
        try show(study, storage: storage)["trials"] as? [[String: Any]] ?? []
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

import Foundation

/// A scratch folder for one bad-input case: its files, the run of `automl` in it (output kept
/// outside it, with a deadline so that a hang fails the case instead of the suite), and a
/// snapshot of what is there before and after.
struct BadInputScratch: Sendable {
    /// The command's working directory, holding the case's files and nothing else.
    let folder: URL
    /// Where standard output and error go (beside `folder`, so they never count as written).
    private let logs: URL
    private let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "automl-bad-input-\(UUID().uuidString)")
        folder = root.appendingPathComponent("work")
        logs = root.appendingPathComponent("logs")
        for url in [folder, logs] {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
    }

    func make(_ files: [ScratchFile]) throws {
        for file in files {
            try file.make(folder.appendingPathComponent(file.name), folder)
        }
    }

    func remove() {
        // Read-only fixtures are made writable again so that the folder can go.
        if let paths = FileManager.default.enumerator(atPath: root.path) {
            for case let path as String in paths {
                try? FileManager.default.setAttributes(
                    [.posixPermissions: 0o755], ofItemAtPath: root.appendingPathComponent(path).path
                )
            }
        }
        try? FileManager.default.removeItem(at: root)
    }

    struct Outcome: Sendable {
        var status: Int32
        var wasSignalled: Bool
        var timedOut: Bool
        var seconds: Double
        var standardOutput: String
        var standardError: String

        /// The first line of standard error (standard output for a success).
        var firstLine: String {
            let text = status == 0 ? standardOutput : standardError
            return text.split(separator: "\n", omittingEmptySubsequences: false).first.map(
                String.init) ?? ""
        }
    }

    /// Runs `automl arguments` in `folder` to its end, or kills it after `deadline` seconds.
    func run(_ arguments: [String], deadline: Double = 30) throws -> Outcome {
        try Self.run(arguments, in: folder, logs: logs, deadline: deadline)
    }

    /// ``run(_:deadline:)`` in any folder (output in a temporary folder of its own).
    static func run(_ arguments: [String], in folder: URL) throws -> Outcome {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent(
            "automl-bad-input-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: logs) }
        return try run(arguments, in: folder, logs: logs, deadline: 30)
    }

    private static func run(_ arguments: [String], in folder: URL, logs: URL, deadline: Double)
        throws -> Outcome
    {
        let tag = UUID().uuidString
        let outURL = logs.appendingPathComponent("\(tag).out")
        let errURL = logs.appendingPathComponent("\(tag).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        let start = Date()
        try process.run()
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(start) > deadline {
                timedOut = true
                process.interrupt()
                Thread.sleep(forTimeInterval: 1)
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            wasSignalled: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut,
            seconds: Date().timeIntervalSince(start),
            standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Every file, folder and link under `folder` (relative paths) with the bytes of regular
    /// files, leaving out SQLite's `-wal` and `-shm` companions (SQLite's own bookkeeping,
    /// which a reader may create).
    func snapshot() throws -> [String: Data?] {
        var result: [String: Data?] = [:]
        guard let paths = FileManager.default.enumerator(atPath: folder.path) else { return [:] }
        for case let path as String in paths
        where !path.hasSuffix("-wal") && !path.hasSuffix("-shm") {
            let url = folder.appendingPathComponent(path)
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            let isFile = attributes[.type] as? FileAttributeType == .typeRegular
            result[path] = isFile ? try Data(contentsOf: url) : nil
        }
        return result
    }
}

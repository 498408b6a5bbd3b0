import Foundation

/// A file (or folder, link, study database) a bad-input case makes in its scratch folder before
/// running `automl`. Inputs are generated, not checked in: text, bytes, copies of `Examples/`,
/// and model files edited from the fuzzing corpus (`Tests/Fuzz/Corpus/model`).
struct ScratchFile: Sendable {
    var name: String
    /// Makes the file at the URL, given the scratch folder it lives in.
    var make: @Sendable (_ file: URL, _ folder: URL) throws -> Void

    static func text(_ name: String, _ text: String) -> ScratchFile {
        bytes(name, Array(text.utf8))
    }

    static func bytes(_ name: String, _ bytes: [UInt8]) -> ScratchFile {
        ScratchFile(name: name) { file, _ in try Data(bytes).write(to: file) }
    }

    /// A copy of `path`, relative to the package root (`Examples/iris.csv`).
    static func copy(_ name: String, of path: String) -> ScratchFile {
        ScratchFile(name: name) { file, _ in
            try FileManager.default.copyItem(
                at: CommandRunner.packageRoot.appendingPathComponent(path), to: file)
        }
    }

    static func folder(_ name: String) -> ScratchFile {
        ScratchFile(name: name) { file, _ in
            try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
        }
    }

    /// A symbolic link to `target` (relative to the link's folder).
    static func link(_ name: String, to target: String) -> ScratchFile {
        ScratchFile(name: name) { file, _ in
            try FileManager.default.createSymbolicLink(
                atPath: file.path, withDestinationPath: target)
        }
    }

    /// A model of the fuzzing corpus (`logistic-iris.json`) with `value` (JSON text, or `nil`
    /// to remove the key) at the dotted `path` (`pipeline.model.classCount`; numbers index
    /// lists).
    static func model(
        _ name: String, from corpusFile: String, setting path: String, to value: String?
    ) -> ScratchFile {
        ScratchFile(name: name) { file, _ in
            let data = try Data(contentsOf: corpusURL(corpusFile))
            var json = try JSONSerialization.jsonObject(with: data)
            let replacement = try value.map {
                try JSONSerialization.jsonObject(
                    with: Data($0.utf8), options: .fragmentsAllowed)
            }
            json = try Self.setting(json, path.split(separator: ".").map(String.init), replacement)
            try JSONSerialization.data(withJSONObject: json).write(to: file)
        }
    }

    /// A model of the fuzzing corpus with its text edited (for what JSON cannot hold: `NaN`).
    static func model(
        _ name: String, from corpusFile: String,
        editing edit: @escaping @Sendable (String) -> String
    ) -> ScratchFile {
        ScratchFile(name: name) { file, _ in
            let text = try String(contentsOf: corpusURL(corpusFile), encoding: .utf8)
            try Data(edit(text).utf8).write(to: file)
        }
    }

    /// A model of the fuzzing corpus as it is.
    static func model(_ name: String, from corpusFile: String) -> ScratchFile {
        ScratchFile(name: name) { file, _ in
            try FileManager.default.copyItem(at: corpusURL(corpusFile), to: file)
        }
    }

    /// A study database with study `s` (two trials of `command` over one float `x`), made by
    /// the `automl` under test; `then` may damage it afterwards.
    static func study(
        _ name: String, command: String = "echo 1",
        then damage: (@Sendable (URL) throws -> Void)? = nil
    ) -> ScratchFile {
        ScratchFile(name: name) { file, folder in
            let space = folder.appendingPathComponent("study-space.yaml")
            try Data("parameters:\n  x: {type: float, low: 0, high: 1}\n".utf8).write(to: space)
            let outcome = try BadInputScratch.run(
                [
                    "tune", "--space", space.path, "--command", command, "--budget", "2",
                    "--study", "s", "--storage", "sqlite:" + file.path, "--quiet",
                ], in: folder)
            guard outcome.status == 0 || (command != "echo 1" && outcome.status == 1) else {
                throw ScratchFailure(message: "the study fixture failed: \(outcome.standardError)")
            }
            try FileManager.default.removeItem(at: space)
            try damage?(file)
        }
    }

    /// An 8 KiB SQLite database of another program (one table `users`), cut to `length` bytes
    /// when given. Written byte for byte: pages 1 and 2 of what SQLite 3 writes for
    /// `CREATE TABLE users(id integer, name text)`; every other byte is zero.
    static func foreignSQLite(_ name: String, length: Int? = nil) -> ScratchFile {
        ScratchFile(name: name) { file, _ in
            var bytes = [UInt8](repeating: 0, count: 8192)
            let pieces: [(Int, String)] = [
                (0, "53514c69746520666f726d617420330010000101004020200000000100000002"),
                (43, "0100000004"), (59, "01"), (95, "01002e63010d000000010fbf000fbf"),
                (
                    4031,
                    "3f0106171717015f7461626c657573657273757365727302435245415445205441424c4520"
                        + "757365727328696420696e74656765722c206e616d652074657874290d0000000010"
                ),
            ]
            for (offset, hex) in pieces {
                let digits = Array(hex.utf8)
                for k in stride(from: 0, to: digits.count, by: 2) {
                    bytes[offset + k / 2] =
                        UInt8(
                            String(decoding: digits[k..<k + 2], as: UTF8.self), radix: 16) ?? 0
                }
            }
            try Data(bytes.prefix(length ?? bytes.count)).write(to: file)
        }
    }

    private static func corpusURL(_ name: String) -> URL {
        CommandRunner.packageRoot.appendingPathComponent("Tests/Fuzz/Corpus/model/\(name)")
    }

    /// `json` with `value` at `path` (`nil` removes the key).
    private static func setting(_ json: Any, _ path: [String], _ value: Any?) throws -> Any {
        guard let key = path.first else { return value ?? NSNull() }
        let rest = Array(path.dropFirst())
        if var object = json as? [String: Any] {
            if rest.isEmpty, value == nil {
                object.removeValue(forKey: key)
            } else {
                object[key] = try setting(object[key] ?? NSNull(), rest, value)
            }
            return object
        }
        if var list = json as? [Any], let index = Int(key), list.indices.contains(index) {
            list[index] = try setting(list[index], rest, value)
            return list
        }
        throw ScratchFailure(message: "no '\(key)' in the corpus model")
    }
}

struct ScratchFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

import Foundation

/// A folder a command writes several files into (`automl tune --out DIR`, `--profiles DIR`,
/// `automl export --out DIR`), checked before the work starts: a run then does not fail after
/// minutes of work, nor leave some of its files written and others not. A folder the command
/// created and left empty (the run failed before writing) is removed again
/// (``removeIfEmpty(_:)``).
public enum OutputFolder {
    /// Creates `path` when it is missing and checks that each of `files` can be written in it.
    /// - Parameter inputs: the command's input files, which no output may replace.
    /// - Returns: whether the folder was created (to remove it if the run fails before writing).
    /// - Throws: ``DataError/unwritable(path:reason:)`` when `path` is a file, cannot be
    ///   created or written, or a folder, device or input file stands where one of `files` goes.
    @discardableResult
    public static func prepare(_ path: String, files: [String], protecting inputs: [String] = [])
        throws(DataError)
        -> Bool
    {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        var created = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                let kind = OutputPath.status(of: path).map { $0.st_mode & S_IFMT }
                let what =
                    kind == S_IFCHR || kind == S_IFBLK
                    ? "a device" : kind == S_IFREG ? "a file" : "a pipe or socket"
                throw .unwritable(
                    path: path,
                    reason:
                        "it is \(what), and a folder is needed; give a folder name (it is created if missing)"
                )
            }
        } else {
            do {
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
                created = true
            } catch {
                let code = (error as NSError).userInfo[NSUnderlyingErrorKey].flatMap {
                    ($0 as? NSError)?.code
                }
                let reason =
                    code.map { OutputPath.describe(Int32($0), creatingIn: path) }
                    ?? "the folder cannot be created; check the path and its parent's permissions"
                throw .unwritable(path: path, reason: reason)
            }
        }
        guard access(path, W_OK) == 0 else {
            throw .unwritable(
                path: path, reason: "the folder is not writable; check its permissions")
        }
        for file in files {
            do {
                _ = try OutputPath.check(
                    (path as NSString).appendingPathComponent(file), protecting: inputs)
            } catch {
                if created { removeIfEmpty(path) }
                throw error
            }
        }
        return created
    }

    /// Removes `path` when it is an empty folder (one this run created and never wrote into).
    public static func removeIfEmpty(_ path: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path),
            entries.isEmpty
        else {
            return
        }
        rmdir(path)
    }
}

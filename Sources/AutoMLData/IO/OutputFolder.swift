import Foundation

/// A folder a command writes several files into (`automl tune --out DIR`), checked before the
/// work starts: a run then does not fail after minutes of work, nor leave some of its files
/// written and others not.
public enum OutputFolder {
    /// Creates `path` when it is missing and checks that each of `files` can be written in it.
    /// - Throws: ``DataError/unwritable(path:reason:)`` when `path` is a file, cannot be
    ///   created or written, or a folder stands where one of `files` goes.
    public static func prepare(_ path: String, files: [String]) throws(DataError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .unwritable(
                    path: path,
                    reason:
                        "it is a file, and a folder is needed; give a folder name (it is created if missing)"
                )
            }
        } else {
            do {
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw .unwritable(
                    path: path,
                    reason: "the folder cannot be created (\(error.localizedDescription))")
            }
        }
        guard access(path, W_OK) == 0 else {
            throw .unwritable(
                path: path, reason: "the folder is not writable; check its permissions")
        }
        for file in files {
            let target = (path as NSString).appendingPathComponent(file)
            if manager.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue
            {
                throw .unwritable(
                    path: target, reason: "a folder of that name is in the way; remove or rename it"
                )
            }
        }
    }
}

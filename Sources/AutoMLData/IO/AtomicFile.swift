import Foundation

/// Writes files so that a reader never sees half of one: the bytes go to a temporary file in the
/// same directory, which is then renamed over the destination (atomic on POSIX file systems).
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    /// - Throws: ``DataError/unwritable(path:reason:)`` when the folder is missing or cannot be
    ///   written, or a folder is in the way (the message names the path and the reason).
    public static func write(_ data: Data, to path: String) throws(DataError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw .unwritable(
                path: path, reason: "the folder \(directory.path) does not exist; create it first")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            throw .unwritable(path: path, reason: "it is a folder; give a file name")
        }
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw .unwritable(
                path: path,
                reason:
                    "no temporary file can be written in its folder (\(error.localizedDescription)); check the folder's permissions"
            )
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .unwritable(path: path, reason: "the file cannot be replaced (\(reason))")
        }
    }
}

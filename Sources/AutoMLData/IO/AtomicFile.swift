import Foundation

/// Writes files so that a reader never sees half of one: the bytes go to a temporary file in the
/// same directory, which is then renamed over the destination (atomic on POSIX file systems).
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    /// - Throws: ``DataError/unreadable(path:reason:)`` when the directory cannot be written
    ///   (the message names the path and the system's reason).
    public static func write(_ data: Data, to path: String) throws(DataError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unreadable(path: path, reason: "the directory \(directory.path) does not exist")
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw .unreadable(path: path, reason: "cannot write a temporary file there: \(error.localizedDescription)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .unreadable(path: path, reason: "cannot replace the file: \(reason)")
        }
    }
}

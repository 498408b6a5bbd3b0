import Foundation

/// Writes files so that a reader never sees half of one, and so that writing never destroys
/// something else: every output of automl (`predict`, `studies export`, `data synth`,
/// `tune --out`, `export`, `train`) goes through here.
///
/// Before anything is written the destination is checked (``OutputPath/check(_:protecting:)``):
/// a folder, a device node, a pipe or socket, or one of the command's own input files is refused
/// with the path and the reason. A symbolic link is **followed on purpose**: the file it points
/// to is replaced and the link stays (docs/cli.md, "Outputs").
///
/// The bytes go to an unnamed temporary file in the destination's folder (Linux `O_TMPFILE`;
/// elsewhere a hidden `.NAME.UUID.tmp`), are flushed to disk, and the file is renamed over the
/// destination — atomic on POSIX file systems. When any step fails (a full disk, a quota, a
/// read-only file system) the temporary file is removed and the destination is untouched; the
/// error names the cause in words.
public enum AtomicFile {
    /// Linux's `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), which Glibc shows only to GNU sources.
    private static let openUnnamedFile: Int32 = 0o20_000_000 | O_DIRECTORY
    /// `AT_SYMLINK_FOLLOW`.
    private static let followLinks: Int32 = 0x400

    /// Writes `data` to `path` atomically.
    /// - Parameter inputs: files the command reads; writing over one of them is refused.
    /// - Throws: ``DataError/unwritable(path:reason:)`` naming the path and the cause.
    public static func write(_ data: Data, to path: String, protecting inputs: [String] = [])
        throws(DataError)
    {
        let destination = try OutputPath.check(path, protecting: inputs)
        let folder = (destination as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        let existingMode = OutputPath.status(of: destination).map { $0.st_mode & 0o7777 }

        // An unnamed file first: nothing is left behind if the process dies while writing.
        var descriptor = open(directory, openUnnamedFile | O_WRONLY | O_CLOEXEC, 0o666)
        var namedTemporary: String?
        if descriptor < 0 {
            let name = ".\((destination as NSString).lastPathComponent).\(UUID().uuidString).tmp"
            let temporary = (directory as NSString).appendingPathComponent(name)
            descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else {
                throw .unwritable(
                    path: path, reason: OutputPath.describe(errno, creatingIn: directory))
            }
            namedTemporary = temporary
        }
        func fail(_ code: Int32) -> DataError {
            close(descriptor)
            if let namedTemporary { unlink(namedTemporary) }
            return .unwritable(path: path, reason: OutputPath.describe(code, creatingIn: directory))
        }
        let written: Int32? = data.withUnsafeBytes { buffer -> Int32? in
            guard var pointer = buffer.baseAddress else { return nil }
            var remaining = buffer.count
            while remaining > 0 {
                let count = Foundation.write(descriptor, pointer, remaining)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                remaining -= count
                pointer += count
            }
            return nil
        }
        if let code = written { throw fail(code) }
        if let mode = existingMode { fchmod(descriptor, mode) }
        if fsync(descriptor) != 0 { throw fail(errno) }
        if namedTemporary == nil {
            // Give the unnamed file a name in the folder, then rename it over the destination.
            let name = ".\((destination as NSString).lastPathComponent).\(UUID().uuidString).tmp"
            let temporary = (directory as NSString).appendingPathComponent(name)
            guard
                linkat(AT_FDCWD, "/proc/self/fd/\(descriptor)", AT_FDCWD, temporary, followLinks)
                    == 0
            else {
                throw fail(errno)
            }
            namedTemporary = temporary
        }
        close(descriptor)
        guard let temporary = namedTemporary else { return }
        guard rename(temporary, destination) == 0 else {
            let code = errno
            unlink(temporary)
            throw .unwritable(
                path: path,
                reason:
                    "the file cannot be replaced (\(OutputPath.describe(code, creatingIn: directory)))"
            )
        }
    }
}

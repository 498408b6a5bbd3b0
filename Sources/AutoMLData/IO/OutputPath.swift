import Foundation

/// Checks where an output goes before anything is computed or written.
public enum OutputPath {
    /// The path the output will be written to (a symbolic link resolved: links are followed), when
    /// it can take a regular file.
    /// - Parameter inputs: files the command reads (the data, the model, the study database):
    ///   writing over one of them would destroy it.
    /// - Throws: ``DataError/unwritable(path:reason:)`` for an empty path, a missing or
    ///   unwritable folder, a folder, device node, pipe or socket at the path, or an input file.
    public static func check(_ path: String, protecting inputs: [String] = []) throws(DataError)
        -> String
    {
        guard !path.isEmpty else {
            throw .unwritable(path: "''", reason: "the output path is empty; give a file name")
        }
        var destination = path
        var link = stat()
        if lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK {
            // Followed on purpose: the file the link points to is replaced, the link stays.
            if let resolved = realpath(path, nil) {
                destination = String(cString: resolved)
                free(resolved)
            } else if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path)
            {
                let base = (path as NSString).deletingLastPathComponent
                destination =
                    target.hasPrefix("/")
                    ? target : (base as NSString).appendingPathComponent(target)
            }
        }
        if let existing = status(of: destination) {
            switch existing.st_mode & S_IFMT {
            case S_IFREG:
                break
            case S_IFDIR:
                throw .unwritable(path: path, reason: "it is a folder; give a file name")
            case S_IFCHR, S_IFBLK:
                throw .unwritable(
                    path: path, reason: "it is a device, not a file; give a file path")
            default:
                throw .unwritable(
                    path: path, reason: "it is a pipe or socket, not a file; give a file path")
            }
            for input in inputs {
                guard let other = status(of: input) else { continue }
                if other.st_dev == existing.st_dev, other.st_ino == existing.st_ino {
                    throw .unwritable(
                        path: path,
                        reason:
                            "it is the input file \(input); writing there would destroy it; give another output path"
                    )
                }
            }
        }
        let folder = (destination as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        guard let parent = status(of: directory) else {
            throw .unwritable(
                path: path, reason: "the folder \(directory) does not exist; create it first")
        }
        guard (parent.st_mode & S_IFMT) == S_IFDIR else {
            throw .unwritable(path: path, reason: "\(directory) is not a folder")
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw .unwritable(path: path, reason: describe(errno, creatingIn: directory))
        }
        return destination
    }

    /// `stat` of `path` (following links), or `nil` when there is nothing there.
    static func status(of path: String) -> stat? {
        var result = stat()
        return stat(path, &result) == 0 ? result : nil
    }

    /// The cause of a failed write in words.
    static func describe(_ code: Int32, creatingIn directory: String) -> String {
        switch code {
        case ENOSPC: return "the disk is full; free space and run again"
        case EDQUOT: return "the disk quota is exceeded; free space or raise the quota"
        case EROFS: return "the file system is read-only; write somewhere else"
        case EACCES, EPERM:
            return "permission denied in the folder \(directory); check its permissions"
        case EIO: return "an input/output error; check the disk"
        case ENOENT: return "the folder \(directory) does not exist; create it first"
        case EFBIG: return "the file is too large for the file system"
        default: return String(cString: strerror(code))
        }
    }
}

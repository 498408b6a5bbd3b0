import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The processes of this machine, read from `/proc/*/cmdline`.
public enum ProcessTable {
    /// A `sleep` argument no other process uses: `seconds` and a random fraction.
    public static func marker(seconds: Int) -> String {
        "\(seconds).\(UInt32.random(in: 100_000...999_999))"
    }

    /// The processes one of whose arguments is `argument`.
    public static func processes(withArgument argument: String) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else {
            return []
        }
        return entries.compactMap { entry in
            guard let pid = pid_t(entry) else { return nil }
            return commandLine(of: pid).contains(argument) ? pid : nil
        }
    }

    /// Whether the processes with `argument` are gone within `limit` (checked every 10 ms).
    public static func areGone(withArgument argument: String, within limit: Duration) async -> Bool
    {
        let deadline = ContinuousClock.now + limit
        while !processes(withArgument: argument).isEmpty {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Kills what a failed test left behind.
    public static func kill(withArgument argument: String) {
        for pid in processes(withArgument: argument) { Glibc.kill(pid, SIGKILL) }
    }

    /// The arguments of `pid` (none for a zombie or a process that is gone).
    public static func commandLine(of pid: pid_t) -> [String] {
        let fd = open("/proc/\(pid)/cmdline", O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
}

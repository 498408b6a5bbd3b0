import Foundation

/// The process that runs a trial: recorded when the trial starts so that a trial left `running`
/// by a process that died (SIGKILL, a crash, a reboot) can be recognised and marked failed.
///
/// A process is told apart from a later one with the same id by its start time (clock ticks
/// after boot, `/proc/PID/stat` field 22) and the boot it ran in
/// (`/proc/sys/kernel/random/boot_id`). On another host, liveness cannot be checked directly;
/// the trial's heartbeat decides there.
public struct TrialOwner: Sendable, Codable, Equatable {
    public var host: String
    public var processID: Int32
    /// Start time of the process in clock ticks after boot; `nil` where `/proc` is missing.
    public var processStart: UInt64?
    /// The kernel's boot id; `nil` where it cannot be read.
    public var bootID: String?

    public init(host: String, processID: Int32, processStart: UInt64?, bootID: String?) {
        self.host = host
        self.processID = processID
        self.processStart = processStart
        self.bootID = bootID
    }

    /// This process.
    public static let current = TrialOwner(
        host: ProcessInfo.processInfo.hostName, processID: getpid(),
        processStart: processStartTime(getpid()), bootID: currentBootID())

    /// Whether the owner still runs: `true` or `false` on this host, `nil` on another host
    /// (where only a heartbeat can tell).
    public var isAlive: Bool? {
        let here = TrialOwner.current
        guard host == here.host else { return nil }
        if let bootID, let hereBoot = here.bootID, bootID != hereBoot { return false }
        if processID == here.processID { return processStart == here.processStart }
        guard kill(processID, 0) == 0 || errno == EPERM else { return false }
        guard let processStart else { return true }
        return Self.processStartTime(processID) == processStart
    }

    /// Field 22 (`starttime`) of `/proc/PID/stat`, or `nil` when the process does not exist.
    static func processStartTime(_ pid: Int32) -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces) start with field 3, the state.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    static func currentBootID() -> String? {
        (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension TrialOwner: CustomStringConvertible {
    public var description: String { "pid \(processID) on \(host)" }
}

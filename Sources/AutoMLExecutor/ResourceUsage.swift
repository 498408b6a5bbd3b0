import Foundation

/// CPU time and peak memory read from the operating system (`getrusage`, `/proc`).
public struct ResourceUsage: Sendable, Equatable {
    /// User plus system CPU seconds.
    public var cpuSeconds: Double
    /// Peak resident set size in bytes (`ru_maxrss`, which Linux gives in KiB).
    public var peakMemoryBytes: Double

    public init(cpuSeconds: Double, peakMemoryBytes: Double) {
        self.cpuSeconds = cpuSeconds
        self.peakMemoryBytes = peakMemoryBytes
    }

    init(_ usage: rusage) {
        cpuSeconds =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
        peakMemoryBytes = Double(usage.ru_maxrss) * 1024
    }

    /// This process so far (every thread).
    public static func process() -> ResourceUsage {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return ResourceUsage(usage)
    }

    /// The calling thread so far (Linux `RUSAGE_THREAD`).
    public static func thread() -> ResourceUsage {
        var usage = rusage()
        getrusage(1, &usage)  // RUSAGE_THREAD (Linux), hidden from Swift without _GNU_SOURCE
        return ResourceUsage(usage)
    }

    /// The process's peak resident memory (`VmHWM` of `/proc/self/status`), in bytes.
    public static func processPeakMemoryBytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
            return nil
        }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.dropFirst("VmHWM:".count).filter(\.isNumber)
            return Double(digits).map { $0 * 1024 }
        }
        return nil
    }

    /// Resets the process's peak resident memory to its current size (Linux ≥ 4.0, writing 5 to
    /// `/proc/self/clear_refs`), so the next ``processPeakMemoryBytes()`` is a trial's own peak.
    public static func resetProcessPeakMemory() {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return }
        _ = "5".withCString { write(fd, $0, 1) }
        close(fd)
    }
}

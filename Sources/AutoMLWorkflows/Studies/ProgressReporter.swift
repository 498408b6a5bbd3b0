import AutoMLExecutor
import AutoMLStudy
import Foundation
import Synchronization

/// Shows a run's progress on standard error: a bar redrawn in place on a terminal
/// (`[█████░░░░░] 12/50  best 0.0123 (#7)  elapsed 12s  ETA 38s`), or one plain line per
/// finished trial otherwise (logs, CI). Thread-safe: the executor calls it from its tasks.
public final class ProgressReporter: Sendable {
    private let isTerminal: Bool
    private let quiet: Bool
    private let state = Mutex(State())

    private struct State {
        var barShown = false
        var lastDraw: ContinuousClock.Instant?
    }

    /// - Parameters:
    ///   - isTerminal: draw the bar (default: whether standard error is a terminal).
    ///   - quiet: print nothing.
    public init(isTerminal: Bool = isatty(STDERR_FILENO) == 1, quiet: Bool = false) {
        self.isTerminal = isTerminal
        self.quiet = quiet
    }

    /// Shows `progress` (pass as the executor's observer).
    public func show(_ progress: ExecutionProgress) {
        guard !quiet else { return }
        if isTerminal {
            state.withLock { state in
                // Redraw at most 20 times a second, but always the first and the last state.
                let now = ContinuousClock.now
                let isLast = progress.trialBudgetSpent
                if let last = state.lastDraw, now - last < .milliseconds(50), !isLast { return }
                state.lastDraw = now
                state.barShown = true
                Self.write(
                    "\r" + Self.fitted(Self.bar(progress), width: Self.terminalWidth()) + "\u{1B}[K"
                )
            }
        } else if let trial = progress.lastTrial {
            Self.write(Self.line(for: trial, progress) + "\n")
        }
    }

    /// Prints a message on its own line (clearing the bar first on a terminal).
    public func note(_ message: String) {
        guard !quiet else { return }
        state.withLock { state in
            if state.barShown {
                Self.write("\r\u{1B}[K")
                state.barShown = false
                state.lastDraw = nil
            }
            Self.write(message + "\n")
        }
    }

    /// Prints `warning: message` on its own line, also when quiet (a warning is not progress).
    public func warn(_ message: String) {
        state.withLock { state in
            if state.barShown {
                Self.write("\r\u{1B}[K")
                state.barShown = false
                state.lastDraw = nil
            }
            Self.write("warning: " + message + "\n")
        }
    }

    /// Ends the bar's line (call once the run is over).
    public func finish() {
        state.withLock { state in
            if state.barShown { Self.write("\n") }
            state.barShown = false
        }
    }

    /// `line` cut to `width - 1` characters (a full line would wrap on some terminals and the
    /// next redraw would then stack lines instead of replacing one).
    package static func fitted(_ line: String, width: Int) -> String {
        line.count < width ? line : String(line.prefix(max(width - 2, 10))) + "…"
    }

    /// Columns of the terminal standard error is on (80 when it cannot be told).
    static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    package static func bar(_ p: ExecutionProgress) -> String {
        let width = 24
        let filled = Int((p.fraction * Double(width)).rounded(.down))
        let bar =
            String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var text = "[\(bar)] \(p.finished)"
        if let count = p.budget.trialCount { text += "/\(count)" } else { text += " trials" }
        text += "  best " + (p.best.map(Self.best) ?? "–")
        text += "  elapsed " + DurationText.format(p.elapsed)
        if let eta = p.estimatedRemaining { text += "  ETA " + DurationText.format(eta) }
        if p.failed > 0 { text += "  failed \(p.failed)" }
        if p.isStopping { text += "  stopping…" }
        return text
    }

    package static func line(for trial: TrialRecord, _ p: ExecutionProgress) -> String {
        var text = "trial \(trial.number) \(trial.state.rawValue)"
        if let value = trial.value, trial.state == .complete { text += " value=\(format(value))" }
        if let reason = trial.failureReason { text += ": \(reason)" }
        text += " | \(p.finished)"
        if let count = p.budget.trialCount { text += "/\(count)" }
        text +=
            " best=" + (p.best.map(Self.best) ?? "-") + " elapsed=" + DurationText.format(p.elapsed)
        if let eta = p.estimatedRemaining { text += " eta=" + DurationText.format(eta) }
        return text
    }

    static func best(_ trial: TrialRecord) -> String {
        "\(format(trial.value ?? .nan)) (#\(trial.number))"
    }

    /// Up to 6 significant digits.
    public static func format(_ value: Double) -> String {
        String(format: "%.6g", value)
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

extension ExecutionProgress {
    var trialBudgetSpent: Bool {
        if let count = budget.trialCount { return finished >= count }
        return false
    }
}

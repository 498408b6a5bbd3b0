import Dispatch
import Foundation
import Synchronization

/// Asks a run to stop: first gracefully (no new trials; running ones finish and are recorded),
/// then, if asked again, at once (running trials are cancelled, their processes killed, and
/// recorded as failed with the reason "interrupted").
///
/// ``installSignalHandlers(onSignal:)`` routes Ctrl-C (SIGINT) and SIGTERM here: the first
/// Ctrl-C stops gracefully, a second one (or SIGTERM) aborts.
public final class StopController: Sendable {
    /// How far stopping has gone.
    public enum Level: Int, Sendable, Comparable {
        case running, graceful, abort

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    private struct State {
        var level = Level.running
        var onAbort: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// The current level.
    public var level: Level { state.withLock { $0.level } }

    /// Whether no new trial should start.
    public var isStopping: Bool { level >= .graceful }

    /// Raises the level to at least `level` (never lowers it).
    public func request(_ level: Level) {
        let handlers: [@Sendable () -> Void] = state.withLock { state in
            guard level > state.level else { return [] }
            state.level = level
            if level == .abort {
                defer { state.onAbort = [] }
                return state.onAbort
            }
            return []
        }
        handlers.forEach { $0() }
    }

    /// Moves one level up (what each Ctrl-C does).
    @discardableResult
    public func escalate() -> Level {
        let next: Level = level == .running ? .graceful : .abort
        request(next)
        return next
    }

    /// Calls `handler` when the level reaches `.abort` (at once if it has).
    public func onAbort(_ handler: @escaping @Sendable () -> Void) {
        let now: Bool = state.withLock { state in
            if state.level == .abort { return true }
            state.onAbort.append(handler)
            return false
        }
        if now { handler() }
    }

    /// Kept alive for the life of the process (installed once, from the main task).
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Routes SIGINT (escalate) and SIGTERM (abort) to this controller instead of ending the
    /// process; `onSignal` is told the new level (to print "finishing running trials…").
    public func installSignalHandlers(onSignal: @escaping @Sendable (Level) -> Void = { _ in }) {
        var created: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                let level =
                    signalNumber == SIGINT
                    ? escalate()
                    : {
                        request(.abort)
                        return Level.abort
                    }()
                onSignal(level)
            }
            source.resume()
            created.append(source)
        }
        Self.sources += created
    }
}

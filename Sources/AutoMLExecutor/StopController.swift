import Dispatch
import Foundation
import Synchronization

/// Asks a run to stop: first gracefully (no new trials; running ones finish and are recorded),
/// then, if asked again, at once (running trials are cancelled, their processes killed, and
/// recorded as failed with the reason "interrupted").
///
/// ``installSignalHandlers(onSignal:)`` routes Ctrl-C (SIGINT), SIGTERM and SIGHUP here, all
/// alike: the first one stops gracefully, a second one (of any of the three) aborts.
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

    /// Moves one level up (what each stop signal does): running to graceful, anything else to
    /// abort. Returns the new level.
    @discardableResult
    public func escalate() -> Level {
        let (next, handlers): (Level, [@Sendable () -> Void]) = state.withLock { state in
            // Read and raised under one lock, so two signals at once make two steps.
            if state.level == .running {
                state.level = .graceful
                return (.graceful, [])
            }
            guard state.level != .abort else { return (.abort, []) }
            state.level = .abort
            defer { state.onAbort = [] }
            return (.abort, state.onAbort)
        }
        handlers.forEach { $0() }
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

    /// The signals ``installSignalHandlers(onSignal:)`` routes here: SIGINT (Ctrl-C), SIGTERM
    /// (`kill`, a service manager) and SIGHUP (the terminal closed).
    public static let stopSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Routes each of ``stopSignals`` to ``escalate()`` instead of ending the process: the first
    /// one stops gracefully, the next aborts. `onSignal` is told the new level after each signal
    /// (to print "finishing running trials…").
    public func installSignalHandlers(onSignal: @escaping @Sendable (Level) -> Void = { _ in }) {
        var created: [any DispatchSourceSignal] = []
        for signalNumber in Self.stopSignals {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                // Signals that arrive together are delivered as one event with their count.
                for _ in 0..<max(1, Int(source.data)) { onSignal(escalate()) }
            }
            source.resume()
            created.append(source)
        }
        Self.sources += created
    }
}

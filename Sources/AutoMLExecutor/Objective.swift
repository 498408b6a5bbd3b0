import AutoMLStudy
import Foundation
import Synchronization

/// What the executor evaluates for each trial.
///
/// Called once per trial, concurrently for `jobs > 1`, each call on its own task. Return the
/// values (one per study direction) and any metrics, or throw: ``ObjectiveFailure`` for a
/// failure with a reason, ``TrialPruned`` to end as pruned, anything else to fail with the
/// error's description. A call is cancelled when its trial times out or the run is aborted;
/// it should then stop quickly (command objectives kill their process group).
public protocol Objective: Sendable {
    func evaluate(_ trial: Trial) async throws -> Evaluation
}

/// What one evaluation produced.
public struct Evaluation: Sendable, Equatable {
    /// One value per study direction.
    public var values: [Double]
    /// Measurements (`cpu_seconds`, `peak_memory_bytes`, user metrics…); the executor adds
    /// `wall_seconds` and, where the objective gives none, its own CPU and memory readings.
    public var metrics: [String: Double]

    public init(values: [Double], metrics: [String: Double] = [:]) {
        self.values = values
        self.metrics = metrics
    }

    public init(value: Double, metrics: [String: Double] = [:]) {
        self.init(values: [value], metrics: metrics)
    }
}

/// A failed evaluation: why, and what it cost so far.
public struct ObjectiveFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var metrics: [String: Double]

    public init(_ reason: String, metrics: [String: Double] = [:]) {
        self.reason = reason
        self.metrics = metrics
    }

    public var description: String { reason }
}

/// An `async` Swift closure as the objective. It runs on the cooperative pool, so it should
/// await rather than compute for long stretches (use ``BlockingObjective`` for CPU-bound work).
/// On timeout or abort the closure's task is cancelled and the trial ends at once; a closure
/// that ignores cancellation finishes in the background and its result is dropped.
public struct AsyncObjective: Objective {
    public let body: @Sendable (Trial) async throws -> Evaluation

    public init(_ body: @escaping @Sendable (Trial) async throws -> Evaluation) {
        self.body = body
    }

    public func evaluate(_ trial: Trial) async throws -> Evaluation {
        let body = self.body
        let before = ResourceUsage.process()
        let handoff = Handoff<Evaluation>()
        let task = Task { handoff.resume(with: await Result { try await body(trial) }) }
        var evaluation = try await handoff.wait(onCancel: { task.cancel() })
        let after = ResourceUsage.process()
        evaluation.metrics[.cpuSeconds] =
            evaluation.metrics[.cpuSeconds] ?? after.cpuSeconds - before.cpuSeconds
        return evaluation
    }
}

/// A synchronous Swift closure as the objective, run on a thread of its own so CPU-bound work
/// (fitting a model) never blocks Swift's cooperative pool. CPU time is the thread's own.
/// On timeout or abort the trial ends at once; the thread runs the closure to its end in the
/// background (threads cannot be stopped from outside) and its result is dropped.
public struct BlockingObjective: Objective {
    public let body: @Sendable (Trial) throws -> Evaluation

    public init(_ body: @escaping @Sendable (Trial) throws -> Evaluation) {
        self.body = body
    }

    public func evaluate(_ trial: Trial) async throws -> Evaluation {
        let body = self.body
        let (result, cpu) = try await OwnThread.run { try body(trial) }
        var evaluation = result
        evaluation.metrics[.cpuSeconds] = evaluation.metrics[.cpuSeconds] ?? cpu
        return evaluation
    }
}

/// Runs CPU-bound work (a model fit) on a thread of its own, so it never blocks Swift's
/// cooperative pool, and awaits its result with the thread's CPU seconds. When the awaiting
/// task is cancelled (a timeout, an abort) the call throws `CancellationError` at once; the
/// thread runs `body` to its end in the background (threads cannot be stopped from outside)
/// and its result is dropped.
public enum OwnThread {
    /// The value `body` returns or throws, and the CPU seconds its thread used.
    public static func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value)
        async throws -> (Value, cpuSeconds: Double)
    {
        let handoff = Handoff<(Value, cpuSeconds: Double)>()
        let thread = Thread {
            let before = ResourceUsage.thread()
            let result = Result { try body() }
            let cpu = ResourceUsage.thread().cpuSeconds - before.cpuSeconds
            handoff.resume(with: result.map { ($0, cpu) })
        }
        thread.stackSize = 8 << 20
        thread.start()
        return try await handoff.wait(onCancel: {})
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

/// A one-shot hand-over of a result from other work (a thread, an unstructured task) to an
/// awaiting task, which gives up with `CancellationError` as soon as it is cancelled.
final class Handoff<Value: Sendable>: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<Value, any Error>)
        case done(Result<Value, any Error>)
        case finished
    }

    private let state = Mutex(State.idle)

    /// Delivers the result (only the first delivery counts).
    func resume(with result: Result<Value, any Error>) {
        let continuation: CheckedContinuation<Value, any Error>? = state.withLock { state in
            switch state {
            case .idle:
                state = .done(result)
                return nil
            case .waiting(let continuation):
                state = .finished
                return continuation
            case .done, .finished:
                return nil
            }
        }
        continuation?.resume(with: result)
    }

    /// Waits for the result, without giving up on cancellation (the work is known to end
    /// promptly once cancelled, and its result is wanted).
    func wait() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Value, any Error>? = state.withLock { state in
                if case .done(let result) = state {
                    state = .finished
                    return result
                }
                state = .waiting(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// Waits for the result; on cancellation, calls `onCancel` and throws `CancellationError`.
    func wait(onCancel: @escaping @Sendable () -> Void) async throws -> Value {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<Value, any Error>? = state.withLock { state in
                    if case .done(let result) = state {
                        state = .finished
                        return result
                    }
                    if case .finished = state { return .failure(CancellationError()) }
                    state = .waiting(continuation)
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            onCancel()
            resume(with: .failure(CancellationError()))
        }
    }
}

import AutoMLSearchSpace
import Foundation
import Synchronization

/// One running evaluation, as an objective sees it: its number, its parameter values (typed, as
/// Optuna's `trial.suggest_…` hands them out) and a way to report progress.
///
/// ```swift
/// try await study.optimize(budget: .trials(50), jobs: 2) { trial in
///     let depth = try trial.int("depth")
///     let rate = try trial.float("learning_rate")
///     for epoch in 1...10 {
///         let loss = train(depth: depth, rate: rate, epoch: epoch)
///         try await trial.report(loss, step: epoch)
///         if trial.shouldPrune { throw TrialPruned() }
///     }
///     return loss
/// }
/// ```
///
/// Sendable: an objective may hand its trial to child tasks. Parameters come from the study's
/// sampler; the accessors only read them (the search space is declared up front, not built by
/// the calls as in Optuna's define-by-run).
public final class Trial: Sendable {
    /// Unique within the study, from 0.
    public let number: Int
    /// Every active parameter's value.
    public let configuration: Configuration
    /// The name of the study the trial belongs to.
    public let studyName: String

    /// The storage the trial lives in (for its artifacts).
    public let storage: any StudyStorage
    private let pruner: (any Pruner)?
    private let directions: [StudyDirection]
    private let historyReader: HistoryReader
    private let state: Mutex<State>

    private struct State {
        var intermediateValues: [Int: Double] = [:]
        var metrics: [String: Double] = [:]
        var attributes: [String: String] = [:]
        var shouldPrune = false
    }

    /// A trial of `studyName` stored in `storage`. ``Study/ask()`` makes these; build one
    /// yourself only to test an objective.
    /// - Parameters:
    ///   - attributes: the attributes the trial already carries (an enqueued trial's).
    ///   - historyReader: the study's shared incremental reader (a new one when `nil`).
    public init(
        number: Int, configuration: Configuration, studyName: String, storage: any StudyStorage,
        directions: [StudyDirection] = [.minimize], pruner: (any Pruner)? = nil,
        attributes: [String: String] = [:], historyReader: HistoryReader? = nil
    ) {
        self.number = number
        self.configuration = configuration
        self.studyName = studyName
        self.storage = storage
        self.directions = directions
        self.pruner = pruner
        self.historyReader =
            historyReader
            ?? HistoryReader(storage: storage, study: studyName, directions: directions)
        self.state = Mutex(State(attributes: attributes))
    }

    // MARK: Parameter values

    /// The value of parameter `name`.
    /// - Throws: ``StudyError/parameterUnavailable(name:trial:available:)`` when the parameter
    ///   is not in the space or inactive in this configuration.
    public func value(_ name: String) throws(StudyError) -> ParameterValue {
        guard let value = configuration[name] else {
            throw .parameterUnavailable(
                name: name, trial: number, available: Array(configuration.values.keys))
        }
        return value
    }

    /// Whether parameter `name` is active in this trial (conditional parameters may not be).
    public func has(_ name: String) -> Bool { configuration[name] != nil }

    /// A float (or integer) parameter as a `Double`.
    /// - Throws: ``StudyError/parameterUnavailable(name:trial:available:)``, or
    ///   ``StudyError/parameterKind(name:trial:expected:value:)`` for a non-numeric value.
    public func float(_ name: String) throws(StudyError) -> Double {
        let value = try value(name)
        guard let number = value.number else { throw kind(name, "a number", value) }
        return number
    }

    /// An integer parameter.
    /// - Throws: as ``float(_:)``, also for a real with a fractional part.
    public func int(_ name: String) throws(StudyError) -> Int {
        let value = try value(name)
        switch value {
        case .integer(let x): return x
        case .real(let x) where x.rounded() == x && abs(x) < 9e15: return Int(x)
        default: throw kind(name, "an integer", value)
        }
    }

    /// A categorical parameter whose choices are texts.
    /// - Throws: as ``float(_:)``, for a value that is not a text.
    public func categorical(_ name: String) throws(StudyError) -> String {
        let value = try value(name)
        guard case .string(let text) = value else { throw kind(name, "a text choice", value) }
        return text
    }

    /// A boolean parameter (a categorical of `true`/`false`).
    /// - Throws: as ``float(_:)``, for a value that is not a boolean.
    public func bool(_ name: String) throws(StudyError) -> Bool {
        let value = try value(name)
        guard case .bool(let flag) = value else { throw kind(name, "a boolean", value) }
        return flag
    }

    private func kind(_ name: String, _ expected: String, _ value: ParameterValue) -> StudyError {
        .parameterKind(name: name, trial: number, expected: expected, value: "\(value)")
    }

    // MARK: Reports and metrics

    /// Records `value` at `step` (an epoch, a fold) in the storage, then asks the study's pruner
    /// whether the trial should stop (read ``shouldPrune`` next).
    /// - Throws: ``StudyError/trialNotRunning(study:number:state:)`` after the trial ended
    ///   (for example timed out), or the storage's error.
    public func report(_ value: Double, step: Int) async throws {
        state.withLock { $0.intermediateValues[step] = value }
        try await storage.recordIntermediateValue(value, step: step, trial: number, of: studyName)
        guard let pruner else { return }
        let history = try await historyReader.history()
        guard let record = history.trials.first(where: { $0.number == number }) else { return }
        let decision = pruner.shouldPrune(record, history: history)
        state.withLock { $0.shouldPrune = decision }
    }

    /// Whether the pruner asked the trial to stop at the last ``report(_:step:)`` (throw
    /// ``TrialPruned`` then). Always `false` without a pruner.
    public var shouldPrune: Bool { state.withLock { $0.shouldPrune } }

    /// The values reported so far, by step.
    public var intermediateValues: [Int: Double] { state.withLock { $0.intermediateValues } }

    /// Adds a metric of the objective's own name, stored when the trial finishes.
    public func setMetric(_ name: String, _ value: Double) {
        state.withLock { $0.metrics[name] = value }
    }

    /// Adds one of automl's metrics (``TrialMetric``), stored when the trial finishes.
    public func setMetric(_ metric: TrialMetric, _ value: Double) {
        setMetric(metric.rawValue, value)
    }

    /// The metrics set so far.
    public var metrics: [String: Double] { state.withLock { $0.metrics } }

    /// Adds a text attribute, stored when the trial finishes.
    public func setAttribute(_ name: String, _ value: String) {
        state.withLock { $0.attributes[name] = value }
    }

    /// Adds one of automl's attributes (``TrialAttribute``), stored when the trial finishes.
    public func setAttribute(_ attribute: TrialAttribute, _ value: String) {
        setAttribute(attribute.rawValue, value)
    }

    /// The attributes so far (those the trial was enqueued with included).
    public var attributes: [String: String] { state.withLock { $0.attributes } }
}

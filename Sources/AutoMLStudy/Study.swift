import AutoMLSearchSpace
import Foundation

/// A search: a named study in a storage, its search space, directions and sampler, and the
/// ask-and-tell interface that every way of running trials goes through.
///
/// ```swift
/// let study = try await Study.create(name: "svm", space: space, sampler: RandomSampler(seed: 0),
///                                    storage: try SQLiteStorage(path: "automl.db"), loadIfExists: true)
/// let trial = try await study.ask()
/// try await study.tell(trial, value: evaluate(trial.configuration))
/// ```
///
/// `optimize(budget:jobs:trialTimeout:_:)` in `AutoMLExecutor` runs many trials in parallel on top
/// of this. Several `Study` values (in one process or many) may work on the same stored study:
/// the storage hands out distinct trial numbers and each sampler sees the others' running trials.
public final class Study: Sendable {
    /// The study as stored (name, directions, space, sampler settings, attributes).
    public let record: StudyRecord
    public let storage: any StudyStorage
    public let sampler: any Sampler
    public let pruner: (any Pruner)?
    /// The process recorded on the trials this value hands out, so that they are marked failed
    /// if it dies; `nil` for trials that outlive their asker (`automl ask`).
    public let owner: TrialOwner?
    /// The history read incrementally, shared by this value's trials (their pruning checks).
    public let historyReader: HistoryReader

    public var name: String { record.name }
    public var directions: [StudyDirection] { record.directions }
    public var space: SearchSpace { record.space }

    /// A study value for `record`, already in `storage`. Use ``create(name:space:directions:sampler:storage:pruner:attributes:loadIfExists:owner:)``
    /// or ``load(name:storage:sampler:pruner:owner:)``.
    public init(
        record: StudyRecord, storage: any StudyStorage, sampler: any Sampler,
        pruner: (any Pruner)? = nil,
        owner: TrialOwner? = .current
    ) {
        self.record = record
        self.storage = storage
        self.sampler = sampler
        self.pruner = pruner
        self.owner = owner
        self.historyReader = HistoryReader(
            storage: storage, study: record.name, directions: record.directions)
    }

    /// Creates a study, or with `loadIfExists` continues the one of that name.
    ///
    /// Continuing checks that the stored directions and space equal the ones given; the stored
    /// sampler settings win over `sampler`'s only in what is recorded (the sampler used is the
    /// one passed).
    /// - Throws: ``StudyError/studyExists(name:)`` without `loadIfExists`,
    ///   ``StudyError/incompatibleStudy(name:field:stored:given:)``, ``StudyError/invalidStudyName(_:)``,
    ///   or the storage's error.
    public static func create(
        name: String, space: SearchSpace, directions: [StudyDirection] = [.minimize],
        sampler: any Sampler,
        storage: any StudyStorage = InMemoryStorage(), pruner: (any Pruner)? = nil,
        attributes: [String: String] = [:], loadIfExists: Bool = false,
        owner: TrialOwner? = .current
    ) async throws -> Study {
        try StudyRecord.validate(name: name)
        guard !directions.isEmpty else {
            throw StudyError.invalidArgument(
                name: "directions", value: "[]", expected: "at least one direction")
        }
        let record = StudyRecord(
            name: name, directions: directions, space: space, sampler: sampler.settings,
            attributes: attributes)
        do {
            try await storage.createStudy(record)
            return Study(
                record: record, storage: storage, sampler: sampler, pruner: pruner, owner: owner)
        } catch StudyError.studyExists(let existing) where loadIfExists {
            let study = try await load(
                name: existing, storage: storage, sampler: sampler, pruner: pruner, owner: owner)
            try study.record.checkCompatible(directions: directions, space: space)
            return study
        }
    }

    /// The stored study called `name`, searched with `sampler`.
    /// - Throws: ``StudyError/studyNotFound(name:)`` or the storage's error.
    public static func load(
        name: String, storage: any StudyStorage, sampler: any Sampler, pruner: (any Pruner)? = nil,
        owner: TrialOwner? = .current
    ) async throws -> Study {
        guard let record = try await storage.study(named: name) else {
            throw StudyError.studyNotFound(name: name)
        }
        return Study(
            record: record, storage: storage, sampler: sampler, pruner: pruner, owner: owner)
    }

    // MARK: Ask

    /// Starts one trial with the sampler's next configuration.
    public func ask() async throws -> Trial {
        guard let trial = try await ask(1).first else {
            throw StudyError.invalidArgument(
                name: "sampler", value: "no configuration", expected: "one suggestion")
        }
        return trial
    }

    /// Starts `count` trials at once (a batch for `count` free workers): one storage transaction
    /// that first takes enqueued (`waiting`) trials, then asks the sampler, which sees every
    /// pending trial, for the rest.
    ///
    /// A sampler that prepares ahead (``Sampler/preparesAhead``, the GP) first does its slow
    /// part on a snapshot of the history, outside the transaction, so that workers of one study
    /// fit their models in parallel; inside, it sees the snapshot's finished trials, and every
    /// trial started or finished since as pending. With one worker the two histories are the
    /// same.
    public func ask(_ count: Int) async throws -> [Trial] {
        guard count > 0 else { return [] }
        let sampler = self.sampler
        let space = self.space
        var finished: Set<Int>?
        if sampler.preparesAhead {
            let snapshot = try await historyReader.history()
            sampler.prepare(in: space, history: snapshot)
            finished = Set(snapshot.trials.filter { $0.state.isFinished }.map(\.number))
        }
        let records = try await storage.startTrials(count, in: name, owner: owner) {
            [finished] wanted, history in
            let seen = finished.map { history.finished(only: $0) } ?? history
            return try sampler.suggest(wanted, in: space, history: seen).prefix(wanted).map(
                space.pruned)
        }
        return records.map(trial(for:))
    }

    /// Refits the sampler's model on the history as it stands now, for the asks to come
    /// (``Sampler/refit(in:history:)``): what a worker does while its trials run, when its
    /// sampler reuses recent fits. Does nothing for other samplers.
    public func refitSampler() async throws {
        guard sampler.refitsWhileTrialsRun else { return }
        let snapshot = try await historyReader.history()
        sampler.refit(in: space, history: snapshot)
    }

    /// Enqueues `configuration` to run before the sampler's next suggestions (Optuna's
    /// `enqueue_trial`): a warm start, a refinement step, a configuration to verify. It must
    /// lie in the study's space.
    /// - Throws: ``StudyError/invalidArgument(name:value:expected:)`` for a configuration
    ///   outside the space, or the storage's error.
    @discardableResult
    public func enqueue(_ configuration: Configuration, attributes: [String: String] = [:])
        async throws -> TrialRecord
    {
        let retyped = space.retyped(configuration)
        let problems = space.problems(with: retyped)
        guard problems.isEmpty else {
            throw StudyError.invalidArgument(
                name: "the enqueued configuration", value: problems.joined(separator: "; "),
                expected: "a value inside the study's search space for every active parameter")
        }
        return try await storage.enqueueTrial(
            in: name, configuration: retyped, attributes: attributes)
    }

    /// The ``Trial`` handle of a stored running trial (to tell it from another process).
    public func trial(for record: TrialRecord) -> Trial {
        Trial(
            number: record.number, configuration: record.configuration, studyName: name,
            storage: storage, directions: directions, pruner: pruner,
            attributes: record.attributes, historyReader: historyReader)
    }

    // MARK: Tell

    /// Finishes `trial` as complete with `value` (single-objective studies); a NaN or infinite
    /// value makes it failed instead, with that reason.
    @discardableResult
    public func tell(_ trial: Trial, value: Double, metrics: [String: Double] = [:]) async throws
        -> TrialRecord
    {
        try await tell(
            trial.number, values: [value],
            metrics: trial.metrics.merging(metrics) { _, new in new },
            attributes: trial.attributes)
    }

    /// Finishes trial `number` with one value per direction (see ``tell(_:value:metrics:)``).
    /// - Throws: ``StudyError/valueCount(study:trial:expected:got:)``,
    ///   ``StudyError/trialNotRunning(study:number:state:)``, ``StudyError/trialNotFound(study:number:)``.
    @discardableResult
    public func tell(
        _ number: Int, values: [Double], metrics: [String: Double] = [:],
        attributes: [String: String] = [:]
    ) async throws -> TrialRecord {
        guard values.count == directions.count else {
            throw StudyError.valueCount(
                study: name, trial: number, expected: directions.count, got: values.count)
        }
        if let bad = values.first(where: { !$0.isFinite }) {
            return try await finish(
                number,
                .failed("the objective returned \(bad)", metrics: metrics, attributes: attributes))
        }
        return try await finish(number, .complete(values, metrics: metrics, attributes: attributes))
    }

    /// Finishes `trial` as failed, with `reason`.
    @discardableResult
    public func tell(_ trial: Trial, failed reason: String, metrics: [String: Double] = [:])
        async throws -> TrialRecord
    {
        try await finish(
            trial.number,
            .failed(
                reason, metrics: trial.metrics.merging(metrics) { _, new in new },
                attributes: trial.attributes))
    }

    /// Finishes trial `number` as failed, with `reason`.
    @discardableResult
    public func tell(_ number: Int, failed reason: String, metrics: [String: Double] = [:])
        async throws -> TrialRecord
    {
        try await finish(number, .failed(reason, metrics: metrics))
    }

    /// Finishes `trial` as pruned.
    @discardableResult
    public func tell(
        _ trial: Trial, pruned reason: String = "pruned", metrics: [String: Double] = [:]
    ) async throws
        -> TrialRecord
    {
        try await finish(
            trial.number,
            .pruned(
                reason, metrics: trial.metrics.merging(metrics) { _, new in new },
                attributes: trial.attributes))
    }

    /// Stores `completion` even when the calling task is cancelled (Ctrl-C must not lose a
    /// finished trial's result).
    @discardableResult
    public func finish(_ number: Int, _ completion: TrialCompletion) async throws -> TrialRecord {
        let storage = self.storage
        let name = self.name
        return try await Task.detached {
            try await storage.finishTrial(number, of: name, as: completion)
        }.value
    }

    // MARK: Reading

    /// Every trial so far, in number order.
    public var trials: [TrialRecord] {
        get async throws { try await storage.trials(of: name) }
    }

    /// The history a sampler would see now (read incrementally).
    public var history: StudyHistory {
        get async throws { try await historyReader.history() }
    }

    /// The best complete trial under the first direction.
    public var bestTrial: TrialRecord? {
        get async throws { try await history.best }
    }

    // MARK: Abandoned trials

    /// Marks failed every trial left `running` by a process that is gone (see
    /// ``StudyStorage/failStaleTrials(of:staleAfter:)``): one storage operation, run when a
    /// study is continued and from the executor's heartbeat loop.
    /// - Returns: the trials marked failed.
    @discardableResult
    public func failAbandonedTrials(staleAfter: Duration = .seconds(300)) async throws
        -> [TrialRecord]
    {
        let storage = self.storage
        let name = self.name
        return try await Task.detached {
            try await storage.failStaleTrials(of: name, staleAfter: staleAfter)
        }.value
    }
}

extension StudyRecord {
    /// Checks that continuing this study with `directions` and `space` keeps it one search.
    /// - Throws: ``StudyError/incompatibleStudy(name:field:stored:given:)``.
    public func checkCompatible(directions: [StudyDirection], space: SearchSpace) throws(StudyError)
    {
        if directions != self.directions {
            throw .incompatibleStudy(
                name: name, field: "directions",
                stored: self.directions.map(\.rawValue).joined(separator: ","),
                given: directions.map(\.rawValue).joined(separator: ","))
        }
        if space != self.space {
            let stored = self.space.parameters.map(\.name).joined(separator: ", ")
            let given = space.parameters.map(\.name).joined(separator: ", ")
            throw .incompatibleStudy(
                name: name, field: "search space",
                stored: "[\(stored)]",
                given: stored == given ? "[\(given)] with other domains" : "[\(given)]")
        }
    }
}

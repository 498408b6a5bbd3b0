import AutoMLSearchSpace
import Foundation

/// Where studies and their trials live: in memory, in a SQLite file, on a PostgreSQL server.
///
/// Every method is one atomic change or one consistent read: an implementation may be shared by
/// many tasks of one process and, for the database-backed ones, by many processes on many
/// machines working on the same study. Three rules make that safe:
///
/// - trial numbers are allocated inside the same exclusive transaction that inserts the trials
///   (``startTrials(_:in:owner:suggest:)``, ``enqueueTrial(in:configuration:attributes:)``), so
///   no two trials of a study ever share a number;
/// - a trial is finished only while it is still `running` (``finishTrial(_:of:as:)``), so a late
///   result never overwrites a trial that was reaped as abandoned, and a trial is never told twice;
/// - every timestamp (start, heartbeat, finish, staleness) comes from the storage's own clock
///   (``now()``), never from the client's, so machines with skewed clocks agree.
///
/// Methods throw ``StudyError`` for what the caller got wrong (unknown study or trial, a trial
/// already finished) and the backend's own error for storage trouble (disk full, busy past the
/// timeout, a dropped connection). Implementations read parameters back with
/// ``SearchSpace/retyped(_:)``. A storage owns its connections from opening to ``close()``;
/// `StorageLocation.withStorage` scopes the two around a body.
public protocol StudyStorage: Sendable {
    /// Stores a new study.
    /// - Throws: ``StudyError/studyExists(name:)`` when the name is taken (two processes creating
    ///   the same study at once: exactly one succeeds, the other loads it).
    func createStudy(_ study: StudyRecord) async throws

    /// The study called `name`, or `nil`.
    func study(named name: String) async throws -> StudyRecord?

    /// One summary per study, sorted by name.
    func studySummaries() async throws -> [StudySummary]

    /// Removes the study, its trials and its artifacts.
    /// - Throws: ``StudyError/studyNotFound(name:)``.
    func deleteStudy(named name: String) async throws

    /// Every trial of the study in number order.
    /// - Throws: ``StudyError/studyNotFound(name:)``.
    func trials(of study: String) async throws -> [TrialRecord]

    /// The trials changed (started, reported on, heartbeat, finished) after `revision`, and the
    /// revision they bring the reader to: an incremental read, so a report or a pruner that
    /// polls a long study reads only what moved. `nil` reads every trial.
    /// - Throws: ``StudyError/studyNotFound(name:)``.
    func trialChanges(of study: String, after revision: Int64?) async throws -> TrialChanges

    /// One trial.
    /// - Throws: ``StudyError/studyNotFound(name:)``, ``StudyError/trialNotFound(study:number:)``.
    func trial(_ number: Int, of study: String) async throws -> TrialRecord

    /// Starts up to `count` trials atomically, inside one exclusive transaction: first the
    /// study's `waiting` trials, oldest first, then as many as `suggest` returns for the rest.
    /// `suggest` gets the number still wanted and the study's history (pending trials of every
    /// process included, the ones just taken from the queue as `running`, so a sampler treats
    /// them as pending); it is not called when the queue filled the batch. Suggested trials are
    /// numbered consecutively after every trial already in the study. All are owned by `owner`
    /// and stamped with the storage's clock.
    ///
    /// `suggest` runs while other writers wait, so it must be quick (samplers are) and must not
    /// touch the storage.
    /// - Returns: the started trials (dequeued ones first, then suggested ones in number order).
    /// - Throws: ``StudyError/studyNotFound(name:)``, or what `suggest` throws (nothing is stored).
    func startTrials(
        _ count: Int, in study: String, owner: TrialOwner?,
        suggest: @Sendable (_ count: Int, _ history: StudyHistory) throws -> [Configuration]
    ) async throws -> [TrialRecord]

    /// Adds a `waiting` trial with a given configuration (Optuna's `enqueue_trial`): the next
    /// ask of any process runs it before the sampler is consulted.
    /// - Returns: the waiting trial, numbered after every trial in the study.
    /// - Throws: ``StudyError/studyNotFound(name:)``.
    @discardableResult
    func enqueueTrial(in study: String, configuration: Configuration, attributes: [String: String])
        async throws -> TrialRecord

    /// Ends a running trial: complete with its values, failed or pruned with its reason. The
    /// completion's metrics and attributes are merged over the trial's (the completion's win);
    /// `finishedAt` is the storage's clock.
    /// - Returns: the trial as stored.
    /// - Throws: ``StudyError/trialNotFound(study:number:)``, and
    ///   ``StudyError/trialNotRunning(study:number:state:)`` when it already ended (nothing changes).
    @discardableResult
    func finishTrial(_ number: Int, of study: String, as completion: TrialCompletion) async throws
        -> TrialRecord

    /// Records an intermediate value of a running trial (step `step`; a repeated step replaces).
    /// - Throws: as ``finishTrial(_:of:as:)``.
    func recordIntermediateValue(_ value: Double, step: Int, trial number: Int, of study: String)
        async throws

    /// Sets `heartbeatAt` of those of `numbers` still running to the storage's clock (in one
    /// transaction).
    func recordHeartbeat(trials numbers: [Int], of study: String) async throws

    /// Marks failed, in one transaction, every running trial whose owner is gone: a process on
    /// this host that no longer runs (or ran in a previous boot), or an owner on another host
    /// whose last heartbeat is older than `staleAfter` by the storage's clock. Trials without
    /// an owner (handed out by `automl ask`) are left alone. Any live process may call it at
    /// any time (the executor does from its heartbeat loop); a trial that finishes in the
    /// meantime keeps its result.
    /// - Returns: the trials marked failed.
    @discardableResult
    func failStaleTrials(of study: String, staleAfter: Duration) async throws -> [TrialRecord]

    /// Appends trials exactly as they were recorded elsewhere (`automl studies copy`), in one
    /// transaction: state, values, metrics, attributes, intermediate values, owner, start,
    /// heartbeat and finish times and failure reason are stored as given — not stamped with
    /// this storage's clock — and the trials are numbered consecutively after every trial in
    /// the study, in the order given (the given numbers are ignored). Values are kept for
    /// complete trials only and metrics that are not finite are dropped, as when a trial
    /// finishes. Waiting trials are queued like enqueued ones; running trials keep their owner
    /// and heartbeat, so they are reaped like any other once their owner is gone.
    ///
    /// Called by tools that move studies between storages, never by the executor.
    /// - Returns: the trials as stored, with their new numbers, in the order given.
    /// - Throws: ``StudyError/studyNotFound(name:)``.
    func importTrials(_ trials: [TrialRecord], into study: String) async throws -> [TrialRecord]

    /// The storage's clock (the server's for a database server).
    func now() async throws -> Date

    /// The artifacts kept beside the studies (out-of-fold predictions, …), in the same
    /// database.
    var artifacts: any ArtifactStore { get }

    /// Releases the storage's connections; later calls throw. Closing twice is harmless.
    func close() async throws
}

extension StudyStorage {
    /// Storages that cannot hold copied trials (wrappers, test doubles) refuse them.
    public func importTrials(_ trials: [TrialRecord], into study: String) async throws
        -> [TrialRecord]
    {
        throw StudyError.invalidArgument(
            name: "storage", value: "\(type(of: self))",
            expected: "a storage that can import trials (SQLite, PostgreSQL or in-memory)")
    }
}

/// How ``StudyStorage/importTrials(_:into:)`` stores trials, shared by the storages.
package enum TrialImport {
    /// `trials` numbered from `first` on, with values kept for complete trials only and
    /// non-finite metrics dropped.
    package static func renumbered(_ trials: [TrialRecord], from first: Int) -> [TrialRecord] {
        trials.enumerated().map { offset, trial in
            var trial = trial
            trial.number = first + offset
            if trial.state != .complete { trial.values = nil }
            trial.metrics = trial.metrics.filter { $0.value.isFinite }
            return trial
        }
    }
}

/// What ``StudyStorage/trialChanges(of:after:)`` returns.
public struct TrialChanges: Sendable, Equatable {
    /// The revision the reader is at after applying ``trials``.
    public var revision: Int64
    /// The trials that changed, in number order.
    public var trials: [TrialRecord]

    public init(revision: Int64, trials: [TrialRecord]) {
        self.revision = revision
        self.trials = trials
    }
}

/// How a trial ended, as handed to ``StudyStorage/finishTrial(_:of:as:)``.
public struct TrialCompletion: Sendable, Equatable {
    /// `.complete`, `.failed` or `.pruned`.
    public var state: TrialState
    /// One per direction for complete trials, else `nil`.
    public var values: [Double]?
    public var metrics: [String: Double]
    public var attributes: [String: String]
    public var failureReason: String?

    public init(
        state: TrialState, values: [Double]? = nil, metrics: [String: Double] = [:],
        attributes: [String: String] = [:], failureReason: String? = nil
    ) {
        self.state = state
        self.values = values
        self.metrics = metrics
        self.attributes = attributes
        self.failureReason = failureReason
    }

    /// A complete trial with `values`.
    public static func complete(
        _ values: [Double], metrics: [String: Double] = [:], attributes: [String: String] = [:]
    ) -> TrialCompletion {
        TrialCompletion(state: .complete, values: values, metrics: metrics, attributes: attributes)
    }

    /// A failed trial and why.
    public static func failed(
        _ reason: String, metrics: [String: Double] = [:], attributes: [String: String] = [:]
    ) -> TrialCompletion {
        TrialCompletion(
            state: .failed, metrics: metrics, attributes: attributes, failureReason: reason)
    }

    /// A pruned trial.
    public static func pruned(
        _ reason: String = "pruned", metrics: [String: Double] = [:],
        attributes: [String: String] = [:]
    ) -> TrialCompletion {
        TrialCompletion(
            state: .pruned, metrics: metrics, attributes: attributes, failureReason: reason)
    }
}

extension TrialRecord {
    /// This trial as `completion` ends it: its state and failure reason, its values (for a
    /// complete trial), and its metrics and attributes merged with the completion's (whose
    /// win; non-finite metrics are dropped). The finish time is the storage's to set.
    public func finished(as completion: TrialCompletion) -> TrialRecord {
        var trial = self
        trial.state = completion.state
        trial.values = completion.state == .complete ? completion.values : nil
        trial.metrics.merge(completion.metrics) { _, new in new }
        trial.metrics = trial.metrics.filter { $0.value.isFinite }
        trial.attributes.merge(completion.attributes) { _, new in new }
        trial.failureReason = completion.failureReason
        return trial
    }

    /// Why this running trial counts as abandoned at storage time `now`, or `nil` when its
    /// owner may still be running it (see ``StudyStorage/failStaleTrials(of:staleAfter:)``).
    public func abandonment(staleAfter: Duration, now: Date) -> String? {
        guard state == .running, let owner else { return nil }
        switch owner.isAlive {
        case .some(true):
            return nil
        case .some(false):
            return "abandoned: the process that ran it (\(owner)) is gone"
        case .none:
            let last = heartbeatAt ?? startedAt
            let silence = now.timeIntervalSince(last)
            guard silence > staleAfter.timeInterval else { return nil }
            return "abandoned: no heartbeat from \(owner) for \(Int(silence)) s"
        }
    }
}

extension TrialRecord {
    /// Whether a process that is alive may still be running this trial: a running trial whose
    /// owner runs on this host, or on another host with a heartbeat younger than `staleAfter`
    /// at storage time `now`. Trials without an owner (`automl ask`) are not owned by anyone.
    public func isOwnedByLiveProcess(staleAfter: Duration, now: Date) -> Bool {
        guard state == .running, owner != nil else { return false }
        return abandonment(staleAfter: staleAfter, now: now) == nil
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    public var timeInterval: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

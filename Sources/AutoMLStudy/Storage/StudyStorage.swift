import AutoMLSearchSpace
import Foundation

/// Where studies and their trials live: in memory, in a SQLite file, later a PostgreSQL server.
///
/// Every method is one atomic change or one consistent read: an implementation may be shared by
/// many tasks of one process and, for the database-backed ones, by many processes (and later many
/// machines) working on the same study. Two rules make that safe:
///
/// - trial numbers are allocated inside the same exclusive transaction that inserts the trials
///   (``startTrials(in:owner:suggest:)``), so no two trials of a study ever share a number;
/// - a trial is finished only while it is still `running` (``finishTrial(_:of:as:)``), so a late
///   result never overwrites a trial that was marked abandoned, and a trial is never told twice.
///
/// Methods throw ``StudyError`` for what the caller got wrong (unknown study or trial, a trial
/// already finished) and the backend's own error for storage trouble (disk full, busy past the
/// timeout). Implementations read parameters back with ``SearchSpace/retyped(_:)``.
public protocol StudyStorage: Sendable {
    /// Stores a new study.
    /// - Throws: ``StudyError/studyExists(name:)`` when the name is taken (two processes creating
    ///   the same study at once: exactly one succeeds, the other loads it).
    func createStudy(_ study: StudyRecord) async throws

    /// The study called `name`, or `nil`.
    func study(named name: String) async throws -> StudyRecord?

    /// One summary per study, sorted by name.
    func studySummaries() async throws -> [StudySummary]

    /// Removes the study and all its trials.
    /// - Throws: ``StudyError/studyNotFound(name:)``.
    func deleteStudy(named name: String) async throws

    /// Every trial of the study in number order.
    /// - Throws: ``StudyError/studyNotFound(name:)``.
    func trials(of study: String) async throws -> [TrialRecord]

    /// One trial.
    /// - Throws: ``StudyError/studyNotFound(name:)``, ``StudyError/trialNotFound(study:number:)``.
    func trial(_ number: Int, of study: String) async throws -> TrialRecord

    /// Starts trials atomically: inside one exclusive transaction, reads the study's history,
    /// calls `suggest` with it (running trials of every process included, so a sampler treats
    /// them as pending) and stores one `running` trial per returned configuration, numbered
    /// consecutively after every trial already in the study, owned by `owner`.
    ///
    /// `suggest` runs while other writers wait, so it must be quick (samplers are) and must not
    /// touch the storage.
    /// - Returns: the new trials in number order.
    /// - Throws: ``StudyError/studyNotFound(name:)``, or what `suggest` throws (nothing is stored).
    func startTrials(
        in study: String, owner: TrialOwner?,
        suggest: @Sendable (StudyHistory) throws -> [Configuration]
    ) async throws -> [TrialRecord]

    /// Ends a running trial: complete with its values, failed or pruned with its reason. The
    /// completion's metrics are merged over the trial's (the completion's win).
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

    /// Sets `heartbeatAt` of those of `numbers` still running to `date` (in one transaction).
    func recordHeartbeat(trials numbers: [Int], of study: String, at date: Date) async throws
}

/// How a trial ended, as handed to ``StudyStorage/finishTrial(_:of:as:)``.
public struct TrialCompletion: Sendable, Equatable {
    /// `.complete`, `.failed` or `.pruned`.
    public var state: TrialState
    /// One per direction for complete trials, else `nil`.
    public var values: [Double]?
    public var metrics: [String: Double]
    public var failureReason: String?
    public var finishedAt: Date

    public init(
        state: TrialState, values: [Double]? = nil, metrics: [String: Double] = [:],
        failureReason: String? = nil,
        finishedAt: Date = Date()
    ) {
        self.state = state
        self.values = values
        self.metrics = metrics
        self.failureReason = failureReason
        self.finishedAt = finishedAt
    }

    /// A complete trial with `values`.
    public static func complete(_ values: [Double], metrics: [String: Double] = [:])
        -> TrialCompletion
    {
        TrialCompletion(state: .complete, values: values, metrics: metrics)
    }

    /// A failed trial and why.
    public static func failed(_ reason: String, metrics: [String: Double] = [:]) -> TrialCompletion
    {
        TrialCompletion(state: .failed, metrics: metrics, failureReason: reason)
    }

    /// A pruned trial.
    public static func pruned(_ reason: String = "pruned", metrics: [String: Double] = [:])
        -> TrialCompletion
    {
        TrialCompletion(state: .pruned, metrics: metrics, failureReason: reason)
    }
}

import AutoMLData
import AutoMLExecutor
import AutoMLModelSearch
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import AutoMLWorkflows
import Foundation
import Synchronization

/// `automl bench executor` as a library call: what the executor itself costs per trial.
///
/// 1. **Overhead**: an instant in-process objective (it returns at once), run for `trials`
///    trials with one job; the wall time per trial is the executor's overhead, split into the
///    time inside the storage (asking and telling, the sampler's part taken out), inside the
///    sampler, and the rest (tasks, bookkeeping, resource readings). Each study is measured as
///    a whole and over its last tenth (the cost once it has about `trials` trials), after one
///    untimed warm-up study.
/// 2. **Parallel speed-up**: a CPU-bound external command run with `--jobs 1` and `--jobs 2`,
///    in trials per second.
public struct ExecutorBenchmark: Sendable {
    public var trials: Int
    public var samplerName: String
    /// The CPU-bound command of the speed-up measurement (`nil` skips it).
    public var command: String?
    public var commandTrials: Int

    /// A command that burns about 0.2 s of CPU in `awk` and prints the parameter `x`.
    public static let cpuBoundCommand =
        #"awk 'BEGIN { s = 0; for (i = 0; i < 4000000; i++) s += i % 7; print ENVIRON["AUTOML_PARAM_X"] }'"#

    public init(
        trials: Int = 200, samplerName: String = "random", command: String? = Self.cpuBoundCommand,
        commandTrials: Int = 20
    ) {
        self.trials = trials
        self.samplerName = samplerName
        self.command = command
        self.commandTrials = commandTrials
    }

    /// One overhead measurement: the mean over trials `firstTrial…lastTrial` (1-based) of
    /// one study.
    public struct OverheadRow: Sendable, Encodable {
        public var storage: String
        public var objective: String
        public var sampler: String
        public var firstTrial: Int
        public var lastTrial: Int
        public var totalMilliseconds: Double
        public var storageMilliseconds: Double
        public var samplerMilliseconds: Double
        public var otherMilliseconds: Double

        /// Trials averaged over.
        public var trials: Int { lastTrial - firstTrial + 1 }

        enum CodingKeys: String, CodingKey {
            case storage, objective, sampler
            case firstTrial = "first_trial"
            case lastTrial = "last_trial"
            case totalMilliseconds = "total_ms_per_trial"
            case storageMilliseconds = "storage_ms_per_trial"
            case samplerMilliseconds = "sampler_ms_per_trial"
            case otherMilliseconds = "other_ms_per_trial"
        }
    }

    /// One speed-up measurement.
    public struct ParallelRow: Sendable, Encodable {
        public var jobs: Int
        public var trials: Int
        public var seconds: Double
        public var trialsPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case jobs, trials, seconds
            case trialsPerSecond = "trials_per_second"
        }
    }

    public struct Result: Sendable, Encodable {
        public var overhead: [OverheadRow]
        public var parallel: [ParallelRow]
    }

    /// A two-float, one-integer, one-categorical space (the shape of a small learner space).
    static let space = SearchSpace(unordered: [
        Parameter(name: "x", domain: .float(low: -5, high: 5, log: false, step: nil)),
        Parameter(name: "rate", domain: .float(low: 1e-4, high: 1, log: true, step: nil)),
        Parameter(name: "depth", domain: .integer(low: 1, high: 12, log: false, step: 1)),
        Parameter(
            name: "kernel",
            domain: .categorical([.string("rbf"), .string("linear"), .string("poly")])),
    ])

    public func run() async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "automl-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // An untimed warm-up study first, so the first row does not pay for the process's
        // first allocations, page faults and library set-up.
        _ = try await measureOverhead(
            storageLabel: "warm-up", location: .memory, objective: "async")
        var overhead: [OverheadRow] = []
        for (label, location) in [
            (
                "sqlite",
                StorageLocation.sqlite(path: directory.appendingPathComponent("bench.db").path)
            ), ("memory", .memory),
        ] {
            for objective in ["async", "thread"] {
                overhead.append(
                    contentsOf: try await measureOverhead(
                        storageLabel: label, location: location, objective: objective))
            }
        }
        var parallel: [ParallelRow] = []
        if let command {
            for jobs in [1, 2] {
                parallel.append(
                    try await measureParallel(command: command, jobs: jobs, directory: directory))
            }
        }
        return Result(overhead: overhead, parallel: parallel)
    }

    /// Trials at the end of the overhead run measured on their own (a tenth, at least one):
    /// the cost per trial once the study has about `trials` trials, the GP's largest.
    var tailTrials: Int { trials > 1 ? max(1, trials / 10) : 0 }

    /// Two rows: the mean over every trial, and over the last ``tailTrials``.
    private func measureOverhead(
        storageLabel: String, location: StorageLocation, objective kind: String
    ) async throws -> [OverheadRow] {
        let clock = TimeAccount()
        let storage = TimedStorage(base: try location.open(), account: clock)
        let sampler = TimedSampler(
            base: try SamplerCatalog.sampler(SamplerSettings(name: samplerName, seed: 0)),
            account: clock)
        let study = try await Study.create(
            name: "bench-\(kind)-\(UUID().uuidString.prefix(8))", space: Self.space,
            sampler: sampler, storage: storage)
        let objective: any Objective =
            kind == "async"
            ? AsyncObjective { trial in Evaluation(value: try trial.float("x")) }
            : BlockingObjective { trial in Evaluation(value: try trial.float("x")) }
        // The head, then the tail as a second run of the same study (a run continues it).
        let head = try await timedRun(
            study, objective: objective, trials: trials - tailTrials, clock: clock)
        let tail = try await timedRun(study, objective: objective, trials: tailTrials, clock: clock)
        func row(_ times: RunTimes, first: Int, last: Int) -> OverheadRow {
            let count = Double(max(last - first + 1, 1))
            let sampler = times.sampler * 1000 / count
            let storage = times.storage * 1000 / count - sampler
            let total = times.total * 1000 / count
            return OverheadRow(
                storage: storageLabel, objective: kind, sampler: samplerName, firstTrial: first,
                lastTrial: last, totalMilliseconds: total, storageMilliseconds: storage,
                samplerMilliseconds: sampler, otherMilliseconds: total - storage - sampler)
        }
        var rows = [row(head + tail, first: 1, last: trials)]
        if tailTrials > 0 { rows.append(row(tail, first: trials - tailTrials + 1, last: trials)) }
        return rows
    }

    /// Wall seconds of one executor run, with the seconds inside the storage and the sampler.
    private struct RunTimes {
        var total = 0.0
        var storage = 0.0
        var sampler = 0.0

        static func + (a: RunTimes, b: RunTimes) -> RunTimes {
            RunTimes(
                total: a.total + b.total, storage: a.storage + b.storage,
                sampler: a.sampler + b.sampler)
        }
    }

    private func timedRun(
        _ study: Study, objective: any Objective, trials count: Int, clock: TimeAccount
    ) async throws -> RunTimes {
        guard count > 0 else { return RunTimes() }
        clock.reset()
        let start = ContinuousClock.now
        _ = try await TrialExecutor(
            study: study, objective: objective, options: ExecutionOptions(budget: .trials(count))
        ).run()
        return RunTimes(
            total: (ContinuousClock.now - start).seconds, storage: clock.storage,
            sampler: clock.sampler)
    }

    private func measureParallel(command: String, jobs: Int, directory: URL) async throws
        -> ParallelRow
    {
        let storage = try StorageLocation.sqlite(
            path: directory.appendingPathComponent("jobs\(jobs).db").path
        ).open()
        let study = try await Study.create(
            name: "jobs\(jobs)", space: Self.space, sampler: RandomSampler(seed: 0),
            storage: storage)
        let start = ContinuousClock.now
        let summary = try await TrialExecutor(
            study: study, objective: CommandObjective(command: command),
            options: ExecutionOptions(budget: .trials(commandTrials), jobs: jobs)
        ).run()
        let seconds = (ContinuousClock.now - start).seconds
        guard summary.completed > 0 else {
            // A throughput of a command that never succeeds would be a meaningless 0.
            let reason =
                try await study.trials.compactMap(\.failureReason).first ?? "no trial completed"
            throw BenchmarkError.commandNeverSucceeded(command: command, reason: reason)
        }
        return ParallelRow(
            jobs: jobs, trials: summary.completed, seconds: seconds,
            trialsPerSecond: Double(summary.completed) / seconds)
    }
}

/// Seconds spent in the storage and in the sampler.
final class TimeAccount: Sendable {
    private let state = Mutex((storage: 0.0, sampler: 0.0))

    func add(storage seconds: Double) { state.withLock { $0.storage += seconds } }
    func add(sampler seconds: Double) { state.withLock { $0.sampler += seconds } }
    func reset() { state.withLock { $0 = (0, 0) } }
    var storage: Double { state.withLock { $0.storage } }
    var sampler: Double { state.withLock { $0.sampler } }
}

/// A sampler that times its suggestions.
struct TimedSampler: Sampler {
    let base: any Sampler
    let account: TimeAccount
    var name: String { base.name }
    var settings: SamplerSettings { base.settings }

    func suggest(_ count: Int, in space: SearchSpace, history: StudyHistory) throws
        -> [Configuration]
    {
        let start = ContinuousClock.now
        defer { account.add(sampler: (ContinuousClock.now - start).seconds) }
        return try base.suggest(count, in: space, history: history)
    }

    var preparesAhead: Bool { base.preparesAhead }

    func prepare(in space: SearchSpace, history: StudyHistory) {
        let start = ContinuousClock.now
        defer { account.add(sampler: (ContinuousClock.now - start).seconds) }
        base.prepare(in: space, history: history)
    }
}

/// A storage that times every call (the sampler's time inside `startTrials` included).
struct TimedStorage: StudyStorage {
    let base: any StudyStorage
    let account: TimeAccount

    private func timed<T>(_ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        defer { account.add(storage: (ContinuousClock.now - start).seconds) }
        return try await body()
    }

    func createStudy(_ study: StudyRecord) async throws {
        try await timed { try await base.createStudy(study) }
    }
    func study(named name: String) async throws -> StudyRecord? {
        try await timed { try await base.study(named: name) }
    }
    func studySummaries() async throws -> [StudySummary] {
        try await timed { try await base.studySummaries() }
    }
    func deleteStudy(named name: String) async throws {
        try await timed { try await base.deleteStudy(named: name) }
    }
    func trials(of study: String) async throws -> [TrialRecord] {
        try await timed { try await base.trials(of: study) }
    }
    func trial(_ number: Int, of study: String) async throws -> TrialRecord {
        try await timed { try await base.trial(number, of: study) }
    }
    func trialChanges(of study: String, after revision: Int64?) async throws -> TrialChanges {
        try await timed { try await base.trialChanges(of: study, after: revision) }
    }
    func startTrials(
        _ count: Int, in study: String, owner: TrialOwner?,
        suggest: @Sendable (Int, StudyHistory) throws -> [Configuration]
    ) async throws -> [TrialRecord] {
        try await timed {
            try await base.startTrials(count, in: study, owner: owner, suggest: suggest)
        }
    }
    func enqueueTrial(in study: String, configuration: Configuration, attributes: [String: String])
        async throws -> TrialRecord
    {
        try await timed {
            try await base.enqueueTrial(
                in: study, configuration: configuration, attributes: attributes)
        }
    }
    func finishTrial(_ number: Int, of study: String, as completion: TrialCompletion) async throws
        -> TrialRecord
    {
        try await timed { try await base.finishTrial(number, of: study, as: completion) }
    }
    func recordIntermediateValue(_ value: Double, step: Int, trial number: Int, of study: String)
        async throws
    {
        try await timed {
            try await base.recordIntermediateValue(value, step: step, trial: number, of: study)
        }
    }
    func recordHeartbeat(trials numbers: [Int], of study: String) async throws {
        try await timed { try await base.recordHeartbeat(trials: numbers, of: study) }
    }
    func failStaleTrials(of study: String, staleAfter: Duration) async throws -> [TrialRecord] {
        try await timed { try await base.failStaleTrials(of: study, staleAfter: staleAfter) }
    }
    func now() async throws -> Date {
        try await timed { try await base.now() }
    }
    var artifacts: any ArtifactStore { base.artifacts }
    func close() async throws {
        try await base.close()
    }
}

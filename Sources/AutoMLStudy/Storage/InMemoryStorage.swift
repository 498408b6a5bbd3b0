import AutoMLSearchSpace
import Foundation

/// A storage that lives as long as the process: for tests, notebooks and throwaway studies.
///
/// An actor, so every method is atomic with respect to the others; trial numbers, the waiting
/// queue and running-only finishes follow the ``StudyStorage`` rules exactly as the database
/// storages do. Its clock is the process's.
public actor InMemoryStorage: StudyStorage {
    private struct Entry {
        var record: StudyRecord
        /// Trial `i` has number `i`.
        var trials: [TrialRecord] = []
        /// The revision of each trial's last change.
        var revisions: [Int64] = []
        var revision: Int64 = 0

        mutating func touch(_ number: Int) {
            revision += 1
            revisions[number] = revision
        }
    }

    private var studies: [String: Entry] = [:]
    private var isClosed = false
    /// Artifacts by study, trial and name.
    private var artifactItems: [String: [Int: [String: Data]]] = [:]

    public init() {}

    public nonisolated var artifacts: any ArtifactStore { self }

    public func now() -> Date { Date() }

    public func close() {
        isClosed = true
    }

    public func createStudy(_ study: StudyRecord) throws {
        try checkOpen()
        try StudyRecord.validate(name: study.name)
        guard studies[study.name] == nil else { throw StudyError.studyExists(name: study.name) }
        studies[study.name] = Entry(record: study)
    }

    public func study(named name: String) throws -> StudyRecord? {
        try checkOpen()
        return studies[name]?.record
    }

    public func studySummaries() throws -> [StudySummary] {
        try checkOpen()
        return studies.values.sorted { $0.record.name < $1.record.name }.map {
            StudySummary($0.record, trials: $0.trials)
        }
    }

    public func deleteStudy(named name: String) throws {
        try checkOpen()
        guard studies.removeValue(forKey: name) != nil else {
            throw StudyError.studyNotFound(name: name)
        }
        artifactItems.removeValue(forKey: name)
    }

    public func trials(of study: String) throws -> [TrialRecord] {
        try entry(study).trials
    }

    public func trialChanges(of study: String, after revision: Int64?) throws -> TrialChanges {
        let entry = try entry(study)
        let changed = entry.trials.indices.filter { entry.revisions[$0] > (revision ?? -1) }
        return TrialChanges(revision: entry.revision, trials: changed.map { entry.trials[$0] })
    }

    public func trial(_ number: Int, of study: String) throws -> TrialRecord {
        let trials = try entry(study).trials
        guard trials.indices.contains(number) else {
            throw StudyError.trialNotFound(study: study, number: number)
        }
        return trials[number]
    }

    public func startTrials(
        _ count: Int, in study: String, owner: TrialOwner?,
        suggest: @Sendable (Int, StudyHistory) throws -> [Configuration]
    ) throws -> [TrialRecord] {
        var entry = try entry(study)
        guard count > 0 else { return [] }
        let now = Date()
        var started: [TrialRecord] = []
        for index in entry.trials.indices where entry.trials[index].state == .waiting {
            guard started.count < count else { break }
            entry.trials[index].state = .running
            entry.trials[index].owner = owner
            entry.trials[index].startedAt = now
            entry.trials[index].heartbeatAt = now
            entry.touch(index)
            started.append(entry.trials[index])
        }
        if started.count < count {
            let history = StudyHistory(directions: entry.record.directions, trials: entry.trials)
            let suggested = try suggest(count - started.count, history).prefix(
                count - started.count)
            for configuration in suggested {
                let trial = TrialRecord(
                    number: entry.trials.count, configuration: configuration, startedAt: now,
                    owner: owner, heartbeatAt: now)
                entry.trials.append(trial)
                entry.revisions.append(0)
                entry.touch(trial.number)
                started.append(trial)
            }
        }
        studies[study] = entry
        return started
    }

    public func enqueueTrial(
        in study: String, configuration: Configuration, attributes: [String: String]
    ) throws -> TrialRecord {
        var entry = try entry(study)
        let trial = TrialRecord(
            number: entry.trials.count, state: .waiting, configuration: configuration,
            attributes: attributes, startedAt: Date())
        entry.trials.append(trial)
        entry.revisions.append(0)
        entry.touch(trial.number)
        studies[study] = entry
        return trial
    }

    public func finishTrial(_ number: Int, of study: String, as completion: TrialCompletion) throws
        -> TrialRecord
    {
        var entry = try entry(study)
        guard entry.trials.indices.contains(number) else {
            throw StudyError.trialNotFound(study: study, number: number)
        }
        let running = entry.trials[number]
        guard running.state == .running else {
            throw StudyError.trialNotRunning(study: study, number: number, state: running.state)
        }
        var trial = running.finished(as: completion)
        trial.finishedAt = Date()
        entry.trials[number] = trial
        entry.touch(number)
        studies[study] = entry
        return trial
    }

    public func recordIntermediateValue(
        _ value: Double, step: Int, trial number: Int, of study: String
    ) throws {
        var entry = try entry(study)
        guard entry.trials.indices.contains(number) else {
            throw StudyError.trialNotFound(study: study, number: number)
        }
        guard entry.trials[number].state == .running else {
            throw StudyError.trialNotRunning(
                study: study, number: number, state: entry.trials[number].state)
        }
        entry.trials[number].intermediateValues[step] = value
        entry.touch(number)
        studies[study] = entry
    }

    public func recordHeartbeat(trials numbers: [Int], of study: String) throws {
        var entry = try entry(study)
        let now = Date()
        for number in numbers
        where entry.trials.indices.contains(number) && entry.trials[number].state == .running {
            entry.trials[number].heartbeatAt = now
            entry.touch(number)
        }
        studies[study] = entry
    }

    public func failStaleTrials(of study: String, staleAfter: Duration) throws -> [TrialRecord] {
        let now = Date()
        var failed: [TrialRecord] = []
        for trial in try entry(study).trials {
            guard let reason = trial.abandonment(staleAfter: staleAfter, now: now) else { continue }
            failed.append(try finishTrial(trial.number, of: study, as: .failed(reason)))
        }
        return failed
    }

    public func importTrials(_ trials: [TrialRecord], into study: String) throws -> [TrialRecord] {
        var entry = try entry(study)
        let stored = TrialImport.renumbered(trials, from: entry.trials.count)
        for trial in stored {
            entry.trials.append(trial)
            entry.revisions.append(0)
            entry.touch(trial.number)
        }
        studies[study] = entry
        return stored
    }

    /// Sets a trial's heartbeat to `date` (tests of staleness, which cannot wait minutes).
    package func backdateHeartbeat(trial number: Int, of study: String, to date: Date) throws {
        var entry = try entry(study)
        guard entry.trials.indices.contains(number) else {
            throw StudyError.trialNotFound(study: study, number: number)
        }
        entry.trials[number].heartbeatAt = date
        entry.touch(number)
        studies[study] = entry
    }

    private func checkOpen() throws {
        if isClosed {
            throw StudyError.invalidArgument(
                name: "storage", value: "closed", expected: "an open storage (it was closed)")
        }
    }

    private func entry(_ study: String) throws -> Entry {
        try checkOpen()
        guard let entry = studies[study] else { throw StudyError.studyNotFound(name: study) }
        return entry
    }
}

extension InMemoryStorage: ArtifactStore {
    public func put(_ data: Data, named name: String, trial: Int, of study: String) throws {
        guard try entry(study).trials.indices.contains(trial) else {
            throw StudyError.trialNotFound(study: study, number: trial)
        }
        artifactItems[study, default: [:]][trial, default: [:]][name] = data
    }

    public func artifact(named name: String, trial: Int, of study: String) throws -> Data? {
        _ = try entry(study)
        return artifactItems[study]?[trial]?[name]
    }

    public func artifacts(named name: String, of study: String, trials: [Int]?) throws -> [Int:
        Data]
    {
        _ = try entry(study)
        var result: [Int: Data] = [:]
        for (trial, entries) in artifactItems[study] ?? [:] {
            if let trials, !trials.contains(trial) { continue }
            if let data = entries[name] { result[trial] = data }
        }
        return result
    }

    public func deleteArtifacts(named name: String, of study: String, except kept: Set<Int>) throws
        -> Int
    {
        _ = try entry(study)
        var deleted = 0
        for trial in (artifactItems[study] ?? [:]).keys where !kept.contains(trial) {
            if artifactItems[study]?[trial]?.removeValue(forKey: name) != nil { deleted += 1 }
        }
        return deleted
    }

    public func summary(of study: String) throws -> [String: ArtifactSummary] {
        _ = try entry(study)
        var result: [String: ArtifactSummary] = [:]
        for entries in (artifactItems[study] ?? [:]).values {
            for (name, data) in entries {
                result[name, default: ArtifactSummary(count: 0, bytes: 0)].count += 1
                result[name, default: ArtifactSummary(count: 0, bytes: 0)].bytes += data.count
            }
        }
        return result
    }
}

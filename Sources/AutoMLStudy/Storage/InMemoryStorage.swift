import AutoMLSearchSpace
import Foundation

/// A storage that lives as long as the process: for tests, notebooks and throwaway studies.
///
/// An actor, so every method is atomic with respect to the others; trial numbers and
/// running-only finishes follow the ``StudyStorage`` rules exactly as the database storages do.
public actor InMemoryStorage: StudyStorage {
    private struct Entry {
        var record: StudyRecord
        var trials: [TrialRecord] = []
    }

    private var studies: [String: Entry] = [:]

    public init() {}

    public func createStudy(_ study: StudyRecord) throws {
        try StudyRecord.validate(name: study.name)
        guard studies[study.name] == nil else { throw StudyError.studyExists(name: study.name) }
        studies[study.name] = Entry(record: study)
    }

    public func study(named name: String) -> StudyRecord? {
        studies[name]?.record
    }

    public func studySummaries() -> [StudySummary] {
        studies.values.sorted { $0.record.name < $1.record.name }.map {
            StudySummary($0.record, trials: $0.trials)
        }
    }

    public func deleteStudy(named name: String) throws {
        guard studies.removeValue(forKey: name) != nil else {
            throw StudyError.studyNotFound(name: name)
        }
    }

    public func trials(of study: String) throws -> [TrialRecord] {
        try entry(study).trials
    }

    public func trial(_ number: Int, of study: String) throws -> TrialRecord {
        let trials = try entry(study).trials
        guard trials.indices.contains(number) else {
            throw StudyError.trialNotFound(study: study, number: number)
        }
        return trials[number]
    }

    public func startTrials(
        in study: String, owner: TrialOwner?,
        suggest: @Sendable (StudyHistory) throws -> [Configuration]
    ) throws -> [TrialRecord] {
        var entry = try entry(study)
        let history = StudyHistory(directions: entry.record.directions, trials: entry.trials)
        let now = Date()
        let started = try suggest(history).enumerated().map { offset, configuration in
            TrialRecord(
                number: entry.trials.count + offset, configuration: configuration, startedAt: now,
                owner: owner,
                heartbeatAt: now)
        }
        entry.trials += started
        studies[study] = entry
        return started
    }

    public func finishTrial(_ number: Int, of study: String, as completion: TrialCompletion) throws
        -> TrialRecord
    {
        var entry = try entry(study)
        guard entry.trials.indices.contains(number) else {
            throw StudyError.trialNotFound(study: study, number: number)
        }
        var trial = entry.trials[number]
        guard trial.state == .running else {
            throw StudyError.trialNotRunning(study: study, number: number, state: trial.state)
        }
        trial.state = completion.state
        trial.values = completion.state == .complete ? completion.values : nil
        trial.metrics.merge(completion.metrics) { _, new in new }
        trial.failureReason = completion.failureReason
        trial.finishedAt = completion.finishedAt
        entry.trials[number] = trial
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
        studies[study] = entry
    }

    public func recordHeartbeat(trials numbers: [Int], of study: String, at date: Date) throws {
        var entry = try entry(study)
        for number in numbers
        where entry.trials.indices.contains(number) && entry.trials[number].state == .running {
            entry.trials[number].heartbeatAt = date
        }
        studies[study] = entry
    }

    private func entry(_ study: String) throws -> Entry {
        guard let entry = studies[study] else { throw StudyError.studyNotFound(name: study) }
        return entry
    }
}

import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import Foundation

/// `automl ask` and `automl tell` as library calls: any program, in any language, drives the
/// study by asking for a trial, evaluating it, and telling the result.
///
/// Trials handed out this way have no owner process (the asking command exits at once), so
/// they are never marked abandoned: tell them failed if they are given up.
public enum AskTellWorkflow {
    /// Starts one trial (creating the study from `request` when it does not exist yet).
    /// - Returns: the trial's number and parameters.
    public static func ask(_ request: StudySession.Request) async throws -> TrialRecord {
        var request = request
        request.owner = nil
        request.attributes["objective"] = request.attributes["objective"] ?? "ask-and-tell"
        return try await request.storage.withStorage { storage in
            let session = try await StudySession.open(request, in: storage)
            let trial = try await session.study.ask()
            return try await storage.trial(trial.number, of: session.study.name)
        }
    }

    /// How a told trial ended.
    public enum Result: Sendable, Equatable {
        /// One value per direction.
        case values([Double])
        case failed(reason: String)
    }

    /// Finishes trial `number` of study `name` in `storage`.
    /// - Returns: the trial as stored.
    /// - Throws: `StudyError` (unknown study or trial, already finished, wrong value count).
    /// - Parameter force: tell a trial even while the process running it is alive.
    /// - Throws: `StudyError` (unknown study or trial, already finished, wrong value count,
    ///   ``StudyError/trialOwnedByLiveProcess(study:number:owner:)`` without `force`).
    public static func tell(
        study name: String, storage location: StorageLocation, trial number: Int, result: Result,
        metrics: [String: Double] = [:], force: Bool = false
    ) async throws -> TrialRecord {
        try location.requireExisting()
        return try await location.withStorage { storage in
            guard let record = try await storage.study(named: name) else {
                throw StudyError.studyNotFound(name: name)
            }
            let trial = try await storage.trial(number, of: name)
            if !force,
                trial.isOwnedByLiveProcess(staleAfter: .seconds(300), now: try await storage.now()),
                let owner = trial.owner
            {
                throw StudyError.trialOwnedByLiveProcess(
                    study: name, number: number, owner: owner.description)
            }
            // Telling needs no sampler; the study's own is built only to fill the slot.
            let sampler: any Sampler =
                (try? SamplerCatalog.sampler(record.sampler)) ?? RandomSampler()
            let study = Study(record: record, storage: storage, sampler: sampler, owner: nil)
            switch result {
            case .values(let values):
                return try await study.tell(number, values: values, metrics: metrics)
            case .failed(let reason):
                return try await study.tell(number, failed: reason, metrics: metrics)
            }
        }
    }
}

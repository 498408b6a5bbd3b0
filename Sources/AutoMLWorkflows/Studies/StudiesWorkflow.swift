import AutoMLData
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import Foundation

/// `automl studies list | show | export | delete` and `automl enqueue` as library calls.
///
/// `list`, `show` and `export` open the storage read-only: they never create, migrate or lock
/// a file, so they are safe on a study another process is writing and on a read-only file.
public enum StudiesWorkflow {
    /// An export format.
    public enum Format: String, Sendable, CaseIterable {
        case json, csv
    }

    /// One summary per study in the storage, by name.
    public static func list(_ location: StorageLocation) async throws -> [StudySummary] {
        // A database that does not exist holds no study; opening it would create the file.
        guard location.exists else { return [] }
        return try await location.withStorage(readOnly: true) { try await $0.studySummaries() }
    }

    /// The study called `name` with all its trials.
    /// - Throws: `StudyError.studyNotFound`.
    public static func export(_ name: String, in location: StorageLocation) async throws
        -> StudyExport
    {
        try await location.withStorage(readOnly: true) { storage in
            guard let study = try await storage.study(named: name) else {
                throw StudyError.studyNotFound(name: name)
            }
            return StudyExport(study: study, trials: try await storage.trials(of: name))
        }
    }

    /// The export of study `name` in `format`, as bytes.
    public static func export(_ name: String, in location: StorageLocation, format: Format)
        async throws -> Data
    {
        let export = try await export(name, in: location)
        switch format {
        case .json: return try export.json() + Data("\n".utf8)
        case .csv: return Data(export.csv().utf8)
        }
    }

    /// Writes the export to `path` atomically (a temporary file, then a rename).
    /// - Returns: the number of trials written.
    @discardableResult
    public static func export(
        _ name: String, in location: StorageLocation, format: Format, to path: String
    ) async throws
        -> Int
    {
        _ = try OutputPath.check(path, protecting: location.files)
        let export = try await export(name, in: location)
        let data: Data
        switch format {
        case .json: data = try export.json() + Data("\n".utf8)
        case .csv: data = Data(export.csv().utf8)
        }
        try AtomicFile.write(data, to: path, protecting: location.files)
        return export.trials.count
    }

    /// Deletes study `name` and its trials.
    /// - Returns: how many trials it had.
    @discardableResult
    /// - Parameter force: delete even while live processes run trials of the study.
    /// - Throws: ``StudyError/studyInUse(name:trials:owners:)`` without `force`.
    public static func delete(_ name: String, in location: StorageLocation, force: Bool = false)
        async throws -> Int
    {
        // Opening a missing file for writing would create it.
        guard location.exists else {
            throw StorageError.cannotOpen(
                path: location.description,
                reason:
                    "no such database file; studies are stored where `tune` or `ask` created them")
        }
        return try await location.withStorage { storage in
            let trials = try await storage.trials(of: name)
            let now = try await storage.now()
            let live = trials.filter {
                $0.isOwnedByLiveProcess(staleAfter: .seconds(300), now: now)
            }
            if !force, !live.isEmpty {
                throw StudyError.studyInUse(
                    name: name, trials: live.map(\.number),
                    owners: live.compactMap { $0.owner?.description })
            }
            try await storage.deleteStudy(named: name)
            return trials.count
        }
    }

    /// Enqueues `configuration` in study `name` (`automl enqueue`): the next ask of any process
    /// runs it first.
    /// - Returns: the waiting trial.
    /// - Throws: `StudyError.studyNotFound`, `StudyError.invalidArgument` for a configuration
    ///   outside the study's space.
    public static func enqueue(
        _ configuration: AutoMLSearchSpace.Configuration, in name: String,
        location: StorageLocation,
        attributes: [String: String] = [:]
    ) async throws -> TrialRecord {
        try await location.withStorage { storage in
            guard let record = try await storage.study(named: name) else {
                throw StudyError.studyNotFound(name: name)
            }
            let study = Study(record: record, storage: storage, sampler: NoSampler(), owner: nil)
            var attributes = attributes
            attributes[.source] = attributes[.source] ?? "user"
            return try await study.enqueue(configuration, attributes: attributes)
        }
    }
}

/// The sampler slot of a study value that only enqueues or tells.
private struct NoSampler: Sampler {
    var name: String { "none" }
    func suggest(_ count: Int, in space: SearchSpace, history: StudyHistory) throws
        -> [AutoMLSearchSpace.Configuration]
    {
        []
    }
}

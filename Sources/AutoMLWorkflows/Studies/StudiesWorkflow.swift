import AutoMLData
import AutoMLStorage
import AutoMLStudy
import Foundation

/// `automl studies list | show | export | delete` as library calls.
public enum StudiesWorkflow {
    /// An export format.
    public enum Format: String, Sendable, CaseIterable {
        case json, csv
    }

    /// One summary per study in the storage, by name.
    public static func list(_ location: StorageLocation) async throws -> [StudySummary] {
        // A database that does not exist holds no study; opening it would create the file.
        guard location.exists else { return [] }
        return try await location.open().studySummaries()
    }

    /// The study called `name` with all its trials.
    /// - Throws: `StudyError.studyNotFound`.
    public static func report(_ name: String, in location: StorageLocation) async throws
        -> StudyReport
    {
        let storage = try openExisting(location)
        guard let study = try await storage.study(named: name) else {
            throw StudyError.studyNotFound(name: name)
        }
        return StudyReport(study: study, trials: try await storage.trials(of: name))
    }

    /// The export of study `name` in `format`, as bytes.
    public static func export(_ name: String, in location: StorageLocation, format: Format)
        async throws -> Data
    {
        let report = try await report(name, in: location)
        switch format {
        case .json: return try report.json() + Data("\n".utf8)
        case .csv: return Data(report.csv().utf8)
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
        let report = try await report(name, in: location)
        let data: Data
        switch format {
        case .json: data = try report.json() + Data("\n".utf8)
        case .csv: data = Data(report.csv().utf8)
        }
        try AtomicFile.write(data, to: path)
        return report.trials.count
    }

    /// The storage, refusing a SQLite path that does not exist (a typo would otherwise create
    /// an empty database and report the study as missing).
    private static func openExisting(_ location: StorageLocation) throws -> any StudyStorage {
        guard location.exists else {
            throw StorageError.cannotOpen(
                path: location.description,
                reason: "no such database file; studies are stored where `tune` or `ask` created them")
        }
        return try location.open()
    }

    /// Deletes study `name` and its trials.
    /// - Returns: how many trials it had.
    @discardableResult
    public static func delete(_ name: String, in location: StorageLocation) async throws -> Int {
        let storage = try openExisting(location)
        let count = try await storage.trials(of: name).count
        try await storage.deleteStudy(named: name)
        return count
    }
}

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
        try await location.open().studySummaries()
    }

    /// The study called `name` with all its trials.
    /// - Throws: `StudyError.studyNotFound`.
    public static func report(_ name: String, in location: StorageLocation) async throws
        -> StudyReport
    {
        let storage = try location.open()
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

    /// Deletes study `name` and its trials.
    /// - Returns: how many trials it had.
    @discardableResult
    public static func delete(_ name: String, in location: StorageLocation) async throws -> Int {
        let storage = try location.open()
        let count = try await storage.trials(of: name).count
        try await storage.deleteStudy(named: name)
        return count
    }
}

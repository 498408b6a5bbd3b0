import AutoMLData
import AutoMLStudy
import Foundation

/// The output phase of `tune --data --out DIR`: `model.json` (the deployable model),
/// `summary.json` (the report) and `study.json` (the study and its trials), each written
/// atomically.
public struct ModelSearchOutput: Sendable {
    /// The files a search writes into its folder.
    public static let files = ["model.json", "summary.json", "study.json"]

    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Checks the folder before the search starts (so a bad `--out` fails in a second, not after
    /// the budget).
    /// - Throws: `DataError` for a folder that cannot take the files.
    public func prepare() throws {
        try OutputFolder.prepare(directory, files: Self.files)
    }

    /// Writes the three files.
    public func write(model: ModelArtifact, report: ModelSearchReport, study: StudyExport) throws {
        // Checked again: the folder may have been moved or filled during a long search.
        try OutputFolder.prepare(directory, files: Self.files)
        try model.write(to: directory + "/model.json")
        try AtomicFile.write(try report.json(), to: directory + "/summary.json")
        try AtomicFile.write(try study.json() + Data("\n".utf8), to: directory + "/study.json")
    }
}

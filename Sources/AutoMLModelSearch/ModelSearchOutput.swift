import AutoMLData
import AutoMLStudy
import Foundation

/// The output phase of `tune --data --out DIR`: `model.json` (the deployable model),
/// `summary.json` (the report) and `study.json` (the study and its trials), each written
/// atomically, never over one of the run's inputs (the data, the study database).
public struct ModelSearchOutput: Sendable {
    /// The files a search writes into its folder.
    public static let files = ["model.json", "summary.json", "study.json"]

    public var directory: String
    /// Files the run reads, which no output may replace.
    public var inputs: [String]

    public init(directory: String, protecting inputs: [String] = []) {
        self.directory = directory
        self.inputs = inputs
    }

    /// Checks the folder before the search starts (so a bad `--out` fails in a second, not after
    /// the budget).
    /// - Returns: whether the folder was created (the caller removes it again, empty, when the
    ///   run fails before writing).
    /// - Throws: `DataError` for a folder that cannot take the files.
    @discardableResult
    public func prepare() throws -> Bool {
        try OutputFolder.prepare(directory, files: Self.files, protecting: inputs)
    }

    /// Writes the three files.
    public func write(model: ModelArtifact, report: ModelSearchReport, study: StudyExport) throws {
        // Checked again: the folder may have been moved or filled during a long search.
        try OutputFolder.prepare(directory, files: Self.files, protecting: inputs)
        let encoded = [
            ("model.json", try model.jsonData()), ("summary.json", try report.json()),
            ("study.json", try study.json() + Data("\n".utf8)),
        ]
        for (name, data) in encoded {
            try AtomicFile.write(
                data, to: (directory as NSString).appendingPathComponent(name), protecting: inputs)
        }
    }
}

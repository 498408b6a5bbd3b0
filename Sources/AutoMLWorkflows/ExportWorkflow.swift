import AutoMLData
import AutoMLModelSearch
import AutoMLProfiles
import AutoMLStorage
import AutoMLStudy
import Foundation

/// `automl export --study S --out DIR` as a library call: the four production profiles of a
/// model search, each fitted on all the study's data, measured, and written as
/// `DIR/<profile>.json` (docs/profiles.md).
///
/// The storage is opened read-only. The data is the file the study was tuned on (its `data`
/// attribute) or the one given; it is refused when its content differs from the study's
/// (the `data_hash` attribute).
public struct ExportWorkflow: Sendable {
    public var study: String
    public var storage: StorageLocation
    public var outputDirectory: String
    /// The score tolerance of the profiles; `nil`: one standard error of the best.
    public var tolerance: Double?
    /// The data file; `nil`: the study's `data` attribute.
    public var dataPath: String?
    public var csvOptions: CSVOptions

    public init(
        study: String, storage: StorageLocation, outputDirectory: String, tolerance: Double? = nil,
        dataPath: String? = nil, csvOptions: CSVOptions = .standard
    ) {
        self.study = study
        self.storage = storage
        self.outputDirectory = outputDirectory
        self.tolerance = tolerance
        self.dataPath = dataPath
        self.csvOptions = csvOptions
    }

    /// Builds and writes the profiles.
    /// - Returns: the profiles with their deployable models.
    /// - Throws: `StudyError.studyNotFound`, ``ProfileError`` (no candidates, other data),
    ///   data and storage errors.
    @discardableResult
    public func run() async throws -> [ProfileBuilder.Built] {
        let inputs = storage.files + (dataPath.map { [$0] } ?? [])
        let created = try OutputFolder.prepare(
            outputDirectory, files: ProfileKind.allCases.map(\.fileName), protecting: inputs)
        do {
            return try await export(protecting: inputs)
        } catch {
            if created { OutputFolder.removeIfEmpty(outputDirectory) }
            throw error
        }
    }

    private func export(protecting inputs: [String]) async throws -> [ProfileBuilder.Built] {
        let (front, record, trials) = try await storage.withStorage(readOnly: true) { storage in
            guard let record = try await storage.study(named: study) else {
                throw StudyError.studyNotFound(name: study)
            }
            guard record.attributes["objective"] == "model" else {
                throw ProfileError.noCandidates(
                    study: study,
                    reason: "it is not a model search (`tune --data`); profiles are made of models")
            }
            return (
                try await TradeOffFront.load(from: storage, study: study), record,
                try await storage.trials(of: study)
            )
        }
        let dataset = try StudyDataset.load(for: record, path: dataPath, options: csvOptions)
        let builder = ProfileBuilder(
            front: front, dataset: dataset, modelTrials: trials, study: study,
            storage: storage.description,
            metric: record.attributes["metric"] ?? "", seed: record.sampler.seed ?? 0,
            defaultFamily: record.attributes["default_family"])
        let built = try builder.build(tolerance: tolerance)
        try ProfileBuilder.write(
            built.map(\.profile), to: outputDirectory,
            protecting: inputs + [record.attributes["data"] ?? ""])
        return built
    }
}

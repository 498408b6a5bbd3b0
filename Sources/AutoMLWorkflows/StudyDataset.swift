import AutoMLData
import AutoMLProfiles
import AutoMLStudy
import Foundation

/// The dataset a model study was tuned on, for the commands that come back to it (`export`,
/// `ablate`, `refine`): read from the path given or the study's `data` attribute, and refused
/// when its content differs from the study's (`data_hash`).
enum StudyDataset {
    /// - Throws: ``ProfileError/dataMismatch(file:problem:remedy:)`` when the file is missing or
    ///   holds other data; CSV and data errors.
    static func load(for record: StudyRecord, path: String?, options: CSVOptions) throws -> Dataset
    {
        guard let path = path ?? record.attributes["data"] else {
            throw ProfileError.dataMismatch(
                file: record.name, problem: "the study does not say which data it was tuned on",
                remedy: "give --data FILE")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ProfileError.dataMismatch(
                file: path, problem: "the data study '\(record.name)' was tuned on is not there",
                remedy: "give --data with the path of that file")
        }
        let table = try CSVReader.read(contentsOf: path, options: options)
        let task = record.attributes["task"].flatMap(LearningTask.init(rawValue:))
        let dataset = try Dataset(
            table: table, targetName: record.attributes["target"] ?? "target", task: task)
        if let stored = record.attributes["data_hash"] {
            let hash = DatasetFingerprint(dataset).contentHash
            guard hash == stored else {
                throw ProfileError.dataMismatch(
                    file: path,
                    problem:
                        "its content (\(hash)) is not the data study '\(record.name)' was tuned on (\(stored))",
                    remedy: "give --data with the file the study was tuned on")
            }
        }
        return dataset
    }
}

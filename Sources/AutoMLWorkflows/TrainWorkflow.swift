import AutoMLData
import AutoMLModelSearch
import AutoMLProfiles
import Foundation

/// `automl train --profile FILE --data train.csv --target COL --out model.json` as a library
/// call: fits a profile's pipeline on the data and writes the model atomically.
public struct TrainWorkflow: Sendable {
    public var profilePath: String
    public var dataPath: String
    /// The target column; `nil`: the profile's.
    public var targetName: String?
    public var outputPath: String
    public var csvOptions: CSVOptions

    public init(
        profilePath: String, dataPath: String, targetName: String?, outputPath: String,
        csvOptions: CSVOptions = .standard
    ) {
        self.profilePath = profilePath
        self.dataPath = dataPath
        self.targetName = targetName
        self.outputPath = outputPath
        self.csvOptions = csvOptions
    }

    /// What training did.
    public struct Result: Sendable {
        public var profile: ProductionProfile
        public var model: ModelArtifact
        public var rows: Int
        public var fitSeconds: Double
    }

    /// Fits and writes the model.
    /// - Throws: ``ProfileError`` for a profile that breaks the schema or data whose columns
    ///   or types do not match the profile's (named), data errors.
    @discardableResult
    public func run() throws -> Result {
        _ = try OutputPath.check(outputPath, protecting: [profilePath, dataPath])
        let profile = try ProductionProfile.load(contentsOf: profilePath)
        let table = try CSVReader.read(contentsOf: dataPath, options: csvOptions)
        let target = targetName ?? profile.dataset.target
        let dataset = try Dataset(table: table, targetName: target, task: profile.dataset.task)
        if let problem = profile.dataset.columnMismatch(with: DatasetFingerprint(dataset)) {
            throw ProfileError.dataMismatch(
                file: dataPath, problem: problem,
                remedy:
                    "give data with the columns the profile was made on (\(profile.dataset.columns.map(\.name).joined(separator: ", ")))"
            )
        }
        let clock = ContinuousClock()
        let start = clock.now
        let model = try profile.pipeline.fit(on: dataset, seed: profile.seed)
        let seconds = (clock.now - start).seconds
        try model.write(to: outputPath, protecting: [profilePath, dataPath])
        return Result(profile: profile, model: model, rows: dataset.rowCount, fitSeconds: seconds)
    }
}

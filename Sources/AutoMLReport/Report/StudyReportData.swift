import AutoMLAblation
import AutoMLModelSearch
import AutoMLProfiles
import AutoMLStudy
import Foundation

/// Everything a report draws: the study and its trials as one read of the storage, the
/// model search's ensemble study when there is one, and the files given beside it (profiles,
/// an ablation report, a validation report).
///
/// ``load(from:study:storage:)`` only reads: it calls the storage's read methods (a storage
/// opened read-only serves them without any lock a writer waits on).
public struct StudyReportData: Sendable {
    public var study: StudyRecord
    /// Every trial of the study, in number order.
    public var trials: [TrialRecord]
    /// The ensemble study of a model search (`NAME.ensembles`), when it exists.
    public var ensembles: EnsembleStudy?
    /// Where the study was read from (`sqlite:automl.db`).
    public var storage: String
    /// When it was read, by the storage's clock.
    public var readAt: Date
    /// The production profiles given with `--profiles` (any of the four), in profile order.
    public var profiles: [ProductionProfile]
    /// Where the profiles were read from.
    public var profilesDirectory: String?
    /// The ablation report given with `--ablation` (or found beside the report).
    public var ablation: AblationReport?
    public var ablationPath: String?
    /// The rows of `automl validate --json`.
    public var validation: [ValidationRow]?
    public var validationPath: String?
    /// The budget of the run that wrote the report (`tune --report`); a study does not store
    /// its runs' budgets.
    public var budget: String?

    /// An ensemble study and the ensembles its complete trials stored.
    public struct EnsembleStudy: Sendable {
        public var study: StudyRecord
        public var trials: [TrialRecord]
        /// ``EnsembleRecord`` of each complete trial that stored one, by trial number.
        public var records: [Int: EnsembleRecord]

        public init(study: StudyRecord, trials: [TrialRecord], records: [Int: EnsembleRecord]) {
            self.study = study
            self.trials = trials
            self.records = records
        }
    }

    public init(
        study: StudyRecord, trials: [TrialRecord], ensembles: EnsembleStudy? = nil,
        storage: String = "", readAt: Date = Date(), profiles: [ProductionProfile] = [],
        ablation: AblationReport? = nil, validation: [ValidationRow]? = nil, budget: String? = nil
    ) {
        self.study = study
        self.trials = trials
        self.ensembles = ensembles
        self.storage = storage
        self.readAt = readAt
        self.profiles = profiles
        self.ablation = ablation
        self.validation = validation
        self.budget = budget
    }

    /// Reads study `name`, its trials and, for a model search, its ensemble study.
    /// - Throws: `StudyError.studyNotFound`, the storage's errors.
    public static func load(
        from storage: any StudyStorage, study name: String, storage label: String
    )
        async throws -> StudyReportData
    {
        guard let study = try await storage.study(named: name) else {
            throw StudyError.studyNotFound(name: name)
        }
        let trials = try await storage.trials(of: name)
        var ensembles: EnsembleStudy?
        let ensembleName = EnsembleSearchPhase.studyName(for: name)
        if study.attributes["objective"] == "model",
            let ensembleStudy = try await storage.study(named: ensembleName)
        {
            let ensembleTrials = try await storage.trials(of: ensembleName)
            let complete = ensembleTrials.filter { $0.state == .complete }.map(\.number)
            let stored =
                complete.isEmpty
                ? [:]
                : try await storage.artifacts.artifacts(
                    named: EnsembleRecord.artifactName, of: ensembleName, trials: complete)
            var records: [Int: EnsembleRecord] = [:]
            for (number, data) in stored {
                // A record this build cannot read is left out of the leaderboard, not fatal.
                if let record = try? EnsembleRecord(jsonData: data) { records[number] = record }
            }
            ensembles = EnsembleStudy(
                study: ensembleStudy, trials: ensembleTrials, records: records)
        }
        let now = (try? await storage.now()) ?? Date()
        return StudyReportData(
            study: study, trials: trials, ensembles: ensembles, storage: label, readAt: now)
    }

    /// Reads the files given beside the study into the data.
    /// - Parameters:
    ///   - profilesDirectory: a folder of profile files (`automl export --out`); any of the four
    ///     that exist are read.
    ///   - ablationPath: `automl ablate --json`'s output; it must be of this study.
    ///   - validationPath: `automl validate --json`'s output.
    /// - Throws: ``ReportError``, `ProfileError` for a profile that breaks the schema.
    public mutating func attach(
        profilesDirectory: String? = nil, ablationPath: String? = nil,
        validationPath: String? = nil
    ) throws {
        if let profilesDirectory {
            var profiles: [ProductionProfile] = []
            for kind in ProfileKind.allCases {
                let path = (profilesDirectory as NSString).appendingPathComponent(kind.fileName)
                guard FileManager.default.fileExists(atPath: path) else { continue }
                profiles.append(try ProductionProfile.load(contentsOf: path))
            }
            guard !profiles.isEmpty else {
                throw ReportError.noProfiles(directory: profilesDirectory)
            }
            self.profiles = profiles
            self.profilesDirectory = profilesDirectory
        }
        if let ablationPath {
            let report = try Self.decode(
                AblationReport.self, from: ablationPath, expected: "an ablation report")
            guard report.study == study.name else {
                throw ReportError.otherStudy(
                    path: ablationPath, study: report.study, expected: study.name)
            }
            ablation = report
            self.ablationPath = ablationPath
        }
        if let validationPath {
            validation = try Self.decode(
                [ValidationRow].self, from: validationPath, expected: "a validation report")
            self.validationPath = validationPath
        }
    }

    /// The ablation report of this study at `path`, if the file exists and is one; anything
    /// else (no file, another study, another format) is `nil`.
    public func ablation(ifFoundAt path: String) -> AblationReport? {
        guard FileManager.default.fileExists(atPath: path),
            let report = try? Self.decode(AblationReport.self, from: path, expected: ""),
            report.study == study.name
        else { return nil }
        return report
    }

    private static func decode<T: Decodable>(_ type: T.Type, from path: String, expected: String)
        throws -> T
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReportError.unreadableFile(
                path: path, expected: expected, reason: "no such file, or it cannot be read")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw ReportError.unreadableFile(
                path: path, expected: expected, reason: Self.describe(error))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not JSON" : "bad value at \(path(context.codingPath))"
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)'"
                + (context.codingPath.isEmpty ? "" : " in \(path(context.codingPath))")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value at \(path(context.codingPath))"
        @unknown default:
            return "unexpected content"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

/// One row of `automl validate --json`: a metric, its target in words, what was achieved and
/// whether the target holds (`null` without a target).
public struct ValidationRow: Sendable, Codable, Equatable {
    public var metric: String
    public var target: String?
    public var achieved: Double
    public var pass: Bool?

    public init(metric: String, target: String?, achieved: Double, pass: Bool?) {
        self.metric = metric
        self.target = target
        self.achieved = achieved
        self.pass = pass
    }
}

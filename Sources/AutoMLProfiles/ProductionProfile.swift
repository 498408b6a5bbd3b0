import AutoMLData
import AutoMLModelSearch
import AutoMLSearchSpace
import AutoMLStudy
import Foundation

/// One production profile: which pipeline to deploy for one trade-off, why it was chosen, and
/// what it was measured to cost — the JSON file `automl export` writes and `automl train`
/// reads. docs/profile.schema.json is its JSON Schema (``ProfileSchema``); every profile read
/// is checked against it first, so an edited profile that breaks it is refused naming the
/// field.
public struct ProductionProfile: Sendable, Codable {
    /// The format version this build writes and reads.
    public static let formatVersion = 1

    public var version: Int
    public var profile: ProfileKind
    public var rule: Rule
    public var pipeline: PipelineSpecification
    public var metrics: ProfileMetrics
    public var dataset: DatasetFingerprint
    /// The seed the pipeline is fitted with.
    public var seed: UInt64
    public var study: StudyReference
    public var automlVersion: String

    /// The selection rule and its tolerance.
    public struct Rule: Sendable, Codable, Equatable {
        /// The profile's name.
        public var name: ProfileKind
        /// The rule in one sentence.
        public var description: String
        /// The score tolerance in the metric's units.
        public var tolerance: Double
        /// `one_standard_error` or `given`.
        public var toleranceSource: String

        public init(
            name: ProfileKind, description: String, tolerance: Double, toleranceSource: String
        ) {
            self.name = name
            self.description = description
            self.tolerance = tolerance
            self.toleranceSource = toleranceSource
        }

        private enum CodingKeys: String, CodingKey {
            case name, description, tolerance
            case toleranceSource = "tolerance_source"
        }
    }

    /// The study the profile was selected from.
    public struct StudyReference: Sendable, Codable, Equatable {
        public var name: String
        public var storage: String
        /// `model` or `ensemble`.
        public var candidate: String
        /// The trial in the model study (single) or in the ensemble study (ensemble).
        public var trial: Int

        public init(name: String, storage: String, candidate: String, trial: Int) {
            self.name = name
            self.storage = storage
            self.candidate = candidate
            self.trial = trial
        }
    }

    private enum CodingKeys: String, CodingKey {
        case version, profile, rule, pipeline, metrics, dataset, seed, study
        case automlVersion = "automl_version"
    }

    public init(
        profile: ProfileKind, rule: Rule, pipeline: PipelineSpecification, metrics: ProfileMetrics,
        dataset: DatasetFingerprint, seed: UInt64, study: StudyReference
    ) {
        version = Self.formatVersion
        self.profile = profile
        self.rule = rule
        self.pipeline = pipeline
        self.metrics = metrics
        self.dataset = dataset
        self.seed = seed
        self.study = study
        automlVersion = AutoMLVersion.current
    }

    /// The profile as pretty JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Reads a profile: checks it against the schema, then decodes it.
    /// - Throws: ``ProfileError/invalidProfile(file:line:field:problem:)`` naming the field and
    ///   line that break the schema, ``ProfileError/unreadable(file:reason:)``.
    public init(jsonData data: Data, source: String) throws(ProfileError) {
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: source, reason: "not UTF-8 text")
        }
        let document: DocumentNode
        do { document = try JSONDocumentReader.read(text, file: source) } catch {
            throw .unreadable(file: source, reason: "not valid JSON: \(error.description)")
        }
        if let violation = ProfileSchema.validator.firstViolation(of: document) {
            throw .invalidProfile(
                file: source, line: violation.line, field: violation.path,
                problem: violation.problem)
        }
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            self = try decoder.decode(ProductionProfile.self, from: data)
        } catch let error as DecodingError {
            throw .invalidProfile(
                file: source, line: nil, field: "the profile", problem: error.plainDescription)
        } catch {
            throw .invalidProfile(
                file: source, line: nil, field: "the profile", problem: "\(error)")
        }
        guard version <= Self.formatVersion else {
            throw .invalidProfile(
                file: source, line: nil, field: "version",
                problem:
                    "is \(version), newer than this build reads (up to \(Self.formatVersion)); upgrade automl"
            )
        }
    }

    /// Reads a profile file.
    public static func load(contentsOf path: String) throws(ProfileError) -> ProductionProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(file: path, reason: "no such file (or it cannot be read)")
        }
        return try ProductionProfile(jsonData: data, source: path)
    }
}

/// What a profile's deployable model was measured to do. The score is the candidate's CV
/// score (the only unbiased estimate); the rest is measured on the model fitted on all the
/// training data.
public struct ProfileMetrics: Sendable, Codable, Equatable {
    public var score: Double
    public var scoreStd: Double?
    /// The CV metric (`accuracy`, `rmse`, …).
    public var metric: String
    public var latencyP50Seconds: Double
    public var latencyP99Seconds: Double
    public var throughputRowsPerSecond: Double
    public var modelBytes: Int
    /// Peak resident memory while loading the model from its JSON and predicting a batch.
    public var peakMemoryBytes: Double
    /// Seconds to fit the pipeline on all the training data.
    public var fitSeconds: Double

    public init(
        score: Double, scoreStd: Double?, metric: String, latencyP50Seconds: Double,
        latencyP99Seconds: Double,
        throughputRowsPerSecond: Double, modelBytes: Int, peakMemoryBytes: Double,
        fitSeconds: Double
    ) {
        self.score = score
        self.scoreStd = scoreStd
        self.metric = metric
        self.latencyP50Seconds = latencyP50Seconds
        self.latencyP99Seconds = latencyP99Seconds
        self.throughputRowsPerSecond = throughputRowsPerSecond
        self.modelBytes = modelBytes
        self.peakMemoryBytes = peakMemoryBytes
        self.fitSeconds = fitSeconds
    }

    private enum CodingKeys: String, CodingKey {
        case score, metric
        case scoreStd = "score_std"
        case latencyP50Seconds = "latency_p50_seconds"
        case latencyP99Seconds = "latency_p99_seconds"
        case throughputRowsPerSecond = "throughput_rows_per_second"
        case modelBytes = "model_bytes"
        case peakMemoryBytes = "peak_memory_bytes"
        case fitSeconds = "fit_seconds"
    }
}

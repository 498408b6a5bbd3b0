import AutoMLData
import AutoMLEnsemble
import AutoMLLearners
import AutoMLStudy
import Foundation

/// A deployable model: what `automl tune --out` writes to `model.json`, what `automl train`
/// writes from a profile, and what `predict` and `validate` read. One type for a single
/// pipeline and an ensemble of pipelines, told apart by an explicit `kind`.
///
/// File format version 2:
///
/// ```json
/// {"version": 2, "kind": "single", "automl_version": "0.2.0", "pipeline": {…}}
/// {"version": 2, "kind": "ensemble", "automl_version": "0.2.0", "ensemble": {…}}
/// ```
///
/// Version 1 files (automl 0.1) are read too: a bare pipeline (no `kind`: documented default
/// `single`) or a bare ensemble (`"kind": "ensemble"`). A newer version is refused, naming the
/// highest supported.
public enum ModelArtifact: Sendable {
    case single(Pipeline)
    case ensemble(EnsemblePipeline)

    /// The file format version this build writes.
    public static let formatVersion = 2

    /// What the artifact holds.
    public enum Kind: String, Sendable, Codable {
        case single, ensemble
    }

    public var kind: Kind {
        switch self {
        case .single: return .single
        case .ensemble: return .ensemble
        }
    }

    private struct Header: Decodable {
        var version: Int?
        var kind: Kind?
    }

    private struct Envelope<Body: Codable>: Codable {
        var version: Int
        var kind: Kind
        var automlVersion: String?
        var body: Body

        init(kind: Kind, body: Body) {
            version = ModelArtifact.formatVersion
            self.kind = kind
            automlVersion = AutoMLVersion.current
            self.body = body
        }

        private enum CodingKeys: String, CodingKey {
            case version, kind, pipeline, ensemble
            case automlVersion = "automl_version"
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            version = try container.decode(Int.self, forKey: .version)
            kind = try container.decode(Kind.self, forKey: .kind)
            automlVersion = try container.decodeIfPresent(String.self, forKey: .automlVersion)
            body = try container.decode(Body.self, forKey: kind == .single ? .pipeline : .ensemble)
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(version, forKey: .version)
            try container.encode(kind, forKey: .kind)
            try container.encodeIfPresent(automlVersion, forKey: .automlVersion)
            try container.encode(body, forKey: kind == .single ? .pipeline : .ensemble)
        }
    }

    /// Reads a model from its JSON.
    /// - Throws: ``ModelSearchError/modelFile(path:reason:)`` naming `source` when the data is
    ///   not JSON, of a newer version, of an unknown family or damaged.
    public init(jsonData data: Data, source: String) throws(ModelSearchError) {
        do {
            let header = try JSONDecoder().decode(Header.self, from: data)
            let version = header.version ?? 1
            guard version >= 1 else {
                throw LearnerError.unreadableModel(
                    reason:
                        "'version' is \(version); model files have versions 1 to \(Self.formatVersion)"
                )
            }
            guard version <= Self.formatVersion else {
                throw LearnerError.unsupportedVersion(found: version, supported: Self.formatVersion)
            }
            switch (version, header.kind ?? .single) {
            case (2, .single):
                self = .single(try JSONDecoder().decode(Envelope<Pipeline>.self, from: data).body)
            case (2, .ensemble):
                self = .ensemble(
                    try JSONDecoder().decode(Envelope<EnsemblePipeline>.self, from: data).body)
            case (_, .single):
                self = .single(try Pipeline(jsonData: data))
            case (_, .ensemble):
                self = .ensemble(try JSONDecoder().decode(EnsemblePipeline.self, from: data))
            }
        } catch let error as LearnerError {
            throw .modelFile(path: source, reason: error.description)
        } catch let error as DataError {
            throw .modelFile(path: source, reason: error.description)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw .modelFile(path: source, reason: Self.syntaxProblem(in: data) + ".")
        } catch let error as DecodingError {
            throw .modelFile(path: source, reason: error.plainDescription + ".")
        } catch {
            throw .modelFile(path: source, reason: "\(error)")
        }
    }

    /// Why `data` is not JSON, in plain words (`JSONDecoder` only says that it is not).
    private static func syntaxProblem(in data: Data) -> String {
        if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            return "the file is empty"
        }
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            if let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String {
                let trimmed = detail.hasSuffix(".") ? String(detail.dropLast()) : detail
                return "not valid JSON (\(trimmed.prefix(1).lowercased() + trimmed.dropFirst()))"
            }
        }
        return "not valid JSON"
    }

    /// Reads a model file.
    /// - Throws: ``ModelSearchError/modelFile(path:reason:)`` for a folder, a missing file or
    ///   unusable content.
    public static func load(contentsOf path: String) throws(ModelSearchError) -> ModelArtifact {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            throw .modelFile(path: path, reason: "it is a folder, not a file.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .modelFile(path: path, reason: "no such file (or it cannot be read).")
        }
        return try ModelArtifact(jsonData: data, source: path)
    }

    /// The model as JSON (format ``formatVersion``, keys sorted).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        // Unescaped slashes: base64 matrices hold one in 64 characters.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch self {
        case .single(let pipeline):
            return try encoder.encode(Envelope(kind: .single, body: pipeline))
        case .ensemble(let ensemble):
            return try encoder.encode(Envelope(kind: .ensemble, body: ensemble))
        }
    }

    /// Writes the model atomically, never over one of `inputs`.
    public func write(to path: String, protecting inputs: [String] = []) throws {
        try AtomicFile.write(try jsonData(), to: path, protecting: inputs)
    }

    public var targetName: String {
        switch self {
        case .single(let p): return p.targetName
        case .ensemble(let e): return e.targetName
        }
    }

    public var classes: [String] {
        switch self {
        case .single(let p): return p.classes
        case .ensemble(let e): return e.classes
        }
    }

    /// What in `features` the model cannot take as it was trained (text in numeric features,
    /// unseen categories), checked before predicting; an ensemble's first member stands for all
    /// (every member is trained on the same columns).
    public func inputIssues(in features: Table) -> InputIssues {
        switch self {
        case .single(let p): return p.preprocessor.encoder.inputIssues(in: features)
        case .ensemble(let e):
            return e.members.first?.preprocessor.encoder.inputIssues(in: features) ?? InputIssues()
        }
    }

    /// Predictions for the rows of `features`.
    public func predict(_ features: Table) throws -> Prediction {
        switch self {
        case .single(let p): return try p.predict(features)
        case .ensemble(let e): return try e.predict(features)
        }
    }

    /// Bytes of fitted parameters (what a deployment holds in memory, an estimate).
    public var parameterBytes: Int {
        switch self {
        case .single(let p): return p.model.parameterBytes
        case .ensemble(let e): return e.parameterBytes
        }
    }

    /// The serving cost of the model on rows of `sample`: latency, throughput and the bytes of
    /// its JSON (see ``PredictionCost``).
    /// - Throws: what prediction throws.
    public func cost(on sample: Table, timing: PredictionCost.Timing = .deployment) throws
        -> PredictionCost
    {
        try PredictionCost.measure(
            { try predict($0) }, on: sample, modelBytes: try jsonData().count, timing: timing)
    }
}

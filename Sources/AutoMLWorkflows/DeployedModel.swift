import AutoMLData
import AutoMLEnsemble
import AutoMLLearners
import Foundation

/// What `automl tune` writes to `model.json` and `automl predict` reads: a single pipeline or an
/// ensemble of pipelines.
public enum DeployedModel: Sendable {
    case single(Pipeline)
    case ensemble(EnsemblePipeline)

    private struct Kind: Decodable { var kind: String? }

    /// Reads a model file.
    /// - Throws: ``LearnerError`` naming the file when it is missing, not JSON, of a newer
    ///   version or of an unknown family.
    public static func load(contentsOf path: String) throws -> DeployedModel {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ModelFileError(path: path, reason: "it is a folder, not a file.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.fileNotFound(path: path)
        }
        do {
            let kind = try? JSONDecoder().decode(Kind.self, from: data)
            if kind?.kind == "ensemble" {
                return .ensemble(try JSONDecoder().decode(EnsemblePipeline.self, from: data))
            }
            return .single(try Pipeline(jsonData: data))
        } catch let error as LearnerError {
            throw ModelFileError(path: path, reason: error.description)
        } catch let error as DecodingError {
            throw ModelFileError(path: path, reason: error.plainDescription + ".")
        } catch {
            throw ModelFileError(path: path, reason: "\(error)")
        }
    }

    /// The model as JSON.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        switch self {
        case .single(let pipeline): return try pipeline.jsonData()
        case .ensemble(let ensemble): return try encoder.encode(ensemble)
        }
    }

    /// Writes the model atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(try jsonData(), to: path)
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

    /// Predictions for the rows of `features`.
    public func predict(_ features: Table) throws -> Prediction {
        switch self {
        case .single(let p): return try p.predict(features)
        case .ensemble(let e): return try e.predict(features)
        }
    }

    /// Bytes of fitted parameters.
    public var parameterBytes: Int {
        switch self {
        case .single(let p): return p.model.parameterBytes
        case .ensemble(let e): return e.parameterBytes
        }
    }
}

/// A model file that cannot be used.
public struct ModelFileError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var reason: String
    public var description: String {
        "\(path): \(reason) Give a model.json written by `automl tune --out DIR`."
    }
}

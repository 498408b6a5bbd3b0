import AutoMLData
import AutoMLNumerics
import Foundation

/// A trained model together with its preprocessing: takes a raw feature ``Table`` and returns
/// predictions with class names, so nothing else has to be carried to deployment.
///
/// Serializes to versioned JSON (`formatVersion`); a newer version is refused with the highest
/// supported one named.
public struct Pipeline: Sendable {
    /// The current JSON format version.
    public static let formatVersion = 1

    /// The fitted preprocessing.
    public let preprocessor: Preprocessor
    /// The fitted model.
    public let model: any Model
    /// The target's name and class names (empty for regression).
    public let targetName: String
    public let classes: [String]

    /// Fits preprocessing and `learner` on `dataset`.
    public static func fit<L: Learner>(
        _ learner: L, on dataset: Dataset, preprocessing: PreprocessorSettings = .init(),
        seed: UInt64 = 0
    ) throws(LearnerError) -> Pipeline {
        let preprocessor: Preprocessor
        let matrix: Matrix
        do {
            (preprocessor, matrix) = try Preprocessor.fitTransform(
                dataset.features, settings: preprocessing)
        } catch {
            throw .data(error)
        }
        let model = try learner.fit(
            TrainingData(features: matrix, target: dataset.target), seed: seed)
        return Pipeline(
            preprocessor: preprocessor, model: model, targetName: dataset.targetName,
            classes: dataset.target.classes)
    }

    public init(preprocessor: Preprocessor, model: any Model, targetName: String, classes: [String])
    {
        self.preprocessor = preprocessor
        self.model = model
        self.targetName = targetName
        self.classes = classes
    }

    /// Predictions for the rows of `features` (extra columns, such as the target, are ignored).
    public func predict(_ features: Table) throws(LearnerError) -> Prediction {
        let matrix: Matrix
        do { matrix = try preprocessor.transform(features) } catch { throw .data(error) }
        return try model.predict(matrix)
    }

    /// Predicted labels as class names (classification) or numbers as text (regression).
    public func predictedTexts(_ features: Table) throws(LearnerError) -> [String] {
        switch try predict(features) {
        case .classes(let labels, _): return labels.map { classes[$0] }
        case .values(let values): return values.map { "\($0)" }
        }
    }

    // MARK: JSON

    fileprivate struct Envelope<M: Model>: Codable {
        var version: Int?
        var family: String
        var targetName: String
        var classes: [String]
        var preprocessor: Preprocessor
        var model: M
    }

    fileprivate struct Header: Decodable {
        var version: Int?
        var family: String?
    }

    /// The pipeline as JSON.
    public func jsonData() throws(LearnerError) -> Data {
        let encoder = JSONEncoder()
        // Unescaped slashes: base64 matrices hold one in 64 characters.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(self) } catch { throw .unreadableModel(reason: "\(error)") }
    }

    /// Reads a pipeline written by ``jsonData()``.
    public init(jsonData data: Data) throws(LearnerError) {
        do {
            self = try JSONDecoder().decode(Pipeline.self, from: data)
        } catch let error as LearnerError {
            throw error
        } catch let error as DataError {
            throw .data(error)
        } catch let error as DecodingError {
            throw .unreadableModel(reason: error.plainDescription)
        } catch {
            throw .unreadableModel(reason: "\(error)")
        }
    }
}

extension Pipeline: Codable {
    public func encode(to encoder: Encoder) throws {
        func encode<M: Model>(_ model: M) throws {
            try Envelope(
                version: Self.formatVersion, family: M.familyName, targetName: targetName,
                classes: classes,
                preprocessor: preprocessor, model: model
            ).encode(to: encoder)
        }
        try encode(model)
    }

    public init(from decoder: Decoder) throws {
        let header = try Header(from: decoder)
        let version = header.version ?? 1
        guard version <= Self.formatVersion else {
            throw LearnerError.unsupportedVersion(found: version, supported: Self.formatVersion)
        }
        guard let family = header.family else {
            throw LearnerError.unreadableModel(reason: "the key 'family' is missing")
        }
        guard let type = ModelRegistry.modelType(named: family) else {
            throw LearnerError.unreadableModel(reason: "unknown model family '\(family)'")
        }
        func decode<M: Model>(_ type: M.Type) throws -> Pipeline {
            let envelope = try Envelope<M>(from: decoder)
            return Pipeline(
                preprocessor: envelope.preprocessor, model: envelope.model,
                targetName: envelope.targetName,
                classes: envelope.classes)
        }
        let pipeline = try decode(type)
        if let problem = pipeline.classProblem {
            throw LearnerError.unreadableModel(reason: problem)
        }
        self = pipeline
    }

    /// Why a classifier's class names do not fit its model, or `nil` when they do. Checked when
    /// a pipeline is read, so that a damaged file cannot make prediction size its probability
    /// matrix by a count the file made up, nor predict a label without a name.
    var classProblem: String? {
        guard model.task == .classification else { return nil }
        let count = model.classCount
        guard count >= 1, count == classes.count else {
            return "'classes' lists \(classes.count) class names but the model predicts "
                + "\(count) classes (\(type(of: model).familyName))"
        }
        // Predictions are written with one column per class name, so two names cannot be one.
        var seen = Set<String>()
        if let repeated = classes.first(where: { !seen.insert($0).inserted }) {
            return "'classes' lists the class name '\(repeated)' twice"
        }
        return nil
    }
}

extension Pipeline {
    /// Fits preprocessing and a learner picked at run time on `dataset`.
    public static func fit(
        _ learner: AnyLearner, on dataset: Dataset, preprocessing: PreprocessorSettings = .init(),
        seed: UInt64 = 0
    ) throws(LearnerError) -> Pipeline {
        let preprocessor: Preprocessor
        let matrix: Matrix
        do {
            (preprocessor, matrix) = try Preprocessor.fitTransform(
                dataset.features, settings: preprocessing)
        } catch {
            throw .data(error)
        }
        let model = try learner.fit(
            TrainingData(features: matrix, target: dataset.target), seed: seed)
        return Pipeline(
            preprocessor: preprocessor, model: model, targetName: dataset.targetName,
            classes: dataset.target.classes)
    }
}

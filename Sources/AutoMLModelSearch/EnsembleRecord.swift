import AutoMLEnsemble
import Foundation

/// A built ensemble as an ensemble trial stores it (artifact ``artifactName``): which model
/// trials it combines, with which weights and combiner, and how it scored. Enough to deploy it
/// later (fit the members' configurations on all the data, keep the combiner) without
/// rebuilding it from predictions that may since have been deleted.
public struct EnsembleRecord: Sendable, Codable {
    /// The artifact name.
    public static let artifactName = "ensemble"

    public var settings: EnsembleSettings
    /// Model trial numbers, in the order the combiner expects their predictions.
    public var memberTrials: [Int]
    public var weights: [Double]
    public var combiner: Combiner
    public var score: Double
    public var scoreStandardDeviation: Double?
    /// "greedy of 3 members (#4 ×0.52, …)".
    public var summary: String

    public init(_ ensemble: Ensemble) {
        settings = ensemble.settings
        memberTrials = ensemble.memberIDs
        weights = ensemble.weights
        combiner = ensemble.combiner
        score = ensemble.score
        scoreStandardDeviation = ensemble.scoreStandardDeviation
        summary = ensemble.description
    }

    private enum CodingKeys: String, CodingKey {
        case settings, weights, combiner, score, summary
        case memberTrials = "member_trials"
        case scoreStandardDeviation = "score_std"
    }

    /// The stored form.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// Reads the stored form.
    public init(jsonData data: Data) throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        self = try decoder.decode(EnsembleRecord.self, from: data)
    }
}

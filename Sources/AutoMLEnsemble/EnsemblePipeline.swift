import AutoMLData
import AutoMLLearners
import Foundation

/// A deployable ensemble: member pipelines (each with its own preprocessing, fitted on all the
/// training data) and the ``Combiner`` that merges their predictions. Serializes to versioned
/// JSON with `"kind": "ensemble"`.
public struct EnsemblePipeline: Sendable, Codable {
    /// The current JSON format version.
    public static let formatVersion = 1

    public var version: Int
    /// Always `"ensemble"` (tells model files apart from single pipelines).
    public var kind: String
    /// One line for people, e.g. "greedy of 3 members (#4 ×0.52, …)".
    public var summary: String
    public var targetName: String
    public var classes: [String]
    public var members: [Pipeline]
    public var combiner: Combiner

    public init(summary: String, members: [Pipeline], combiner: Combiner) {
        self.version = Self.formatVersion
        self.kind = "ensemble"
        self.summary = summary
        self.targetName = members.first?.targetName ?? ""
        self.classes = members.first?.classes ?? []
        self.members = members
        self.combiner = combiner
    }

    /// The combined prediction for the rows of `features` (extra columns are ignored).
    public func predict(_ features: Table) throws -> Prediction {
        let predictions = try members.map { try $0.predict(features) }
        return try combiner.combine(predictions, classCount: classes.count)
    }

    /// The sum of the members' parameter bytes (and the meta-model's, for stacking).
    public var parameterBytes: Int {
        var total = members.reduce(0) { $0 + $1.model.parameterBytes }
        if case .stacked(let meta) = combiner { total += meta.model.parameterBytes }
        return total
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.formatVersion else {
            throw LearnerError.unsupportedVersion(found: version, supported: Self.formatVersion)
        }
        kind = try container.decode(String.self, forKey: .kind)
        summary = try container.decodeIfPresent(String.self, forKey: .summary) ?? ""
        targetName = try container.decode(String.self, forKey: .targetName)
        classes = try container.decode([String].self, forKey: .classes)
        members = try container.decode([Pipeline].self, forKey: .members)
        combiner = try container.decode(Combiner.self, forKey: .combiner)
        // Members fitted on one target share its class names; the combiner sizes its output
        // by them, so a damaged file must not get as far as predicting.
        guard !members.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: .members, in: container,
                debugDescription: "an ensemble needs at least one member")
        }
        if let index = members.firstIndex(where: { $0.classes != classes }) {
            throw DecodingError.dataCorruptedError(
                forKey: .members, in: container,
                debugDescription:
                    "member \(index) has the classes \(members[index].classes), not the "
                    + "ensemble's \(classes)")
        }
        if let problem = combiner.problem(memberCount: members.count, classCount: classes.count) {
            throw DecodingError.dataCorruptedError(
                forKey: .combiner, in: container, debugDescription: problem)
        }
    }
}

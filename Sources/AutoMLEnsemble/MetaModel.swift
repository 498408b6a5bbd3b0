import AutoMLData
import AutoMLLearners
import Foundation

/// A fitted stacking meta-model, serialized with its family name so any registered model type
/// can be read back (see ``ModelRegistry``).
public struct MetaModel: Sendable, Codable {
    public let model: any Model

    public init(_ model: any Model) {
        self.model = model
    }

    private enum CodingKeys: String, CodingKey { case family, model }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let family = try container.decode(String.self, forKey: .family)
        guard let type = ModelRegistry.modelType(named: family) else {
            throw DecodingError.dataCorruptedError(
                forKey: .family, in: container, debugDescription: "unknown model family '\(family)'"
            )
        }
        func decode<M: Model>(_ type: M.Type) throws -> any Model {
            try container.decode(M.self, forKey: .model)
        }
        model = try decode(type)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        func encode<M: Model>(_ model: M) throws {
            try container.encode(M.familyName, forKey: .family)
            try container.encode(model, forKey: .model)
        }
        try encode(model)
    }
}

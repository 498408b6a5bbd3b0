import Foundation

/// The JSON form of hyperparameters: snake_case keys (`tree_count`, `max_depth`), the same
/// names search-space files use. Missing keys take the family's defaults (see
/// ``HyperparameterCoding/decode(_:overriding:learner:)``).
public enum HyperparameterCoding {
    /// An encoder with snake_case keys and sorted output.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// A decoder matching ``encoder()``.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// `hyperparameters` as snake_case keys and JSON values (unset optionals are absent).
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` when a value
    ///   cannot be encoded.
    public static func values<H: Encodable>(_ hyperparameters: H, learner: String)
        throws(LearnerError) -> [String: HyperparameterValue]
    {
        do {
            let data = try encoder().encode(hyperparameters)
            return try JSONDecoder().decode([String: HyperparameterValue].self, from: data)
        } catch {
            throw .invalidHyperparameter(
                learner: learner, name: "(all)", expected: "encodable values", got: "\(error)")
        }
    }

    /// `defaults` with the keys of `overrides` replaced, decoded back. Unknown keys are refused
    /// so a typo in a search space does not pass silently.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)``.
    public static func decode<H: Codable>(
        _ defaults: H, overriding overrides: [String: HyperparameterValue], learner: String
    ) throws(LearnerError) -> H {
        var object = try values(defaults, learner: learner)
        let known = Set(object.keys).union(optionalKeys(of: defaults))
        for (key, value) in overrides {
            guard known.contains(key) else {
                throw .invalidHyperparameter(
                    learner: learner, name: key,
                    expected: "one of \(known.sorted().joined(separator: ", "))",
                    got: "an unknown hyperparameter")
            }
            object[key] = value
        }
        do {
            let data = try JSONEncoder().encode(object)
            return try decoder().decode(H.self, from: data)
        } catch {
            let name = overrides.keys.sorted().joined(separator: ", ")
            throw .invalidHyperparameter(
                learner: learner, name: name.isEmpty ? "(all)" : name,
                expected: "values of the right type",
                got: describe(error))
        }
    }

    /// Keys of optional properties that are `nil` in `value` (absent from its JSON).
    private static func optionalKeys<H>(of value: H) -> [String] {
        Mirror(reflecting: value).children.compactMap { child -> String? in
            guard let label = child.label else { return nil }
            let mirror = Mirror(reflecting: child.value)
            guard mirror.displayStyle == .optional else { return nil }
            return snakeCase(label.hasPrefix("_") ? String(label.dropFirst()) : label)
        }
    }

    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func describe(_ error: Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(let type, let context)?:
            return
                "a value that is not \(type) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .dataCorrupted(let context)?:
            return
                "\(context.debugDescription) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .valueNotFound(_, let context)?, .keyNotFound(_, let context)?:
            return
                "a missing value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default:
            return "\(error)"
        }
    }
}

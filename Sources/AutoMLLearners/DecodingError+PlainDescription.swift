import Foundation

extension DecodingError {
    /// The failure in plain words for a person reading a model file: which field, and what
    /// was wrong with it (not Foundation's debug dump).
    public var plainDescription: String {
        switch self {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not a JSON object (\(context.debugDescription))"
                : "\(Self.place(context.codingPath)) holds a bad value (\(Self.plain(context.debugDescription)))"
        case .keyNotFound(let key, let context):
            return "the key '\(key.stringValue)' is missing"
                + (context.codingPath.isEmpty ? "" : " in \(Self.place(context.codingPath))")
        case .typeMismatch(let type, let context):
            return "\(Self.place(context.codingPath)) should be \(Self.kind(type))"
                + (Self.found(in: context.debugDescription).map { ", not \($0)" } ?? "")
        case .valueNotFound(let type, let context):
            return "\(Self.place(context.codingPath)) is null where \(Self.kind(type)) is needed"
        @unknown default:
            return "\(self)"
        }
    }

    /// `'model.trees[0].children'`, or `the top level`.
    private static func place(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "the top level" }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return "'\(text)'"
    }

    /// Foundation's "Cannot initialize Kind from invalid String value weird" as "'weird' is not
    /// one of the allowed values"; other explanations (ours) as they are.
    private static func plain(_ explanation: String) -> String {
        let prefix = "Cannot initialize "
        guard explanation.hasPrefix(prefix), let range = explanation.range(of: " value ") else {
            return explanation
        }
        return "'\(explanation[range.upperBound...])' is not one of the allowed values"
    }

    /// What Foundation's "Expected to decode Int but found a string instead." says was found, in
    /// the words of ``kind(_:)``.
    private static func found(in explanation: String) -> String? {
        guard let start = explanation.range(of: "but found "),
            let end = explanation.range(
                of: " instead", range: start.upperBound..<explanation.endIndex)
        else { return nil }
        let thing = String(explanation[start.upperBound..<end.lowerBound])
        let words = [
            "an array": "a list", "a dictionary": "an object", "a string": "text",
            "a number": "a number", "a bool": "true or false", "null": "null",
        ]
        return words[thing] ?? thing
    }

    private static func kind(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "an object" }
        if name == "String" { return "text" }
        if ["Int", "Double", "Float", "UInt64", "Int64"].contains(name) { return "a number" }
        if name == "Bool" { return "true or false" }
        return name
    }
}

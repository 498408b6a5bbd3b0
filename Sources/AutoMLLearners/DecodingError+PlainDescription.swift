import Foundation

extension DecodingError {
    /// The failure in plain words for a person reading a model file: which field, and what
    /// was wrong with it (not Foundation's debug dump).
    public var plainDescription: String {
        switch self {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not a JSON object (\(context.debugDescription))"
                : "\(Self.place(context.codingPath)) holds a bad value (\(context.debugDescription))"
        case .keyNotFound(let key, let context):
            return "the key '\(key.stringValue)' is missing"
                + (context.codingPath.isEmpty ? "" : " in \(Self.place(context.codingPath))")
        case .typeMismatch(let type, let context):
            return
                "\(Self.place(context.codingPath)) should be \(Self.kind(type)) (\(context.debugDescription))"
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

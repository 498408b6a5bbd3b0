import AutoMLSearchSpace
import Foundation

/// Reads a search-space file for the study commands.
///
/// Interim loader for the JSON form of the search-space schema (docs/search-spaces.md), until
/// the search-space target's own loader (`SearchSpace.load(contentsOf:)`, YAML and JSON) is
/// in: then ``load(_:)`` becomes a call to it. The form read:
///
/// ```json
/// {"parameters": {
///   "x":      {"type": "float", "low": -5, "high": 10},
///   "lr":     {"type": "float", "low": 1e-4, "high": 1, "log": true},
///   "depth":  {"type": "int", "low": 1, "high": 12},
///   "kernel": {"type": "categorical", "choices": ["rbf", "linear"]},
///   "gamma":  {"type": "float", "low": 1e-3, "high": 10, "log": true, "when": {"kernel": ["rbf"]}}}}
/// ```
public enum SearchSpaceFile {
    /// The space in the file at `path`.
    /// - Throws: ``StudyWorkflowError/invalidSpace(path:reason:)`` naming the parameter at fault.
    public static func load(_ path: String) throws(StudyWorkflowError) -> SearchSpace {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidSpace(path: path, reason: "no such file; check the path")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any],
            let parameters = root["parameters"] as? [String: Any]
        else {
            throw .invalidSpace(
                path: path,
                reason: "expected a JSON object with a \"parameters\" object (YAML spaces need the search-space loader)")
        }
        // JSON objects carry no order: sort by name, then let the space put parents first.
        var list: [Parameter] = []
        for name in parameters.keys.sorted() {
            guard let spec = parameters[name] as? [String: Any], let type = spec["type"] as? String else {
                throw .invalidSpace(path: path, reason: "parameter '\(name)' needs a \"type\"")
            }
            list.append(Parameter(name: name, domain: try domain(name, type, spec, path), conditions: try conditions(name, spec, path)))
        }
        let names = Set(list.map(\.name))
        for parameter in list {
            for condition in parameter.conditions where !names.contains(condition.parent) {
                throw .invalidSpace(path: path, reason: "parameter '\(parameter.name)' depends on unknown parameter '\(condition.parent)'")
            }
        }
        return SearchSpace(unordered: list)
    }

    private static func domain(_ name: String, _ type: String, _ spec: [String: Any], _ path: String) throws(StudyWorkflowError) -> Domain {
        let log = spec["log"] as? Bool ?? false
        switch type {
        case "float":
            guard let low = number(spec["low"]), let high = number(spec["high"]), low <= high else {
                throw .invalidSpace(path: path, reason: "float parameter '\(name)' needs numbers low ≤ high")
            }
            if log && low <= 0 { throw .invalidSpace(path: path, reason: "log parameter '\(name)' needs low > 0") }
            return .float(low: low, high: high, log: log, step: number(spec["step"]))
        case "int":
            guard let low = number(spec["low"]).map(Int.init), let high = number(spec["high"]).map(Int.init), low <= high else {
                throw .invalidSpace(path: path, reason: "int parameter '\(name)' needs integers low ≤ high")
            }
            if log && low <= 0 { throw .invalidSpace(path: path, reason: "log parameter '\(name)' needs low > 0") }
            return .integer(low: low, high: high, log: log, step: number(spec["step"]).map(Int.init) ?? 1)
        case "categorical":
            guard let choices = spec["choices"] as? [Any], !choices.isEmpty else {
                throw .invalidSpace(path: path, reason: "categorical parameter '\(name)' needs a non-empty \"choices\" list")
            }
            return .categorical(try choices.map { (choice: Any) throws(StudyWorkflowError) -> ParameterValue in try value(choice, name, path) })
        case "fixed":
            guard let fixed = spec["value"] else { throw .invalidSpace(path: path, reason: "fixed parameter '\(name)' needs a \"value\"") }
            return .fixed(try value(fixed, name, path))
        default:
            throw .invalidSpace(path: path, reason: "parameter '\(name)' has unknown type '\(type)'; use float, int, categorical or fixed")
        }
    }

    private static func conditions(_ name: String, _ spec: [String: Any], _ path: String) throws(StudyWorkflowError) -> [Condition] {
        guard let when = spec["when"] else { return [] }
        guard let object = when as? [String: Any] else {
            throw .invalidSpace(path: path, reason: "\"when\" of '\(name)' must map parent names to lists of values")
        }
        var conditions: [Condition] = []
        for parent in object.keys.sorted() {
            let raw = object[parent] as? [Any] ?? [object[parent] as Any]
            var values: [ParameterValue] = []
            for item in raw { values.append(try value(item, name, path)) }
            conditions.append(Condition(parent: parent, values: values))
        }
        return conditions
    }

    private static func number(_ any: Any?) -> Double? {
        guard let number = any as? NSNumber, !isBoolean(number) else { return nil }
        return number.doubleValue
    }

    /// Whether JSONSerialization read `true`/`false` (`is Bool` also holds for 0 and 1 on Linux).
    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    private static func value(_ any: Any, _ name: String, _ path: String) throws(StudyWorkflowError) -> ParameterValue {
        if let text = any as? String { return .string(text) }
        if let number = any as? NSNumber {
            if isBoolean(number) { return .bool(number.boolValue) }
            let kind = String(cString: number.objCType)
            if kind != "d" && kind != "f" { return .integer(number.intValue) }  // written without a point
            return .real(number.doubleValue)
        }
        throw .invalidSpace(path: path, reason: "parameter '\(name)' has a value that is not a string, number or boolean")
    }
}

import AutoMLData
import AutoMLSearchSpace
import Foundation

/// Bounds a deployed model must meet (`automl validate --targets FILE`, `--target-min`,
/// `--target-max`): by metric name, a minimum, a maximum or both.
///
/// The file is a JSON object keyed by metric name, each with `min` and/or `max`:
/// `{"accuracy": {"min": 0.85}, "latency_p99_seconds": {"max": 0.15}}`. Names are the task's
/// score metrics (`accuracy`, `f1_macro`, `rmse`, …) and the measured costs
/// (``ValidationTargets/costMetrics``).
public struct ValidationTargets: Sendable, Equatable {
    /// One metric's bounds.
    public struct Bound: Sendable, Equatable {
        public var minimum: Double?
        public var maximum: Double?

        public init(minimum: Double? = nil, maximum: Double? = nil) {
            self.minimum = minimum
            self.maximum = maximum
        }

        /// Whether `value` meets the bound.
        public func admits(_ value: Double) -> Bool {
            guard value.isFinite else { return false }
            if let minimum, value < minimum { return false }
            if let maximum, value > maximum { return false }
            return true
        }

        /// `≥ 0.85`, `≤ 0.15`, `in [1, 2]`.
        public var description: String {
            switch (minimum, maximum) {
            case let (low?, high?): return "in [\(Self.format(low)), \(Self.format(high))]"
            case let (low?, nil): return "≥ " + Self.format(low)
            case let (nil, high?): return "≤ " + Self.format(high)
            case (nil, nil): return "—"
            }
        }

        static func format(_ x: Double) -> String {
            x.rounded() == x && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.6g", x)
        }
    }

    /// The cost metrics validate measures, besides the task's score metrics.
    public static let costMetrics = [
        "latency_p50_seconds", "latency_p99_seconds", "throughput_rows_per_second", "model_bytes",
        "peak_memory_bytes",
    ]

    /// Bounds by metric name.
    public var bounds: [String: Bound]

    public init(bounds: [String: Bound] = [:]) {
        self.bounds = bounds
    }

    /// The metric names valid for `task`.
    public static func names(for task: LearningTask) -> [String] {
        Metric.allCases.filter { $0.isClassification == (task == .classification) }.map(\.rawValue)
            + costMetrics
    }

    /// Reads a targets file.
    /// - Throws: ``ProfileError/unreadable(file:reason:)`` for a file that is not a JSON object of
    ///   objects, ``ProfileError/invalidTarget(source:metric:problem:)`` for a bound that is not a
    ///   number or an entry without `min` and `max`.
    public static func load(contentsOf path: String) throws(ProfileError) -> ValidationTargets {
        guard let data = FileManager.default.contents(atPath: path),
            let text = String(data: data, encoding: .utf8)
        else { throw .unreadable(file: path, reason: "no such file (or it cannot be read)") }
        let document: DocumentNode
        do { document = try JSONDocumentReader.read(text, file: path) } catch {
            throw .unreadable(file: path, reason: "not valid JSON: \(error.description)")
        }
        guard case .mapping(let entries) = document.kind else {
            throw .unreadable(
                file: path,
                reason:
                    "expected a JSON object keyed by metric name, e.g. {\"accuracy\": {\"min\": 0.85}}"
            )
        }
        var bounds: [String: Bound] = [:]
        for entry in entries {
            let source = "\(path):\(entry.line)"
            guard case .mapping(let limits) = entry.value.kind else {
                throw .invalidTarget(
                    source: source, metric: entry.key,
                    problem: "must be an object with min and/or max")
            }
            var bound = Bound()
            for limit in limits {
                let value: Double
                switch limit.value.kind {
                case .scalar(.integer(let x)): value = Double(x)
                case .scalar(.real(let x)) where x.isFinite: value = x
                default:
                    throw .invalidTarget(
                        source: "\(path):\(limit.line)", metric: entry.key,
                        problem: "has \(limit.key) \(limit.value.summary); give a finite number")
                }
                switch limit.key {
                case "min": bound.minimum = value
                case "max": bound.maximum = value
                default:
                    throw .invalidTarget(
                        source: "\(path):\(limit.line)", metric: entry.key,
                        problem: "has an unknown key '\(limit.key)'; use min and/or max")
                }
            }
            guard bound.minimum != nil || bound.maximum != nil else {
                throw .invalidTarget(
                    source: source, metric: entry.key, problem: "gives neither min nor max")
            }
            bounds[entry.key] = bound
        }
        return ValidationTargets(bounds: bounds)
    }

    /// Adds `name=value` bounds given on the command line (`--target-min`, `--target-max`).
    /// - Throws: ``ProfileError/invalidTarget(source:metric:problem:)`` for text that is not
    ///   `name=number`.
    public mutating func add(_ text: String, isMinimum: Bool) throws(ProfileError) {
        let flag = isMinimum ? "--target-min" : "--target-max"
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), value.isFinite
        else {
            throw .invalidTarget(
                source: flag, metric: text,
                problem: "must be written name=number, e.g. accuracy=0.85")
        }
        var bound = bounds[parts[0]] ?? Bound()
        if isMinimum { bound.minimum = value } else { bound.maximum = value }
        bounds[parts[0]] = bound
    }

    /// Checks that every name is one validate measures for `task`.
    /// - Throws: ``ProfileError/invalidTarget(source:metric:problem:)`` naming the first unknown.
    public func check(for task: LearningTask, source: String) throws(ProfileError) {
        let known = Self.names(for: task)
        for name in bounds.keys.sorted() where !known.contains(name) {
            throw .invalidTarget(
                source: source, metric: name,
                problem:
                    "is not measured for \(task.rawValue); use one of \(known.joined(separator: ", "))"
            )
        }
    }
}

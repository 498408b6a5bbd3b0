import Foundation

/// One constraint on one hyperparameter, stated as data so that every learner words its
/// violations alike ("random_forest: tree_count must be an integer ≥ 1; got 0.") and tests can
/// derive an invalid value from each rule.
///
/// Names are the snake_case JSON keys of the learner's `Hyperparameters` (as in search-space
/// files). A rule on a key whose value is absent or `null` (an optional left unset) passes.
public enum HyperparameterRule: Sendable, Equatable {
    /// An integer in `minimum...maximum` (no upper bound when `maximum` is nil).
    case integer(String, atLeast: Int, atMost: Int? = nil)
    /// A real number strictly above `above` / at least `atLeast`, and below / at most the upper
    /// bounds given.
    case real(
        String, above: Double? = nil, atLeast: Double? = nil, below: Double? = nil,
        atMost: Double? = nil)

    /// The key the rule checks.
    public var name: String {
        switch self {
        case .integer(let name, _, _), .real(let name, _, _, _, _): return name
        }
    }

    /// The allowed values in words, e.g. "an integer ≥ 1" or "a number in (0, 1]".
    public var expectation: String {
        switch self {
        case let .integer(_, low, high):
            if let high { return "an integer in [\(low), \(high)]" }
            return "an integer ≥ \(low)"
        case let .real(_, above, atLeast, below, atMost):
            let lowText = above.map { "> \(format($0))" } ?? atLeast.map { "≥ \(format($0))" }
            let highText = below.map { "< \(format($0))" } ?? atMost.map { "≤ \(format($0))" }
            switch (lowText, highText) {
            case let (low?, high?): return "a finite number \(low) and \(high)"
            case let (low?, nil): return "a finite number \(low)"
            case let (nil, high?): return "a finite number \(high)"
            case (nil, nil): return "a finite number"
            }
        }
    }

    /// Whether `value` (a JSON number) satisfies the rule.
    public func admits(_ value: Double) -> Bool {
        switch self {
        case let .integer(_, low, high):
            guard value.isFinite, value.rounded() == value else { return false }
            return value >= Double(low) && (high.map { value <= Double($0) } ?? true)
        case let .real(_, above, atLeast, below, atMost):
            guard value.isFinite else { return false }
            if let above, !(value > above) { return false }
            if let atLeast, !(value >= atLeast) { return false }
            if let below, !(value < below) { return false }
            if let atMost, !(value <= atMost) { return false }
            return true
        }
    }

    /// A value that breaks the rule (for tests).
    public var violatingValue: Double {
        switch self {
        case let .integer(_, low, high): return high.map { Double($0) + 1 } ?? Double(low) - 1
        case let .real(_, above, atLeast, below, atMost):
            if let above { return above }
            if let atLeast { return atLeast - 1 }
            if let below { return below }
            if let atMost { return atMost + 1 }
            return .nan
        }
    }
}

private func format(_ value: Double) -> String {
    value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
}

extension HyperparameterRule {
    /// Checks every rule against `hyperparameters`, encoded with snake_case keys.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` for the first
    ///   violated rule.
    public static func check<H: Encodable>(
        _ rules: [HyperparameterRule], on hyperparameters: H, learner: String
    )
        throws(LearnerError)
    {
        guard !rules.isEmpty else { return }
        let values = try HyperparameterCoding.values(hyperparameters, learner: learner)
        for rule in rules {
            guard let value = values[rule.name], value != .null else { continue }
            guard let number = value.number else {
                throw .invalidHyperparameter(
                    learner: learner, name: rule.name, expected: rule.expectation, got: "\(value)")
            }
            if !rule.admits(number) {
                throw .invalidHyperparameter(
                    learner: learner, name: rule.name, expected: rule.expectation,
                    got: format(number))
            }
        }
    }
}

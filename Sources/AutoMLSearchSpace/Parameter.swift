/// The values one parameter may take.
public enum Domain: Sendable, Equatable {
    /// A real in `low...high`; `log` samples and models it on a log scale (then `low > 0`);
    /// `step` quantizes it to `low + k·step`.
    case float(low: Double, high: Double, log: Bool, step: Double?)
    /// An integer in `low...high` in steps of `step` (default 1); `log` as for floats.
    case integer(low: Int, high: Int, log: Bool, step: Int)
    /// One of `choices` (unordered).
    case categorical([ParameterValue])
    /// Always `value` (kept in configurations, never searched).
    case fixed(ParameterValue)
}

/// When a conditional parameter is active: its `parent` takes one of `values`
/// (e.g. `gamma` only when `kernel` ∈ {rbf, poly}).
public struct Condition: Sendable, Equatable {
    public var parent: String
    public var values: [ParameterValue]

    public init(parent: String, values: [ParameterValue]) {
        self.parent = parent
        self.values = values
    }
}

/// One named parameter of a search space.
public struct Parameter: Sendable, Equatable {
    public var name: String
    public var domain: Domain
    /// All conditions must hold for the parameter to be active (several parents allowed).
    public var conditions: [Condition]

    public init(name: String, domain: Domain, conditions: [Condition] = []) {
        self.name = name
        self.domain = domain
        self.conditions = conditions
    }

    /// Whether the parameter is searched (fixed parameters are not).
    public var isSearched: Bool {
        if case .fixed = domain { return false }
        return true
    }
}

extension Parameter {
    /// The value at position `u ∈ [0, 1]` of the domain: linear or log interpolation for
    /// numbers (rounded to the step), the `⌊u·k⌋`-th choice for categoricals. Used by the random
    /// and Sobol samplers and to decode model-space points.
    public func value(atUnit u: Double) -> ParameterValue {
        let u = min(max(u.isFinite ? u : 0, 0), 1)
        switch domain {
        case let .float(low, high, log, step):
            var x: Double
            if log {
                x = (Foundation.log(low) + u * (Foundation.log(high) - Foundation.log(low))).exp
            } else {
                x = low + u * (high - low)
            }
            if let step, step > 0 {
                x = low + ((x - low) / step).rounded() * step
            }
            return .real(min(max(x, low), high))
        case let .integer(low, high, log, step):
            let stepCount = (high - low) / max(step, 1)
            var x: Double
            if log {
                // Widen by half a unit on each side so the end values are as likely as the others.
                let a = Foundation.log(
                    Double(low) - 0.5 + 1e-9 > 0 ? Double(low) - 0.5 : Double(low) * 0.5)
                let b = Foundation.log(Double(high) + 0.5)
                x = (a + u * (b - a)).exp
            } else {
                x = Double(low) - 0.5 + u * (Double(high - low) + 1)
            }
            let k = min(
                max(((x - Double(low)) / Double(max(step, 1))).rounded(), 0), Double(stepCount))
            return .integer(low + Int(k) * max(step, 1))
        case .categorical(let choices):
            let index = min(Int(u * Double(choices.count)), choices.count - 1)
            return choices[max(index, 0)]
        case .fixed(let value):
            return value
        }
    }

    /// The position in `[0, 1]` of a numeric `value` (inverse of ``value(atUnit:)`` for floats
    /// and integers; the choice's centre for categoricals). `nil` when the value does not belong.
    public func unit(of value: ParameterValue) -> Double? {
        switch domain {
        case let .float(low, high, log, _):
            guard let x = value.number, high > low else { return high == low ? 0.5 : nil }
            if log {
                return (Foundation.log(x) - Foundation.log(low))
                    / (Foundation.log(high) - Foundation.log(low))
            }
            return (x - low) / (high - low)
        case let .integer(low, high, log, _):
            guard let x = value.number else { return nil }
            if log {
                let a = Foundation.log(
                    Double(low) - 0.5 + 1e-9 > 0 ? Double(low) - 0.5 : Double(low) * 0.5)
                let b = Foundation.log(Double(high) + 0.5)
                return (Foundation.log(x) - a) / (b - a)
            }
            return (x - Double(low) + 0.5) / (Double(high - low) + 1)
        case .categorical(let choices):
            guard let index = choices.firstIndex(of: value) else { return nil }
            return (Double(index) + 0.5) / Double(choices.count)
        case .fixed:
            return 0.5
        }
    }

    /// Whether `value` is a legal value of the domain.
    public func admits(_ value: ParameterValue) -> Bool {
        switch domain {
        case let .float(low, high, _, _):
            guard let x = value.number else { return false }
            return x >= low && x <= high
        case let .integer(low, high, _, step):
            guard case .integer(let x) = value else { return false }
            return x >= low && x <= high && (x - low) % max(step, 1) == 0
        case .categorical(let choices):
            return choices.contains(value)
        case .fixed(let fixed):
            return fixed == value
        }
    }
}

import Foundation

extension Double {
    fileprivate var exp: Double { Foundation.exp(self) }
}

/// A map between the configurations of a ``SearchSpace`` and points of the unit cube `[0, 1]^D`,
/// the coordinates a Gaussian-process model works in.
///
/// Each searched parameter gets coordinates in dependency order:
/// - a `float` without a step: one **continuous** coordinate, `Parameter.unit(of:)` (linear, or
///   linear in the logarithm for `log: true`);
/// - an `int` or a stepped `float`: one **ordinal** coordinate, relaxed to the continuum for the
///   model and rounded to the nearest level on decoding (each level owns an equal slice of
///   `[0, 1]`; its centre is the level's encoding);
/// - a `categorical` with `k` choices: `k` **one-hot** coordinates, decoded by argmax;
/// - `fixed` parameters get none (they are emitted whenever active).
///
/// A parameter that is inactive in a configuration (its condition does not hold) has all its
/// coordinates at ``inactiveValue`` (0.5): a constant, so two configurations that both lack
/// the parameter do not differ in it, and the parent's own coordinates already tell the
/// model which branch a point is on. Decoding walks the parameters in dependency order and
/// emits only the active ones, so a decoded configuration always satisfies
/// `space.contains(_:)` (whatever point it came from).
public struct UnitCubeEncoding: Sendable, Equatable {
    /// What one coordinate stands for.
    public enum Coordinate: Sendable, Equatable {
        /// The position of a float parameter (index into `space.parameters`).
        case continuous(parameter: Int)
        /// The position of an integer or stepped float parameter with `levelCount` values.
        case ordinal(parameter: Int, levelCount: Int)
        /// Choice `choice` of a categorical parameter: 1 when chosen, 0 otherwise.
        case oneHot(parameter: Int, choice: Int)

        /// The index of the parameter in `space.parameters`.
        public var parameter: Int {
            switch self {
            case .continuous(let p), .ordinal(let p, _), .oneHot(let p, _): return p
            }
        }
    }

    /// The value every coordinate of an inactive parameter takes.
    public static let inactiveValue = 0.5

    /// The space encoded.
    public let space: SearchSpace
    /// One entry per coordinate, grouped by parameter in the space's order.
    public let coordinates: [Coordinate]
    /// For each parameter, the range of its coordinates (empty for fixed parameters).
    public let coordinateRanges: [Range<Int>]
    /// For each parameter, its conditions as (index of the parent, allowed values); a parent
    /// that is not in the space has index `nil` and makes the parameter never active.
    let conditions: [[(parent: Int?, values: [ParameterValue])]]
    /// Whether every coordinate is continuous and no parameter is conditional.
    public let isContinuousAndUnconditional: Bool
    /// Whether no parameter is conditional (every parameter is always active).
    public let isUnconditional: Bool

    /// The number of coordinates `D`.
    public var dimension: Int { coordinates.count }

    /// The encoding of `space`.
    public init(_ space: SearchSpace) {
        self.space = space
        var coordinates: [Coordinate] = []
        var ranges: [Range<Int>] = []
        for (index, parameter) in space.parameters.enumerated() {
            let start = coordinates.count
            switch parameter.domain {
            case let .float(low, high, _, step):
                if let step, step > 0, high > low {
                    let levels = Int(((high - low) / step + 1e-9).rounded(.down)) + 1
                    coordinates.append(.ordinal(parameter: index, levelCount: levels))
                } else {
                    coordinates.append(.continuous(parameter: index))
                }
            case let .integer(low, high, _, step):
                let levels = max(high - low, 0) / max(step, 1) + 1
                coordinates.append(.ordinal(parameter: index, levelCount: levels))
            case .categorical(let choices):
                for choice in choices.indices {
                    coordinates.append(.oneHot(parameter: index, choice: choice))
                }
            case .fixed:
                break
            }
            ranges.append(start..<coordinates.count)
        }
        self.coordinates = coordinates
        self.coordinateRanges = ranges
        let positions = Dictionary(
            space.parameters.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.conditions = space.parameters.map { parameter in
            parameter.conditions.map { (positions[$0.parent], $0.values) }
        }
        self.isUnconditional = space.parameters.allSatisfy { $0.conditions.isEmpty }
        self.isContinuousAndUnconditional =
            coordinates.allSatisfy { if case .continuous = $0 { true } else { false } }
            && isUnconditional
    }

    /// The point of `configuration`, or `nil` when an active parameter is missing or holds a
    /// value its domain cannot place (a choice that is not listed, a string for a number).
    /// Numbers outside the bounds are clamped to the cube.
    /// - Complexity: O(D + number of parameters).
    public func encode(_ configuration: Configuration) -> [Double]? {
        var values = [ParameterValue?](repeating: nil, count: space.parameters.count)
        for (index, parameter) in space.parameters.enumerated() where isActive(index, values) {
            guard let value = configuration[parameter.name] else { return nil }
            values[index] = value
        }
        var point = [Double](repeating: Self.inactiveValue, count: dimension)
        let placed = point.withUnsafeMutableBufferPointer { write(values, into: $0) }
        return placed ? point : nil
    }

    /// The configuration at `point`: active parameters only, numbers rounded to their step or
    /// integer, categoricals by the largest one-hot coordinate (the first on ties).
    /// - Parameter point: `D` coordinates; values outside `[0, 1]` are clamped.
    public func decode(_ point: UnsafeBufferPointer<Double>) -> Configuration {
        let values = decodedValues(point)
        var dictionary: [String: ParameterValue] = [:]
        for (index, parameter) in space.parameters.enumerated() {
            if let value = values[index] { dictionary[parameter.name] = value }
        }
        return Configuration(dictionary)
    }

    /// ``decode(_:)-(UnsafeBufferPointer<Double>)`` for an array.
    public func decode(_ point: [Double]) -> Configuration {
        point.withUnsafeBufferPointer { decode($0) }
    }

    /// Snaps `point` in place to the configuration it stands for, `encode(decode(point))`:
    /// continuous coordinates clamped to `[0, 1]`, levels at their centres, one-hot exact,
    /// inactive coordinates at ``inactiveValue``. Cheaper than the round trip: no dictionary.
    public func canonicalize(_ point: UnsafeMutableBufferPointer<Double>) {
        if isContinuousAndUnconditional {
            for k in point.indices { point[k] = min(max(point[k], 0), 1) }
            return
        }
        if isUnconditional {
            canonicalizeUnconditional(point)
            return
        }
        let values = decodedValues(UnsafeBufferPointer(point))
        // Continuous coordinates stay where they are (clamped) rather than going through the
        // value and back, which would only add rounding.
        for (index, parameter) in space.parameters.enumerated() {
            let range = coordinateRanges[index]
            guard !range.isEmpty else { continue }
            guard let value = values[index] else {
                for k in range { point[k] = Self.inactiveValue }
                continue
            }
            switch coordinates[range.lowerBound] {
            case .continuous:
                point[range.lowerBound] = min(max(point[range.lowerBound], 0), 1)
            case .ordinal:
                point[range.lowerBound] = min(max(parameter.unit(of: value) ?? 0.5, 0), 1)
            case .oneHot:
                for (offset, k) in range.enumerated() {
                    point[k] = parameter.domain.choiceIndex(of: value) == offset ? 1 : 0
                }
            }
        }
    }

    /// ``canonicalize(_:)`` when every parameter is active: coordinate by coordinate, without
    /// building the decoded values (the acquisition optimizer snaps thousands of points per
    /// suggestion). Same result: a level snaps to the encoding of the value it decodes to, a
    /// categorical to the one-hot of its largest coordinate (the first on ties).
    private func canonicalizeUnconditional(_ point: UnsafeMutableBufferPointer<Double>) {
        for index in coordinateRanges.indices {
            let range = coordinateRanges[index]
            guard let first = range.first else { continue }
            switch coordinates[first] {
            case .continuous:
                point[first] = min(max(point[first], 0), 1)
            case .ordinal:
                let parameter = space.parameters[index]
                point[first] = min(
                    max(parameter.unit(of: parameter.value(atUnit: point[first])) ?? 0.5, 0), 1)
            case .oneHot:
                var best = first
                var bestValue = -Double.infinity
                for k in range where point[k] > bestValue {
                    bestValue = point[k]
                    best = k
                }
                for k in range { point[k] = k == best ? 1 : 0 }
            }
        }
    }

    /// `canonicalize` on a copy.
    public func canonical(_ point: [Double]) -> [Double] {
        var copy = point
        copy.withUnsafeMutableBufferPointer { canonicalize($0) }
        return copy
    }

    /// For each parameter, its value at `point`, or `nil` when it is inactive there.
    public func decodedValues(_ point: UnsafeBufferPointer<Double>) -> [ParameterValue?] {
        var values = [ParameterValue?](repeating: nil, count: space.parameters.count)
        for (index, parameter) in space.parameters.enumerated() where isActive(index, values) {
            let range = coordinateRanges[index]
            switch parameter.domain {
            case .categorical(let choices):
                var best = 0
                var bestValue = -Double.infinity
                for (offset, k) in range.enumerated() where point[k] > bestValue {
                    bestValue = point[k]
                    best = offset
                }
                values[index] = choices[best]
            case .fixed(let value):
                values[index] = value
            case .float, .integer:
                values[index] = parameter.value(atUnit: point[range.lowerBound])
            }
        }
        return values
    }

    /// Whether parameter `index` is active given the values of the parameters before it
    /// (`SearchSpace.isActive` on an array instead of a dictionary).
    @inline(__always)
    func isActive(_ index: Int, _ values: [ParameterValue?]) -> Bool {
        for (parent, allowed) in conditions[index] {
            guard let parent, let value = values[parent], allowed.contains(value) else {
                return false
            }
        }
        return true
    }

    /// Writes the coordinates of `values` (per parameter, `nil` = inactive) into `point`,
    /// which starts at ``inactiveValue``; false when a value cannot be placed.
    private func write(
        _ values: [ParameterValue?], into point: UnsafeMutableBufferPointer<Double>
    ) -> Bool {
        for (index, parameter) in space.parameters.enumerated() {
            guard let value = values[index] else { continue }
            let range = coordinateRanges[index]
            switch parameter.domain {
            case .categorical:
                guard let chosen = parameter.domain.choiceIndex(of: value) else { return false }
                for (offset, k) in range.enumerated() { point[k] = offset == chosen ? 1 : 0 }
            case .fixed:
                continue
            case .float, .integer:
                guard let u = parameter.unit(of: value), u.isFinite else { return false }
                point[range.lowerBound] = min(max(u, 0), 1)
            }
        }
        return true
    }
}

extension UnitCubeEncoding {
    /// Two encodings are equal when they encode the same space (everything else follows).
    public static func == (lhs: UnitCubeEncoding, rhs: UnitCubeEncoding) -> Bool {
        lhs.space == rhs.space
    }
}

extension Domain {
    /// The position of `value` among a categorical's choices.
    fileprivate func choiceIndex(of value: ParameterValue) -> Int? {
        guard case .categorical(let choices) = self else { return nil }
        return choices.firstIndex(of: value)
    }
}

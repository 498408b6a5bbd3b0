import AutoMLSearchSpace

/// How fANOVA places one parameter on a tree's axis and which measure it integrates over.
///
/// The reference measure is the one the random and Sobol samplers draw from: uniform on the
/// unit interval of `Parameter.value(atUnit:)` (linear, or linear in the logarithm for
/// `log: true`), so fANOVA's variances are those of the loss under uniform sampling of the
/// space.
/// - A `float` without a step is **continuous**: encoded as its unit position, measure
///   Lebesgue on `[0, 1]`.
/// - An `int` or a stepped `float` is **discrete**: encoded as the unit position of its level
///   (the value rounded to the nearest level), each level weighing the width of the slice of
///   `[0, 1]` that `value(atUnit:)` maps to it (equal slices on a linear scale, wider ones for
///   small values on a log scale). A parameter with more than ``maximumLevelCount`` levels is
///   treated as continuous.
/// - A `categorical` is **discrete** on its choice indices `0, 1, …, k−1`, each of weight `1/k`.
///
/// Encoded positions are rounded to `Float`, as the trees compare features, so a threshold
/// separates the same levels in the tree and in the measure.
struct FeatureMeasure: Sendable {
    /// Levels beyond which an integer or stepped parameter is measured as continuous.
    static let maximumLevelCount = 4096

    private enum Kind: Sendable {
        case continuous
        /// Sorted level positions and the cumulative weights: `cumulative[i]` is the weight of
        /// the first `i` levels (`cumulative.last == 1`).
        case discrete(points: [Double], cumulative: [Double])
    }

    private let kind: Kind
    private let parameter: Parameter

    /// The measure of `parameter`'s domain, or `nil` for a parameter with a single value.
    init?(_ parameter: Parameter) {
        self.parameter = parameter
        switch parameter.domain {
        case .fixed:
            return nil
        case let .float(low, high, _, step):
            guard high > low else { return nil }
            if let step, step > 0 {
                let count = Int(((high - low) / step + 1e-9).rounded(.down)) + 1
                guard count >= 2 else { return nil }
                guard count <= Self.maximumLevelCount else {
                    kind = .continuous
                    return
                }
                let levels = (0..<count).map { min(low + Double($0) * step, high) }
                kind = Self.sliced(parameter, levels: levels, step: step)
            } else {
                kind = .continuous
            }
        case let .integer(low, high, _, step):
            guard high > low else { return nil }
            let stride = max(step, 1)
            let count = (high - low) / stride + 1
            guard count >= 2 else { return nil }
            guard count <= Self.maximumLevelCount else {
                kind = .continuous
                return
            }
            let levels = (0..<count).map { Double(low + $0 * stride) }
            kind = Self.sliced(parameter, levels: levels, step: Double(stride))
        case .categorical(let choices):
            guard choices.count >= 2 else { return nil }
            let k = choices.count
            kind = .discrete(
                points: (0..<k).map(Double.init),
                cumulative: (0...k).map { Double($0) / Double(k) })
        }
    }

    /// Levels at their unit positions, each weighing the slice of `[0, 1]` between the unit
    /// positions of the half-steps around it (the rounding `value(atUnit:)` does).
    private static func sliced(_ parameter: Parameter, levels: [Double], step: Double) -> Kind {
        let points = levels.map { rounded(parameter.unit(of: .real($0)) ?? 0) }
        var cumulative = [0.0]
        var previous = 0.0
        for index in levels.indices {
            let boundary =
                index == levels.count - 1
                ? 1.0 : clamp(parameter.unit(of: .real(levels[index] + step / 2)) ?? 1)
            cumulative.append(max(boundary, previous))
            previous = max(boundary, previous)
        }
        let total = max(cumulative[cumulative.count - 1], .leastNormalMagnitude)
        return .discrete(points: points, cumulative: cumulative.map { $0 / total })
    }

    /// The axis position of a column entry (a number, or a choice index).
    func encode(_ raw: Double) -> Double {
        switch kind {
        case .continuous:
            return Self.rounded(parameter.unit(of: .real(raw)) ?? 0)
        case .discrete(let points, _):
            switch parameter.domain {
            case .categorical:
                return raw
            case let .float(low, _, _, step?):
                let level = ((raw - low) / step).rounded()
                return points[min(max(Int(level.isFinite ? level : 0), 0), points.count - 1)]
            case let .integer(low, _, _, step):
                let level = ((raw - Double(low)) / Double(max(step, 1))).rounded()
                return points[min(max(Int(level.isFinite ? level : 0), 0), points.count - 1)]
            default:
                return raw
            }
        }
    }

    /// The measure of the half-open axis interval `(lower, upper]`.
    func measure(above lower: Double, atMost upper: Double) -> Double {
        switch kind {
        case .continuous:
            return max(0, min(upper, 1) - max(lower, 0))
        case .discrete(let points, let cumulative):
            let result =
                cumulative[Self.count(points, atMost: upper)]
                - cumulative[Self.count(points, atMost: lower)]
            return max(result, 0)
        }
    }

    /// The number of sorted `points` that are ≤ `bound`. O(log points).
    private static func count(_ points: [Double], atMost bound: Double) -> Int {
        var low = 0
        var high = points.count
        while low < high {
            let middle = (low + high) / 2
            if points[middle] <= bound { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func clamp(_ u: Double) -> Double {
        u.isFinite ? min(max(u, 0), 1) : 0
    }

    /// `u` clamped to `[0, 1]` and rounded to `Float`, as a tree compares it.
    private static func rounded(_ u: Double) -> Double {
        Double(Float(clamp(u)))
    }
}

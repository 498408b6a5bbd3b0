import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLStudy

/// Scrambled Sobol points mapped onto the space: a space-filling design that covers the space
/// more evenly than independent draws (Optuna's `QMCSampler`, scrambled as scipy does).
///
/// Each searched parameter (fixed ones excluded), conditional ones included, owns one coordinate
/// of ``SobolSequence``, in the space's parameter order; a coordinate `u` becomes a value through
/// ``Parameter/value(atUnit:)`` (log scale for log parameters, one stratum per choice). An
/// inactive parameter's coordinate is simply unused.
///
/// Stateless like ``RandomSampler``: the `i`-th suggestion of a study, where `i` counts the
/// trials already in the history (running and failed included), is point `i` of the sequence
/// for the sampler's seed. So the same seed and history give the same configurations, and the
/// first 2^m trials of a study form a (t, m, s)-net. The GP sampler uses the same points as its
/// initial design.
///
/// GSL's Sobol stops at 40 coordinates. For spaces with more searched parameters the sampler
/// falls back to independent uniform draws (``RandomSampler`` with the same seed), which keeps
/// every other guarantee but not the even coverage.
public struct SobolSampler: Sampler {
    public let name = "sobol"
    public let seed: UInt64

    public var settings: SamplerSettings { SamplerSettings(name: name, seed: seed) }

    public init(seed: UInt64 = 0) {
        self.seed = seed
    }

    /// - Throws: ``NumericError`` only past 2^30 trials in one study.
    public func suggest(
        _ count: Int, in space: SearchSpace, history: StudyHistory
    ) throws -> [Configuration] {
        guard count > 0 else { return [] }
        let searched = space.parameters.filter(\.isSearched).map(\.name)
        if searched.count > SobolSequence.maximumDimension {
            return try RandomSampler(seed: seed).suggest(count, in: space, history: history)
        }
        guard !searched.isEmpty else {
            return Array(repeating: space.configuration { $0.value(atUnit: 0.5) }, count: count)
        }
        let coordinates = Dictionary(
            searched.enumerated().map { ($0.element, $0.offset) },
            uniquingKeysWith: { first, _ in first })
        let points = try SobolSequence.points(
            count: count, dimension: searched.count, seed: seed, skip: history.trials.count)
        return (0..<count).map { row in
            space.configuration { parameter in
                guard let column = coordinates[parameter.name] else {
                    return parameter.value(atUnit: 0.5)
                }
                return parameter.value(atUnit: points[row, column])
            }
        }
    }
}

import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLStudy

/// Independent uniform draws from every active parameter (log-uniform for log parameters):
/// Optuna's `RandomSampler`, the baseline every sampler must beat.
///
/// Stateless: the `i`-th suggestion of a study is drawn from `RandomSource(seed:).child(i)`,
/// where `i` counts the trials already in the history, so the same seed and history give the
/// same configurations.
public struct RandomSampler: Sampler {
    public let name = "random"
    public let seed: UInt64

    public var settings: SamplerSettings { SamplerSettings(name: name, seed: seed) }

    public init(seed: UInt64 = 0) {
        self.seed = seed
    }

    public func suggest(_ count: Int, in space: SearchSpace, history: StudyHistory) throws
        -> [Configuration]
    {
        let root = RandomSource(seed: seed)
        return (0..<max(count, 0)).map { offset in
            var random = root.child(UInt64(history.trials.count + offset))
            return space.configuration { $0.value(atUnit: random.uniform()) }
        }
    }
}

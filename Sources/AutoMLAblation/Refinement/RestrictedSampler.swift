import AutoMLSearchSpace
import AutoMLStudy

/// A sampler that searches only some parameters of a space, every other parameter held at a
/// given configuration's value: the search of one refinement round.
///
/// The base sampler (the study's GP) sees the space with the held parameters made `fixed`, so it
/// models only the free ones, on the trials that share the held parameters' branch (a trial of
/// another learner family does not fit the restricted space and is left out of the model).
public struct RestrictedSampler: Sampler {
    public let base: any Sampler
    /// The configuration whose values the held parameters keep.
    public let anchor: Configuration
    /// The parameters searched.
    public let free: Set<String>

    public var name: String { base.name }
    public var settings: SamplerSettings { base.settings }

    public init(base: any Sampler, anchor: Configuration, free: Set<String>) {
        self.base = base
        self.anchor = anchor
        self.free = free
    }

    /// `space` with every parameter that is active in the anchor and not free fixed at the
    /// anchor's value.
    public func restricted(_ space: SearchSpace) -> SearchSpace {
        SearchSpace(
            unordered: space.parameters.map { parameter in
                guard !free.contains(parameter.name), let value = anchor[parameter.name] else {
                    return parameter
                }
                var held = parameter
                held.domain = .fixed(value)
                return held
            })
    }

    public func suggest(_ count: Int, in space: SearchSpace, history: StudyHistory) throws
        -> [Configuration]
    {
        let narrow = restricted(space)
        return try base.suggest(count, in: narrow, history: history).map { suggestion in
            var values = anchor.values
            for (name, value) in suggestion.values where free.contains(name) {
                values[name] = value
            }
            return space.pruned(
                space.configuration { parameter in
                    values[parameter.name] ?? suggestion[parameter.name]
                        ?? parameter.value(atUnit: 0.5)
                })
        }
    }

    public var preparesAhead: Bool { base.preparesAhead }

    public func prepare(in space: SearchSpace, history: StudyHistory) {
        base.prepare(in: restricted(space), history: history)
    }
}

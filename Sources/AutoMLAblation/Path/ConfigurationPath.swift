import AutoMLSearchSpace

/// The steps between two configurations of a space: which parameters differ, and what a
/// configuration looks like with one of them changed (Fawcett & Hoos 2016, §3).
///
/// Changing a parameter can activate or deactivate others (its conditional children): they are
/// changed with it, taking the target's value where the target has one and the source's
/// otherwise, so every configuration on the path is valid.
public struct ConfigurationPath: Sendable {
    public let space: SearchSpace
    public let source: Configuration
    public let target: Configuration

    public init(space: SearchSpace, source: Configuration, target: Configuration) {
        self.space = space
        self.source = space.pruned(source)
        self.target = space.pruned(target)
    }

    /// The parameters whose value differs between `configuration` and the target (one is
    /// active and the other not, or both active with other values), in space order; a
    /// parameter that only follows a changed parent (inactive in one of the two because of it)
    /// is left out — it changes with its parent.
    public func differences(from configuration: Configuration) -> [String] {
        space.parameters.compactMap { parameter -> String? in
            let here = configuration[parameter.name]
            let there = target[parameter.name]
            guard here != there, here != nil, there != nil else { return nil }
            return parameter.name
        }
    }

    /// `configuration` with `parameter` set to the target's value (or back to the source's,
    /// with `towardSource`), its newly active children taking the values of the side moved
    /// toward (then the other side's), and newly inactive ones dropped.
    public func changing(
        _ parameter: String, in configuration: Configuration, towardSource: Bool = false
    )
        -> Configuration
    {
        let (first, second) = towardSource ? (source, target) : (target, source)
        var values = configuration.values
        values[parameter] = first[parameter]
        var result: [String: ParameterValue] = [:]
        for candidate in space.parameters where space.isActive(candidate, given: result) {
            if let value = values[candidate.name] ?? first[candidate.name] ?? second[candidate.name]
            {
                result[candidate.name] = value
            }
        }
        return Configuration(result)
    }

    /// The description of a change: `"c: 1.0 → 10.0"`.
    public static func describe(_ value: ParameterValue?) -> String {
        value.map { "\($0)" } ?? "inactive"
    }
}

import AutoMLLearners
import AutoMLSearchSpace

/// The configurations a model search tries first: every learner family of the space at its
/// default hyperparameters, cheapest families first — FLAML's low-cost start (Wu et al. 2021)
/// in its simplest form, and what a scikit-learn user would try by hand.
///
/// With a time budget on a large data set only a handful of trials may fit. Starting from the
/// space-filling design of the sampler, the first trials could be a kernel SVM and a 500-tree
/// forest that eat the whole budget; starting from the defaults, cheap and usually decent
/// models come first and the Bayesian optimizer refines from there. On small data the list
/// costs a second and gives the surrogate one sensible point per family.
///
/// A family's default is projected into the space: a hyperparameter whose default lies
/// outside its range in the space takes the range's middle (``Parameter/value(atUnit:)`` at ½).
/// The order is the catalog's ``LearnerFamily/costRank``; a family with a
/// ``LearnerFamily/startRowLimit`` (kernel SVMs, whose fit grows with the square of the rows)
/// is left out of the list above that many rows; the sampler may still choose it.
public enum LowCostStart {
    /// The default configuration of each family that `space`'s `learner` parameter offers,
    /// cheapest first; empty when the space has no categorical `learner` parameter.
    public static func configurations(for space: SearchSpace, rowCount: Int) -> [Configuration] {
        guard let learner = space.parameters.first(where: { $0.name == "learner" }),
            case .categorical(let choices) = learner.domain
        else { return [] }
        let names = choices.compactMap { value -> String? in
            if case .string(let name) = value { return name }
            return nil
        }
        let families = names.compactMap { LearnerCatalog.family(named: $0) }
        // A stable sort: families of equal rank keep the space's order.
        let ranked = families.enumerated().sorted { a, b in
            (a.element.costRank, a.offset) < (b.element.costRank, b.offset)
        }.map(\.element)
        return ranked.compactMap { family -> Configuration? in
            if let limit = family.startRowLimit, rowCount > limit { return nil }
            return defaultConfiguration(of: family, in: space)
        }
    }

    /// `family` at its defaults in `space`: `learner` set to the family, its `<family>.<key>`
    /// parameters at the default when the space admits it (else mid-range), everything else
    /// (preprocessing) at its first choice or mid-range.
    public static func defaultConfiguration(of family: LearnerFamily, in space: SearchSpace)
        -> Configuration
    {
        let defaults = family.defaultValues
        let prefix = family.name + "."
        return space.configuration { parameter in
            if parameter.name == "learner" { return .string(family.name) }
            if parameter.name.hasPrefix(prefix),
                let value = defaults[String(parameter.name.dropFirst(prefix.count))],
                let admitted = admittedValue(value, for: parameter)
            {
                return admitted
            }
            if case .categorical(let choices) = parameter.domain, let first = choices.first {
                return first
            }
            return parameter.value(atUnit: 0.5)
        }
    }

    /// The parameter value standing for JSON value `value`, when the parameter admits it.
    static func admittedValue(_ value: HyperparameterValue, for parameter: Parameter)
        -> ParameterValue?
    {
        var candidates: [ParameterValue] = []
        switch value {
        case .string(let text):
            candidates.append(.string(text))
        case .bool(let flag):
            candidates.append(.bool(flag))
        case .integer(let integer):
            switch parameter.domain {
            case .float: candidates.append(.real(Double(integer)))
            default: candidates += [.integer(integer), .real(Double(integer))]
            }
        case .real(let number):
            switch parameter.domain {
            case .integer:
                if number.rounded() == number, abs(number) < 1e15 {
                    candidates.append(.integer(Int(number)))
                }
            default:
                candidates.append(.real(number))
                if number.rounded() == number, abs(number) < 1e15 {
                    candidates.append(.integer(Int(number)))
                }
            }
        case .null, .array:
            break
        }
        return candidates.first { parameter.admits($0) }
    }
}

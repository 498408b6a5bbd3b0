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
/// Kernel SVMs are left out of the list above ``svmRowLimit`` rows (their fit grows with the
/// square of the rows); the sampler may still choose them.
public enum LowCostStart {
    /// Families from cheapest to costliest to fit at their defaults; families not listed go
    /// last, in the space's order.
    public static let costOrder = [
        "constant", "gaussian_nb", "linear_regression", "ridge", "lasso", "elastic_net",
        "logistic_regression", "decision_tree", "gradient_boosting", "linear_svm", "knn",
        "extra_trees", "random_forest", "adaboost", "mlp", "svm",
    ]

    /// Above this many rows the kernel SVM's default is not in the list.
    public static let svmRowLimit = 10_000

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
        let ranked = names.sorted { rank($0) < rank($1) }
        return ranked.compactMap { name -> Configuration? in
            guard let family = LearnerCatalog.family(named: name) else { return nil }
            if name == "svm", rowCount > svmRowLimit { return nil }
            return defaultConfiguration(of: family, in: space)
        }
    }

    private static func rank(_ name: String) -> Int {
        costOrder.firstIndex(of: name) ?? costOrder.count
    }

    /// `family` at its defaults in `space`: `learner` set to the family, its `<family>.<key>`
    /// parameters at the default when the space admits it (else mid-range), everything else
    /// (preprocessing) at its first choice or mid-range.
    static func defaultConfiguration(of family: LearnerFamily, in space: SearchSpace) -> Configuration {
        let defaults = family.defaultHyperparameters
        let prefix = family.name + "."
        return space.configuration { parameter in
            if parameter.name == "learner" { return .string(family.name) }
            if parameter.name.hasPrefix(prefix),
                let value = defaults[String(parameter.name.dropFirst(prefix.count))],
                let admitted = admittedValue(value, for: parameter)
            {
                return admitted
            }
            if case .categorical(let choices) = parameter.domain, let first = choices.first { return first }
            return parameter.value(atUnit: 0.5)
        }
    }

    /// The parameter value standing for JSON value `value`, when the parameter admits it.
    static func admittedValue(_ value: Any, for parameter: Parameter) -> ParameterValue? {
        var candidates: [ParameterValue] = []
        if let text = value as? String {
            candidates.append(.string(text))
        } else if let number = value as? Double {
            switch parameter.domain {
            case .integer:
                if number.rounded() == number, abs(number) < 1e15 { candidates.append(.integer(Int(number))) }
            case .float:
                candidates.append(.real(number))
            case .categorical, .fixed:
                if let flag = value as? Bool { candidates.append(.bool(flag)) }
                candidates.append(.real(number))
                if number.rounded() == number, abs(number) < 1e15 { candidates.append(.integer(Int(number))) }
            }
        } else if let flag = value as? Bool {
            candidates.append(.bool(flag))
        }
        return candidates.first { parameter.admits($0) }
    }
}

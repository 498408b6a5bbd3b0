import AutoMLEnsemble
import AutoMLLearners
import AutoMLSearchSpace

/// Checks a model or ensemble search space against what the learners and the ensemble builder
/// accept, before the first trial: a misspelt hyperparameter or a bound a learner refuses would
/// otherwise fail every trial of that family, one after another.
public enum SearchSpaceCheck {
    /// One problem, where it was written.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var origin: SearchSpaceError.Origin?
        public var parameter: String
        public var problem: String

        /// `file:line: parameter 'svm.c': …`.
        public var description: String {
            (origin.map { "\($0.file)\($0.line.map { ":\($0)" } ?? ""): " } ?? "")
                + "parameter '\(parameter)' \(problem)"
        }
    }

    /// Problems of a model search space: for each `<family>.<key>` parameter (or each key of a
    /// single-family space, `defaultFamily`), the key must be a hyperparameter of the family,
    /// and every value the parameter can take (its bounds, each choice) must decode into it and
    /// pass its rule. `learner` choices must name catalog families.
    public static func modelProblems(
        in space: SearchSpace, origins: [String: SearchSpaceError.Origin] = [:],
        defaultFamily: String? = nil
    ) -> [Problem] {
        var problems: [Problem] = []
        let known = LearnerCatalog.families.map(\.name)
        if let learner = space.parameter(named: "learner"),
            case .categorical(let choices) = learner.domain
        {
            for choice in choices where LearnerCatalog.family(named: choice.description) == nil {
                problems.append(
                    Problem(
                        origin: origins["learner"], parameter: "learner",
                        problem:
                            "offers '\(choice)', which is not a learner family; use one of \(known.joined(separator: ", "))"
                    ))
            }
        }
        for parameter in space.parameters
        where parameter.name != "learner" && !parameter.name.hasPrefix("preprocessing.") {
            let family: LearnerFamily
            let key: String
            if let dot = parameter.name.firstIndex(of: "."),
                let found = LearnerCatalog.family(named: String(parameter.name[..<dot]))
            {
                family = found
                key = String(parameter.name[parameter.name.index(after: dot)...])
            } else if let defaultFamily, !parameter.name.contains("."),
                let found = LearnerCatalog.family(named: defaultFamily)
            {
                family = found
                key = parameter.name
            } else {
                continue
            }
            for value in sampleValues(of: parameter) {
                do {
                    _ = try family.hyperparameters([key: HyperparameterValue(value)])
                } catch .invalidHyperparameter(_, let name, let expected, let got)
                    where got == "an unknown hyperparameter"
                {
                    problems.append(
                        Problem(
                            origin: origins[parameter.name], parameter: parameter.name,
                            problem:
                                "names no hyperparameter of \(family.name) ('\(name)'); use \(expected)"
                        ))
                    break
                } catch {
                    problems.append(
                        Problem(
                            origin: origins[parameter.name], parameter: parameter.name,
                            problem:
                                "can take \(value), which \(family.name) cannot use (\(error.description))"
                        ))
                    break
                }
                if let rule = family.rules.first(where: { $0.name == key }),
                    let number = value.number, !rule.admits(number)
                {
                    problems.append(
                        Problem(
                            origin: origins[parameter.name], parameter: parameter.name,
                            problem:
                                "can take \(value), but \(family.name)'s \(key) must be \(rule.expectation)"
                        ))
                    break
                }
            }
        }
        return problems
    }

    /// Problems of an ensemble composition space: every parameter must be a setting
    /// ``EnsembleConfiguration`` reads, and `strategy` and `meta_learner` choices must be known.
    public static func ensembleProblems(
        in space: SearchSpace, origins: [String: SearchSpaceError.Origin] = [:]
    )
        -> [Problem]
    {
        var problems: [Problem] = []
        for parameter in space.parameters {
            for value in sampleValues(of: parameter) {
                do {
                    _ = try EnsembleConfiguration.settings(
                        from: Configuration([parameter.name: value]), seed: 0)
                } catch {
                    problems.append(
                        Problem(
                            origin: origins[parameter.name], parameter: parameter.name,
                            problem: "can take \(value): \(error.description)"))
                    break
                }
            }
        }
        return problems
    }

    /// The values worth checking: the bounds of a range, every choice, the fixed value.
    static func sampleValues(of parameter: Parameter) -> [ParameterValue] {
        switch parameter.domain {
        case .categorical(let choices): return choices
        case .fixed(let value): return [value]
        default: return [parameter.value(atUnit: 0), parameter.value(atUnit: 1)]
        }
    }
}

/// Errors raised by the ablation and importance analyses.
public enum AblationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An analysis got fewer usable trials (complete, with a finite value and a configuration
    /// the space can place) than it needs.
    case tooFewTrials(method: String, found: Int, needed: Int)
    /// The search space has no searched parameter to rank (only fixed ones, or none).
    case noSearchedParameters
    /// A setting outside its range: `name` as in the settings type, what it must be, what it was.
    case invalidSetting(name: String, expected: String, got: String)
    /// The random-forest surrogate of fANOVA could not be fitted (the learner's message).
    case surrogateFailed(reason: String)
    /// A configuration an ablation evaluated failed (the objective's reason).
    case evaluationFailed(configuration: String, reason: String)
    /// A baseline that is not a configuration of the space (named field, what is wrong).
    case invalidBaseline(source: String, problem: String)
    /// The study cannot be ablated: no best trial, another kind of objective, missing data.
    case notAblatable(study: String, reason: String)

    public var description: String {
        switch self {
        case .tooFewTrials(let method, let found, let needed):
            return
                "\(method) needs at least \(needed) complete trials with finite values; found "
                + "\(found). Run more trials before asking for parameter importance."
        case .noSearchedParameters:
            return
                "The search space has no searched parameter (only fixed ones); add a parameter "
                + "with a range or choices to rank."
        case .invalidSetting(let name, let expected, let got):
            return "\(name) must be \(expected); got \(got)."
        case .evaluationFailed(let configuration, let reason):
            return
                "evaluating \(configuration.count > 200 ? String(configuration.prefix(197)) + "…" : configuration) failed: "
                + "\(reason); the ablation cannot compare it."
        case .invalidBaseline(let source, let problem):
            return
                "\(source): the baseline \(problem); give a JSON object of parameter values as `automl ask` prints "
                + "under params (left-out parameters take the best configuration's values), or --baseline default."
        case .notAblatable(let study, let reason):
            return "study '\(study)' cannot be ablated: \(reason)."
        case .surrogateFailed(let reason):
            return
                "fANOVA could not fit its random forest: \(reason). Check the trials' values, "
                + "or use PED-ANOVA, which fits no model."
        }
    }
}

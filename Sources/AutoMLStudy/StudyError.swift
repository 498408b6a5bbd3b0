/// Errors from studies, trials and the storages behind them.
///
/// Every case names the study (and trial) concerned, and its message says what to do.
public enum StudyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No study of that name in the storage.
    case studyNotFound(name: String)
    /// A study of that name already exists (creating it again would mix two searches).
    case studyExists(name: String)
    /// A study name that is empty, too long or holds control characters.
    case invalidStudyName(String)
    /// The study exists with other settings than the ones given to continue it.
    case incompatibleStudy(name: String, field: String, stored: String, given: String)
    /// The study has no trial with that number.
    case trialNotFound(study: String, number: Int)
    /// The trial has already finished, so it cannot be told again or reported on.
    case trialNotRunning(study: String, number: Int, state: TrialState)
    /// The trial's configuration has no value for the parameter (it is not in the search space
    /// or inactive under this configuration's conditions).
    case parameterUnavailable(name: String, trial: Int, available: [String])
    /// The parameter's value is not of the kind asked for (`int` of a categorical, …).
    case parameterKind(name: String, trial: Int, expected: String, value: String)
    /// A tell gave a different number of values than the study has directions.
    case valueCount(study: String, trial: Int, expected: Int, got: Int)
    /// An argument outside its documented range (`jobs`, budgets, counts…).
    case invalidArgument(name: String, value: String, expected: String)
    /// A stored study carries a newer format version than this build reads.
    case unsupportedVersion(what: String, found: Int, supported: Int)
    /// A stored study or trial cannot be decoded (the storage was edited by hand or is damaged).
    case corruptRecord(study: String, detail: String)
    /// The trial is running in a process that is alive: telling it would race with that process.
    case trialOwnedByLiveProcess(study: String, number: Int, owner: String)
    /// The study has trials running in live processes: deleting it would pull it from under them.
    case studyInUse(name: String, trials: [Int], owners: [String])

    public var description: String {
        switch self {
        case .studyNotFound(let name):
            return
                "study '\(name)' does not exist in this storage; list the studies with `automl studies list`."
        case .studyExists(let name):
            return
                "study '\(name)' already exists; continue it, pick another name or delete it first."
        case .invalidStudyName(let name):
            return "'\(name)' is not a valid study name; use 1 to 200 printable characters."
        case .incompatibleStudy(let name, let field, let stored, let given):
            return "study '\(name)' was created with \(field) \(stored), not \(given); "
                + "continue it with the same \(field) or start a study under another name."
        case .trialNotFound(let study, let number):
            return "study '\(study)' has no trial \(number); see `automl studies show \(study)`."
        case .trialNotRunning(let study, let number, let state):
            return "trial \(number) of study '\(study)' is already \(state.rawValue); "
                + "only running trials can be told or reported on."
        case .parameterUnavailable(let name, let trial, let available):
            return
                "trial \(trial) has no parameter '\(name)' (it is not in the search space or inactive "
                + "here); its parameters are: \(available.sorted().joined(separator: ", "))."
        case .parameterKind(let name, let trial, let expected, let value):
            return "parameter '\(name)' of trial \(trial) is \(value), not \(expected); "
                + "ask for it with the accessor matching its type in the search space."
        case .valueCount(let study, let trial, let expected, let got):
            return
                "trial \(trial) of study '\(study)' was told \(got) values but the study has \(expected) "
                + "direction(s); give one value per direction."
        case .invalidArgument(let name, let value, let expected):
            return "\(name) must be \(expected); got \(value)."
        case .unsupportedVersion(let what, let found, let supported):
            return
                "\(what) has format version \(found), newer than this build reads (up to \(supported)); "
                + "upgrade automl."
        case .corruptRecord(let study, let detail):
            return "study '\(study)' holds a record that cannot be read (\(detail)); "
                + "the storage was edited or damaged: export what is readable and start a new study."
        case .trialOwnedByLiveProcess(let study, let number, let owner):
            return "trial \(number) of study '\(study)' is being run by \(owner), which is alive; "
                + "telling it would race with that process: wait for it, or pass --force to tell it anyway."
        case .studyInUse(let name, let trials, let owners):
            return "study '\(name)' has \(trials.count) trial(s) running in live processes ("
                + Set(owners).sorted().joined(separator: ", ") + "; trials "
                + trials.map(String.init).joined(separator: ", ")
                + "); stop them first, or pass --force to delete it anyway."
        }
    }
}

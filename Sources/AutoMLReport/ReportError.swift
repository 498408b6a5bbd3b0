/// What can go wrong building a report, beyond the storage's and the files' own errors.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    /// A file given to the report (`--ablation`, `--validation`, a profile) cannot be read or is
    /// not what it should be.
    case unreadableFile(path: String, expected: String, reason: String)
    /// An ablation report of another study.
    case otherStudy(path: String, study: String, expected: String)
    /// A profiles folder without any profile file in it.
    case noProfiles(directory: String)
    /// A `--watch` interval that is not a positive time span.
    case invalidInterval(String)
    /// A report asked of `memory:`, which keeps no study once its process ends.
    case memoryStorage

    public var description: String {
        switch self {
        case .unreadableFile(let path, let expected, let reason):
            return
                "\(path): cannot be read as \(expected) (\(reason)); give the file `automl \(expected.hasPrefix("an ablation") ? "ablate --json" : "validate --json")` wrote."
        case .otherStudy(let path, let study, let expected):
            return
                "\(path): is the ablation of study '\(study)', not of '\(expected)'; give the ablation of this study or leave --ablation out."
        case .noProfiles(let directory):
            return
                "\(directory): holds no profile (high_performance.json, fast_inference.json, memory_efficient.json, balanced.json); give the folder `automl export --out` or `tune --profiles` wrote."
        case .memoryStorage:
            return
                "a report reads a stored study, and memory: keeps none; use --storage sqlite:PATH."
        case .invalidInterval(let text):
            return
                "--watch '\(text)' is not a time span; give one such as 10s, 1m or 2m30s."
        }
    }
}

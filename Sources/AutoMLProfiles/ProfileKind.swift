/// The four production profiles and their selection rules over the trade-off front.
public enum ProfileKind: String, Sendable, Codable, CaseIterable {
    /// The best CV score; ensembles allowed.
    case highPerformance = "high_performance"
    /// The lowest p99 single-row latency among candidates within the tolerance of the best score.
    case fastInference = "fast_inference"
    /// The smallest model (bytes of its JSON) among candidates within the tolerance.
    case memoryEfficient = "memory_efficient"
    /// The highest normalized utility over the front: ½ score + ¼ latency + ¼ size.
    case balanced

    /// The rule in one sentence (stored in each profile).
    public var rule: String {
        switch self {
        case .highPerformance:
            return "the candidate with the best CV score (single model or ensemble)"
        case .fastInference:
            return
                "the lowest p99 single-row latency among candidates whose CV score is within the tolerance of the best, "
                + "as deployed: the four fastest by their trials and the best candidate are refitted on all the data and timed"
        case .memoryEfficient:
            return
                "the smallest model (bytes of its JSON) among candidates whose CV score is within the tolerance of the best, "
                + "as deployed: the four smallest by their trials and the best candidate are refitted on all the data and measured"
        case .balanced:
            return
                "the front member with the highest utility 0.5·s + 0.25·(1 − l) + 0.25·(1 − b), where s is the score "
                + "scaled to [0, 1] over the front (1 = best) and l, b the log p99 latency and log bytes scaled to [0, 1]"
        }
    }

    /// The file the profile is written to.
    public var fileName: String { rawValue + ".json" }
}

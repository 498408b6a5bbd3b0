import AutoMLEnsemble
import AutoMLStudy

/// The model trials an ensemble search may combine: the best complete trials of the model
/// study whose out-of-fold predictions are in its artifact store, read back from the storage,
/// whichever run or process made them.
public struct EnsembleMemberPool: Sendable {
    /// Members in trial-number order.
    public var members: [EnsembleMember]

    public init(
        members: [EnsembleMember], unreadable: [Int: String] = [:],
        metrics: [Int: [String: Double]] = [:]
    ) {
        self.members = members
        self.unreadable = unreadable
        self.metrics = metrics
    }

    /// The serving cost of an ensemble of `trials` estimated from its members' measured costs:
    /// latencies and bytes add up (every member predicts each row), throughputs combine as
    /// `1 / Σ 1/throughput`; `nil` when a member has no measured cost.
    public func estimatedCost(of trials: [Int]) -> [String: Double]? {
        var p50 = 0.0
        var p99 = 0.0
        var bytes = 0.0
        var inverseThroughput = 0.0
        for trial in trials {
            guard let metrics = metrics[trial], let a = metrics[.latencyP50Seconds],
                let b = metrics[.latencyP99Seconds], let c = metrics[.modelBytes],
                let d = metrics[.throughputRowsPerSecond], d > 0
            else { return nil }
            p50 += a
            p99 += b
            bytes += c
            inverseThroughput += 1 / d
        }
        var cost: [String: Double] = [:]
        cost[.latencyP50Seconds] = p50
        cost[.latencyP99Seconds] = p99
        cost[.modelBytes] = bytes
        cost[.throughputRowsPerSecond] = inverseThroughput > 0 ? 1 / inverseThroughput : nil
        return cost
    }
    /// Trials whose stored predictions could not be read, with the reason (left out).
    public var unreadable: [Int: String]
    /// Each member trial's recorded metrics (its serving cost among them), by trial number.
    public var metrics: [Int: [String: Double]]

    /// Reads the pool of `study` from `storage`: at most `limit` trials, the best first.
    public static func load(
        from storage: any StudyStorage, study: String, directions: [StudyDirection], limit: Int
    ) async throws -> EnsembleMemberPool {
        let history = StudyHistory(
            directions: directions, trials: try await storage.trials(of: study))
        let candidates = PredictionRetention(count: limit).kept(in: history)
        let complete = Dictionary(uniqueKeysWithValues: history.completed.map { ($0.number, $0) })
        let numbers = candidates.filter { complete[$0] != nil }.sorted()
        let stored = try await storage.artifacts.artifacts(
            named: OutOfFoldPredictions.artifactName, of: study, trials: numbers)
        var members: [EnsembleMember] = []
        var unreadable: [Int: String] = [:]
        for number in numbers {
            guard let data = stored[number], let value = complete[number]?.value else { continue }
            do {
                members.append(
                    EnsembleMember(
                        id: number, outOfFold: try OutOfFoldPredictions.decode(data), score: value))
            } catch {
                unreadable[number] = error.description
            }
        }
        let metrics = Dictionary(
            uniqueKeysWithValues: members.map { ($0.id, complete[$0.id]?.metrics ?? [:]) })
        return EnsembleMemberPool(members: members, unreadable: unreadable, metrics: metrics)
    }
}

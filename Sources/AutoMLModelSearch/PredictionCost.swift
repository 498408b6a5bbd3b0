import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLStudy

/// What a fitted model costs to serve, measured on the whole pipeline (preprocessing included):
/// single-row latency p50 and p99, batch throughput, and the bytes of its JSON.
///
/// The one measurement used by model trials, ensembles, profiles and `automl validate`, so
/// their figures compare.
public struct PredictionCost: Sendable, Equatable, Codable {
    /// Median seconds of one single-row prediction.
    public var latencyP50Seconds: Double
    /// 99th percentile (nearest rank) of the same calls.
    public var latencyP99Seconds: Double
    /// Rows per second predicting a batch of ``batchRows`` rows (the faster of two runs).
    public var throughputRowsPerSecond: Double
    /// Bytes of the model's JSON.
    public var modelBytes: Int
    /// Single-row calls timed.
    public var calls: Int

    /// At least this many single-row calls are timed, after one warm-up call.
    public static let minimumCalls = 50
    /// Up to this many while the timing budget lasts.
    public static let maximumCalls = 200
    /// Seconds spent on single-row calls before stopping after ``minimumCalls``.
    public static let latencyBudgetSeconds = 0.05
    /// Rows of the batch throughput is measured on.
    public static let batchRows = 1_000

    /// Times `predict` on rows of `sample` (cycled when it has fewer rows than needed).
    /// - Parameters:
    ///   - predict: the model's prediction for a table of raw features.
    ///   - sample: rows to predict (the target column may be present; it is ignored).
    ///   - modelBytes: the byte count of the model's JSON.
    /// - Throws: what `predict` throws.
    public static func measure(
        _ predict: (Table) throws -> Prediction, on sample: Table, modelBytes: Int
    ) throws -> PredictionCost {
        let rowCount = max(sample.rowCount, 1)
        let singles = (0..<min(maximumCalls, rowCount)).map { sample.rows(at: [$0]) }
        let clock = ContinuousClock()
        _ = try predict(singles[0])  // warm-up: first-touch allocations, lazy tables
        var times: [Double] = []
        times.reserveCapacity(maximumCalls)
        var spent = 0.0
        var index = 0
        while times.count < minimumCalls
            || (times.count < maximumCalls && spent < latencyBudgetSeconds)
        {
            let row = singles[index % singles.count]
            index += 1
            let start = clock.now
            _ = try predict(row)
            let seconds = (clock.now - start).seconds
            times.append(seconds)
            spent += seconds
        }
        times.sort()
        let batch = sample.rows(at: (0..<batchRows).map { $0 % rowCount })
        var fastest = Double.infinity
        for _ in 0..<2 {
            let start = clock.now
            _ = try predict(batch)
            fastest = min(fastest, (clock.now - start).seconds)
        }
        return PredictionCost(
            latencyP50Seconds: times[times.count / 2],
            latencyP99Seconds: times[
                min(times.count - 1, Int((0.99 * Double(times.count)).rounded(.up)) - 1)],
            throughputRowsPerSecond: Double(batchRows) / max(fastest, 1e-9),
            modelBytes: modelBytes, calls: times.count)
    }

    /// The cost as trial metrics.
    public var metrics: [String: Double] {
        var metrics: [String: Double] = [:]
        metrics[.latencyP50Seconds] = latencyP50Seconds
        metrics[.latencyP99Seconds] = latencyP99Seconds
        metrics[.throughputRowsPerSecond] = throughputRowsPerSecond
        metrics[.modelBytes] = Double(modelBytes)
        return metrics
    }

    private enum CodingKeys: String, CodingKey {
        case latencyP50Seconds = "latency_p50_seconds"
        case latencyP99Seconds = "latency_p99_seconds"
        case throughputRowsPerSecond = "throughput_rows_per_second"
        case modelBytes = "model_bytes"
        case calls
    }
}

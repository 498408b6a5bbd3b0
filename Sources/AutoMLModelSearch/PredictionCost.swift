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

    /// How many single-row calls are timed.
    public struct Timing: Sendable, Equatable {
        /// At least this many calls, after one warm-up call.
        public var minimumCalls: Int
        /// Up to this many while ``budgetSeconds`` lasts.
        public var maximumCalls: Int
        /// Seconds spent on single-row calls before stopping after ``minimumCalls``.
        public var budgetSeconds: Double
        /// Untimed calls first (at least one) for up to this long: page faults, caches and the
        /// allocator's first growth are paid before timing starts.
        public var warmUpSeconds: Double

        public init(
            minimumCalls: Int, maximumCalls: Int, budgetSeconds: Double, warmUpSeconds: Double = 0
        ) {
            self.minimumCalls = minimumCalls
            self.maximumCalls = maximumCalls
            self.budgetSeconds = budgetSeconds
            self.warmUpSeconds = warmUpSeconds
        }

        /// Every model trial: 50 to 200 calls within 50 ms (a p99 from 200 calls is the
        /// second slowest: good enough to rank candidates, cheap enough for every trial).
        public static let trial = Timing(minimumCalls: 50, maximumCalls: 200, budgetSeconds: 0.05)
        /// A deployable model (profiles, `validate`): 200 to 5,000 calls within half a second
        /// after 0.1 s of warm-up, so the p99 rests on up to 50 slow calls rather than one or
        /// two, and a fresh process (`validate`) times the same warm model `export` does.
        public static let deployment = Timing(
            minimumCalls: 200, maximumCalls: 5_000, budgetSeconds: 0.5, warmUpSeconds: 0.1)
    }

    /// Rows of the batch throughput is measured on.
    public static let batchRows = 1_000

    /// Times `predict` on rows of `sample` (cycled when it has fewer rows than needed): single-row
    /// calls as `timing` says, then two batches of ``batchRows`` rows.
    /// - Parameters:
    ///   - predict: the model's prediction for a table of raw features.
    ///   - sample: rows to predict (the target column may be present; it is ignored).
    ///   - modelBytes: the byte count of the model's JSON.
    ///   - timing: how many single-row calls.
    /// - Throws: what `predict` throws.
    public static func measure(
        _ predict: (Table) throws -> Prediction, on sample: Table, modelBytes: Int,
        timing: Timing = .trial
    ) throws -> PredictionCost {
        let rowCount = max(sample.rowCount, 1)
        let singles = (0..<min(timing.maximumCalls, rowCount, 1_000)).map { sample.rows(at: [$0]) }
        let clock = ContinuousClock()
        let warmUpEnd = clock.now + .seconds(timing.warmUpSeconds)
        var warmUpCalls = 0
        repeat {
            _ = try predict(singles[warmUpCalls % singles.count])
            warmUpCalls += 1
        } while clock.now < warmUpEnd && warmUpCalls < 10 * timing.maximumCalls
        var times: [Double] = []
        times.reserveCapacity(timing.maximumCalls)
        var spent = 0.0
        var index = 0
        while times.count < timing.minimumCalls
            || (times.count < timing.maximumCalls && spent < timing.budgetSeconds)
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

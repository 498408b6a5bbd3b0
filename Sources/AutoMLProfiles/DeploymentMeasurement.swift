import AutoMLData
import AutoMLExecutor
import AutoMLModelSearch
import Foundation

/// What a deployable model costs, measured the same way by `export` (on training rows) and
/// `validate` (on the rows it is given): single-row latency p50/p99 (``PredictionCost/Timing/deployment``:
/// up to 5,000 calls), throughput at 1,000 rows,
/// the bytes of its JSON (``PredictionCost``), and the peak resident memory of loading the
/// model from that JSON and predicting a batch.
///
/// The peak is the process's (`getrusage` after clearing the kernel's high-water mark), so it
/// includes what the process already holds; commands measure it before loading anything else
/// heavy.
public struct DeploymentMeasurement: Sendable, Equatable {
    public var cost: PredictionCost
    public var peakMemoryBytes: Double

    /// Measures `model` on rows of `sample`.
    /// - Throws: what prediction or decoding the model's JSON throws.
    public static func measure(_ model: ModelArtifact, on sample: Table) throws
        -> DeploymentMeasurement
    {
        let json = try model.jsonData()
        ResourceUsage.resetProcessPeakMemory()
        let loaded = try ModelArtifact(jsonData: json, source: "the model")
        let rowCount = max(sample.rowCount, 1)
        _ = try loaded.predict(
            sample.rows(at: (0..<PredictionCost.batchRows).map { $0 % rowCount }))
        let peak = ResourceUsage.processPeakMemoryBytes() ?? 0
        let cost = try PredictionCost.measure(
            { try loaded.predict($0) }, on: sample, modelBytes: json.count, timing: .deployment)
        return DeploymentMeasurement(cost: cost, peakMemoryBytes: peak)
    }
}

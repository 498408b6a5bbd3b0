import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLStudy

/// Scores configurations with an empirical performance model instead of running them: a
/// random forest (our own, 100 trees, seeded) fitted to the study's complete trials, each
/// configuration encoded in the unit cube (``UnitCubeEncoding``; inactive parameters at a
/// constant). The surrogate path of Biedenkapp et al. (AAAI 2017): an ablation path in seconds,
/// labelled as predicted, whose first steps `--verify K` re-runs for real.
public struct SurrogateEvaluator: AblationEvaluator {
    public let encoding: UnitCubeEncoding
    private let model: any Model

    /// Fits the surrogate on the complete trials of `history` that `space` can encode.
    /// - Throws: ``AblationError/tooFewTrials(method:found:needed:)`` below 5 usable trials,
    ///   ``AblationError/surrogateFailed(reason:)``.
    public init(history: StudyHistory, space: SearchSpace, seed: UInt64) throws {
        encoding = UnitCubeEncoding(space)
        var rows: [Double] = []
        var values: [Double] = []
        for trial in history.completed {
            guard let value = trial.value, value.isFinite,
                let point = encoding.encode(trial.configuration)
            else {
                continue
            }
            rows += point
            values.append(value)
        }
        guard values.count >= 5 else {
            throw AblationError.tooFewTrials(
                method: "the surrogate path", found: values.count, needed: 5)
        }
        do {
            let features = try Matrix(rows: values.count, columns: encoding.dimension, values: rows)
            model = try RandomForest(.init(treeCount: 100, minSamplesLeaf: 2))
                .fit(TrainingData(features: features, target: .regression(values)), seed: seed)
        } catch {
            throw AblationError.surrogateFailed(reason: "\(error)")
        }
    }

    public func score(_ configuration: Configuration, repeat index: Int) async throws -> Double {
        guard let point = encoding.encode(configuration),
            let row = try? Matrix(rows: 1, columns: encoding.dimension, values: point),
            case .values(let predicted) = try model.predict(row), let value = predicted.first
        else {
            throw AblationError.evaluationFailed(
                configuration: "\(configuration)",
                reason: "the surrogate cannot place it in the space")
        }
        return value
    }
}

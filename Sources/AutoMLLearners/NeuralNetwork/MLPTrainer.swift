import AutoMLData
import AutoMLNumerics

/// The training loop of ``MultilayerPerceptron`` (scikit-learn's `_fit_stochastic`): epochs of
/// shuffled mini-batches, one Adam step per batch, and the stopping rule on the training loss
/// or a validation score.
///
/// Random streams: `seed`'s child 1 initializes the parameters, child 2 shuffles, child 3
/// draws the early-stopping split.
struct MLPTrainer {
    let hyperparameters: MultilayerPerceptron.Hyperparameters
    let seed: UInt64

    /// What the training rows ask the network to fit.
    private struct Targets {
        var task: LearningTask
        var classCount = 0
        var labels: [Int] = []
        var values: [Double] = []
        var weights: [Double]?
        /// Regression: the standardization undone at prediction (mean 0, scale 1 when off).
        var mean = 0.0
        var scale = 1.0
    }

    /// Fits the network on `data` (already validated).
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for a validation part of
    ///   fewer than 2 rows or a loss that became NaN or infinite.
    func train(_ data: TrainingData) throws(LearnerError) -> MultilayerPerceptronModel {
        let h = hyperparameters
        let root = RandomSource(seed: seed)
        var targets = Self.targets(of: data, standardize: h.standardizeTarget)
        var rows = Array(0..<data.features.rows)
        if let weights = targets.weights {
            rows = rows.filter { weights[$0] > 0 }
            if rows.allSatisfy({ weights[$0] == weights[rows[0]] }) { targets.weights = nil }
        }
        var validationRows: [Int] = []
        if h.earlyStopping {
            (rows, validationRows) = try Self.split(
                rows, targets: targets, fraction: h.validationFraction, seed: root.child(3).seed)
        }
        let output: MLPOutput =
            targets.task == .regression
            ? .identity : (targets.classCount == 2 ? .logistic : .softmax)
        let outputCount = output == .softmax ? targets.classCount : 1
        let architecture = MLPArchitecture(
            layerSizes: [data.features.columns] + h.hiddenLayerSizes + [outputCount],
            activation: h.activation,
            output: output)
        var initRandom = root.child(1)
        var parameters = architecture.initialParameters(random: &initRandom)
        let batchSize = min(max(h.batchSize ?? min(200, rows.count), 1), rows.count)
        let workspace = MLPWorkspace(architecture: architecture, capacity: batchSize)
        let loader = BatchLoader(
            features: data.features, labels: targets.labels, values: targets.values,
            weights: targets.weights,
            workspace: workspace)
        var adam = AdamOptimizer(
            parameterCount: architecture.parameterCount, learningRate: h.learningRate,
            beta1: h.beta1,
            beta2: h.beta2, epsilon: h.epsilon)
        var shuffleRandom = root.child(2)
        // The loss the stopping rule sees is on the original target scale, as in scikit-learn.
        let lossScale = targets.scale * targets.scale
        var bestParameters = h.earlyStopping ? parameters : []
        var bestLoss = Double.infinity
        var bestScore = -Double.infinity
        var epochsWithoutImprovement = 0
        var epochs = 0
        var epochLoss = Double.nan
        let isWeighted = targets.weights != nil
        parameters.withUnsafeMutableBufferPointer { parameterBuffer in
            guard let p = parameterBuffer.baseAddress else { return }
            while epochs < h.maxEpochs {
                if h.shuffle { Self.shuffle(&rows, using: &shuffleRandom) }
                var accumulated = 0.0
                var start = 0
                while start < rows.count {
                    let m = min(batchSize, rows.count - start)
                    loader.load(rows[start..<(start + m)])
                    let loss = workspace.lossAndGradient(
                        parameters: p, rows: m, alpha: h.alpha, isWeighted: isWeighted)
                    adam.update(p, gradient: workspace.gradient)
                    accumulated += loss * Double(m)
                    start += m
                }
                epochs += 1
                epochLoss = accumulated / Double(rows.count) * lossScale
                guard epochLoss.isFinite else { return }
                if h.earlyStopping {
                    let score = loader.score(parameters: p, rows: validationRows)
                    epochsWithoutImprovement =
                        score < bestScore + h.tolerance ? epochsWithoutImprovement + 1 : 0
                    if score > bestScore {
                        bestScore = score
                        bestParameters.withUnsafeMutableBufferPointer { best in
                            best.baseAddress?.update(from: p, count: best.count)
                        }
                    }
                } else {
                    epochsWithoutImprovement =
                        epochLoss > bestLoss - h.tolerance ? epochsWithoutImprovement + 1 : 0
                    bestLoss = min(bestLoss, epochLoss)
                }
                if epochsWithoutImprovement > h.epochsWithoutImprovement { break }
            }
        }
        guard epochLoss.isFinite else {
            throw .invalidTrainingData(
                learner: MultilayerPerceptron.familyName,
                reason:
                    "the training loss became NaN or infinite in epoch \(epochs); lower learning_rate"
            )
        }
        return MultilayerPerceptronModel(
            task: targets.task, classCount: targets.classCount, architecture: architecture,
            parameters: h.earlyStopping ? bestParameters : parameters, targetMean: targets.mean,
            targetScale: targets.scale, epochCount: epochs, finalLoss: epochLoss)
    }

    /// Fisher–Yates, as ``RandomSource/shuffle(_:)`` draws it (same permutation for the same
    /// stream), written for `[Int]` so the per-epoch shuffle runs without generic dispatch.
    private static func shuffle(_ values: inout [Int], using random: inout RandomSource) {
        guard values.count > 1 else { return }
        values.withUnsafeMutableBufferPointer { v in
            for i in stride(from: v.count - 1, to: 0, by: -1) {
                v.swapAt(i, random.integer(below: i + 1))
            }
        }
    }

    /// Labels or (optionally standardized, with weighted mean and standard deviation) values.
    private static func targets(of data: TrainingData, standardize: Bool) -> Targets {
        switch data.target {
        case .classification(let labels, let classes):
            return Targets(
                task: .classification, classCount: classes.count, labels: labels,
                weights: data.weights)
        case .regression(let values):
            var targets = Targets(task: .regression, values: values, weights: data.weights)
            guard standardize else { return targets }
            let weights = data.weights ?? [Double](repeating: 1, count: values.count)
            let total = weights.reduce(0, +)
            let mean = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / total
            let variance =
                zip(values, weights).reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) } / total
            let deviation = variance.squareRoot()
            targets.mean = mean
            targets.scale = deviation > 1e-12 * max(1, abs(mean)) ? deviation : 1
            targets.values = values.map { ($0 - mean) / targets.scale }
            return targets
        }
    }

    /// The early-stopping split of `rows`: ⌈fraction · n⌉ validation rows, stratified by class
    /// when every class has two rows or more (scikit-learn's `train_test_split`).
    private static func split(
        _ rows: [Int], targets: Targets, fraction: Double, seed: UInt64
    ) throws(LearnerError) -> (train: [Int], validation: [Int]) {
        let labels = targets.task == .classification ? rows.map { targets.labels[$0] } : nil
        let split: Split
        do {
            split = try Splitter.holdout(
                count: rows.count, validationFraction: fraction, stratifiedBy: labels, seed: seed)
        } catch {
            do {
                split = try Splitter.holdout(
                    count: rows.count, validationFraction: fraction, seed: seed)
            } catch {
                throw .invalidTrainingData(
                    learner: MultilayerPerceptron.familyName,
                    reason:
                        "early stopping cannot hold out \(fraction) of \(rows.count) rows (\(error))"
                )
            }
        }
        guard split.validation.count >= 2, !split.train.isEmpty else {
            throw .invalidTrainingData(
                learner: MultilayerPerceptron.familyName,
                reason:
                    "the early-stopping validation part has \(split.validation.count) row(s), fewer than 2; "
                    + "raise validation_fraction or turn early_stopping off")
        }
        return (split.train.map { rows[$0] }, split.validation.map { rows[$0] })
    }
}

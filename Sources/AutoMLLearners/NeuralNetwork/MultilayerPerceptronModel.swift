import AutoMLData
import AutoMLNumerics

/// A fitted ``MultilayerPerceptron``: the layer shapes, the flat parameter vector (weights and
/// biases, scikit-learn's `coefs_` and `intercepts_`), and for regression the target
/// standardization to undo.
public struct MultilayerPerceptronModel: Model, Equatable {
    public static let familyName = MultilayerPerceptron.familyName
    /// The current JSON format version.
    public static let formatVersion = 1
    /// Rows per forward pass when predicting large batches.
    static let predictionChunk = 1024

    public let task: LearningTask
    /// Number of classes (0 for regression).
    public let classCount: Int
    let architecture: MLPArchitecture
    let parameters: [Double]
    /// Regression: predictions are `output · targetScale + targetMean` (0 and 1 without
    /// standardization or for classification).
    public let targetMean: Double
    public let targetScale: Double
    /// Epochs trained (scikit-learn `n_iter_`).
    public let epochCount: Int
    /// Training loss of the last epoch, on the original target scale (scikit-learn `loss_`).
    public let finalLoss: Double

    init(
        task: LearningTask, classCount: Int, architecture: MLPArchitecture, parameters: [Double],
        targetMean: Double,
        targetScale: Double, epochCount: Int, finalLoss: Double
    ) {
        self.task = task
        self.classCount = classCount
        self.architecture = architecture
        self.parameters = parameters
        self.targetMean = targetMean
        self.targetScale = targetScale
        self.epochCount = epochCount
        self.finalLoss = finalLoss
    }

    public var featureCount: Int { architecture.layerSizes[0] }
    /// Units per hidden layer.
    public var hiddenLayerSizes: [Int] { Array(architecture.layerSizes.dropFirst().dropLast()) }
    /// Weights and biases in bytes.
    public var parameterBytes: Int { parameters.count * MemoryLayout<Double>.size }

    /// Class probabilities (softmax, or [1 − p, p] for two classes; the label is class 1 when
    /// p > 0.5, as in scikit-learn) or values. Forward passes of up to 1024 rows through BLAS
    /// `dgemm` (`dgemv` for one row). O(q · Σ fan_in · fan_out).
    /// - Throws: ``LearnerError/featureCountMismatch(learner:expected:got:)``.
    public func predict(_ features: Matrix) throws(LearnerError) -> Prediction {
        try checkWidth(features)
        let q = features.rows
        let d = featureCount
        let last = architecture.layerCount
        let outputs = architecture.layerSizes[last]
        let chunk = min(Self.predictionChunk, max(q, 1))
        let layers = architecture.layerSizes.map {
            UnsafeMutablePointer<Double>.allocate(capacity: chunk * $0)
        }
        defer { for p in layers { p.deallocate() } }
        var scores = [Double](repeating: 0, count: q * outputs)
        parameters.withUnsafeBufferPointer { parameterBuffer in
            features.storage.withUnsafeBufferPointer { x in
                scores.withUnsafeMutableBufferPointer { out in
                    guard let p = parameterBuffer.baseAddress, let input = x.baseAddress,
                        let target = out.baseAddress
                    else { return }
                    var start = 0
                    while start < q {
                        let m = min(chunk, q - start)
                        layers[0].update(from: input + start * d, count: m * d)
                        architecture.forward(parameters: p, rows: m, layers: layers)
                        (target + start * outputs).update(from: layers[last], count: m * outputs)
                        start += m
                    }
                }
            }
        }
        switch architecture.output {
        case .identity:
            return .values(scores.map { $0 * targetScale + targetMean })
        case .logistic:
            var probabilities = Matrix(rows: q, columns: 2)
            for r in 0..<q {
                probabilities.storage[2 * r] = 1 - scores[r]
                probabilities.storage[2 * r + 1] = scores[r]
            }
            return .classes(labels: scores.map { $0 > 0.5 ? 1 : 0 }, probabilities: probabilities)
        case .softmax:
            var labels = [Int](repeating: 0, count: q)
            for r in 0..<q {
                var best = 0
                for j in 1..<outputs where scores[r * outputs + j] > scores[r * outputs + best] {
                    best = j
                }
                labels[r] = best
            }
            var probabilities = Matrix(rows: q, columns: outputs)
            probabilities.storage = scores
            return .classes(labels: labels, probabilities: probabilities)
        }
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey {
        case version, task, classCount, architecture, parameters, targetMean, targetScale,
            epochCount, finalLoss
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.formatVersion else {
            throw LearnerError.unsupportedVersion(found: version, supported: Self.formatVersion)
        }
        task = try c.decode(LearningTask.self, forKey: .task)
        classCount = try c.decode(Int.self, forKey: .classCount)
        architecture = try c.decode(MLPArchitecture.self, forKey: .architecture)
        parameters = try c.decode([Double].self, forKey: .parameters)
        targetMean = try c.decode(Double.self, forKey: .targetMean)
        targetScale = try c.decode(Double.self, forKey: .targetScale)
        epochCount = try c.decode(Int.self, forKey: .epochCount)
        finalLoss = try c.decode(Double.self, forKey: .finalLoss)
        let outputs = architecture.layerSizes.last ?? 0
        let expectedOutput: MLPOutput =
            task == .regression ? .identity : (classCount == 2 ? .logistic : .softmax)
        let expectedOutputs = task == .regression || classCount == 2 ? 1 : classCount
        guard parameters.count == architecture.parameterCount,
            architecture.output == expectedOutput,
            outputs == expectedOutputs
        else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: c.codingPath,
                    debugDescription: "mlp model: parameters, layers and task do not agree"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.formatVersion, forKey: .version)
        try c.encode(task, forKey: .task)
        try c.encode(classCount, forKey: .classCount)
        try c.encode(architecture, forKey: .architecture)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(targetMean, forKey: .targetMean)
        try c.encode(targetScale, forKey: .targetScale)
        try c.encode(epochCount, forKey: .epochCount)
        try c.encode(finalLoss, forKey: .finalLoss)
    }
}

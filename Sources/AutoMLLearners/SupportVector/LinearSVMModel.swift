import AutoMLData
import AutoMLNumerics

/// A fitted ``LinearSVM``: one weight row and intercept per machine — one for regression and
/// binary classification (positive for the second trained class), one per trained class
/// otherwise (one-vs-rest).
///
/// JSON carries a `version` (currently 1).
public struct LinearSVMModel: Model, Equatable {
    public static let familyName = LinearSVM.familyName
    /// The JSON format version this build writes and the highest it reads.
    public static let formatVersion = 1

    public let task: LearningTask
    public let featureCount: Int
    /// `machines × featureCount` weights (scikit-learn `coef_`).
    public let weights: Matrix
    /// One intercept per machine (scikit-learn `intercept_`).
    public let intercepts: [Double]
    /// Number of classes of the target (classification), 0 for regression.
    public let classCount: Int
    /// The class indices that had rows of positive weight, ascending.
    public let trainedClasses: [Int]
    /// Platt sigmoids per machine (classification).
    let probabilityScalings: [PlattScaling]
    /// Passes over the data per machine (scikit-learn `n_iter_` is their maximum).
    public let iterations: [Int]
    /// Whether some machine stopped at `max_iterations` instead of the tolerance.
    public let reachedIterationLimit: Bool

    init(
        task: LearningTask, featureCount: Int, weights: Matrix, intercepts: [Double],
        classCount: Int,
        trainedClasses: [Int], probabilityScalings: [PlattScaling], iterations: [Int],
        reachedIterationLimit: Bool
    ) {
        self.task = task
        self.featureCount = featureCount
        self.weights = weights
        self.intercepts = intercepts
        self.classCount = classCount
        self.trainedClasses = trainedClasses
        self.probabilityScalings = probabilityScalings
        self.iterations = iterations
        self.reachedIterationLimit = reachedIterationLimit
    }

    public var parameterBytes: Int {
        (weights.storage.count + intercepts.count + 2 * probabilityScalings.count)
            * MemoryLayout<Double>.size
            + trainedClasses.count * MemoryLayout<Int>.size
    }

    /// Predictions for every row of `features`: decision values `X Wᵀ + b` by one BLAS call;
    /// labels by their argmax (binary: the sign), probabilities by the normalized sigmoids.
    /// - Throws: ``LearnerError/featureCountMismatch(learner:expected:got:)``.
    /// - Complexity: O(rows · featureCount · machines).
    public func predict(_ features: Matrix) throws(LearnerError) -> Prediction {
        try checkWidth(features)
        let decisions = decisionValues(features)
        let m = features.rows
        let machines = weights.rows
        guard task == .classification else { return .values(decisions.storage) }
        var labels = [Int](repeating: 0, count: m)
        var probabilities = Matrix(rows: m, columns: classCount)
        for r in 0..<m {
            let row = r * machines
            if machines == 1 {
                let f = decisions.storage[row]
                labels[r] = f > 0 ? trainedClasses[1] : trainedClasses[0]
                let p = probabilityScalings[0].probability(f)
                probabilities[r, trainedClasses[1]] = p
                probabilities[r, trainedClasses[0]] = 1 - p
            } else {
                var best = 0
                var total = 0.0
                for c in 0..<machines {
                    let f = decisions.storage[row + c]
                    if f > decisions.storage[row + best] { best = c }
                    let p = probabilityScalings[c].probability(f)
                    probabilities[r, trainedClasses[c]] = p
                    total += p
                }
                labels[r] = trainedClasses[best]
                for c in 0..<machines {
                    let column = trainedClasses[c]
                    probabilities[r, column] =
                        total > 0 ? probabilities[r, column] / total : 1 / Double(machines)
                }
            }
        }
        return .classes(labels: labels, probabilities: probabilities)
    }

    /// `rows × machines` decision values `X Wᵀ + b`.
    func decisionValues(_ features: Matrix) -> Matrix {
        let machines = weights.rows
        var result = Matrix(rows: features.rows, columns: machines)
        guard features.rows > 0 else { return result }
        features.storage.withUnsafeBufferPointer { px in
            weights.storage.withUnsafeBufferPointer { pw in
                result.storage.withUnsafeMutableBufferPointer { pr in
                    guard let x = px.baseAddress, let w = pw.baseAddress, let out = pr.baseAddress
                    else { return }
                    BufferBLAS.gemm(
                        transposeB: true, m: features.rows, n: machines, k: featureCount, a: x,
                        lda: featureCount, b: w, ldb: featureCount, c: out, ldc: machines)
                }
            }
        }
        for r in 0..<features.rows {
            for c in 0..<machines { result.storage[r * machines + c] += intercepts[c] }
        }
        return result
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey {
        case version, task, featureCount, weights, intercepts, classCount, trainedClasses,
            probabilityScalings,
            iterations, reachedIterationLimit
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.formatVersion else {
            throw LearnerError.unsupportedVersion(found: version, supported: Self.formatVersion)
        }
        self.init(
            task: try c.decode(LearningTask.self, forKey: .task),
            featureCount: try c.decode(Int.self, forKey: .featureCount),
            weights: try c.decode(Matrix.self, forKey: .weights),
            intercepts: try c.decode([Double].self, forKey: .intercepts),
            classCount: try c.decode(Int.self, forKey: .classCount),
            trainedClasses: try c.decode([Int].self, forKey: .trainedClasses),
            probabilityScalings: try c.decode([PlattScaling].self, forKey: .probabilityScalings),
            iterations: try c.decode([Int].self, forKey: .iterations),
            reachedIterationLimit: try c.decode(Bool.self, forKey: .reachedIterationLimit))
        let machines = weights.rows
        let k = trainedClasses.count
        let consistent: Bool
        switch task {
        case .regression:
            consistent = machines == 1 && intercepts.count == 1
        case .classification:
            consistent =
                k >= 2 && machines == (k == 2 ? 1 : k) && intercepts.count == machines
                && probabilityScalings.count == machines
                && trainedClasses.allSatisfy { $0 >= 0 && $0 < classCount }
        }
        guard consistent, weights.columns == featureCount else {
            throw LearnerError.unreadableModel(
                reason: "linear_svm model: the weights do not match the classes or features")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.formatVersion, forKey: .version)
        try c.encode(task, forKey: .task)
        try c.encode(featureCount, forKey: .featureCount)
        try c.encode(weights, forKey: .weights)
        try c.encode(intercepts, forKey: .intercepts)
        try c.encode(classCount, forKey: .classCount)
        try c.encode(trainedClasses, forKey: .trainedClasses)
        try c.encode(probabilityScalings, forKey: .probabilityScalings)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(reachedIterationLimit, forKey: .reachedIterationLimit)
    }
}

import AutoMLData
import AutoMLNumerics

/// A fitted ``SVM``: support vectors, dual coefficients and intercepts in libsvm's layout.
///
/// Classification with `k` trained classes holds `k(k−1)/2` one-vs-one machines. The support
/// vectors are grouped by class (``supportVectorCounts``); machine `(a, b)`, `a < b`, reads the
/// coefficients of `a`'s vectors from row `b − 1` of ``dualCoefficients`` and those of `b`'s
/// vectors from row `a`, and decides `f_ab(x) = Σ coef · K(sv, x) + intercept_ab`, positive for
/// `a`. Regression holds one row of coefficients and one intercept.
///
/// JSON carries a `version` (currently 1); the squared norms of the support vectors are
/// recomputed on decoding.
public struct SVMModel: Model, Equatable {
    public static let familyName = SVM.familyName
    /// The JSON format version this build writes and the highest it reads.
    public static let formatVersion = 1

    public let task: LearningTask
    public let featureCount: Int
    let kernelFunction: KernelFunction
    /// The support vectors, `nSV × featureCount` (classification: grouped by trained class).
    public let supportVectors: Matrix
    /// Number of classes of the target (classification), 0 for regression.
    public let classCount: Int
    /// The class indices that had rows of positive weight, ascending; the machines are over these.
    public let trainedClasses: [Int]
    /// Support vectors per trained class (regression: one count).
    public let supportVectorCounts: [Int]
    /// libsvm's `sv_coef`: `(k − 1) × nSV` signed dual coefficients `y_i α_i` (regression:
    /// `1 × nSV`, `α_i − α*_i`).
    public let dualCoefficients: Matrix
    /// `−ρ` of each one-vs-one machine in the order (0,1), (0,2), …, (1,2), … (regression: one).
    public let intercepts: [Double]
    /// Platt sigmoids per machine (classification).
    let probabilityScalings: [PlattScaling]
    /// SMO iterations per machine.
    public let iterations: [Int]
    /// Whether some machine stopped at `max_iterations` or libsvm's safety cap instead of the
    /// tolerance (scikit-learn warns in that case); its solution may be inaccurate.
    public let reachedIterationLimit: Bool
    /// `‖sv‖²` per support vector (derived).
    let supportVectorNorms: [Double]

    /// The kernel used.
    public var kernel: SVMKernel { kernelFunction.kind }
    /// The resolved kernel coefficient γ.
    public var gamma: Double { kernelFunction.gamma }

    init(
        task: LearningTask, featureCount: Int, kernel: KernelFunction, supportVectors: Matrix,
        classCount: Int,
        trainedClasses: [Int], supportVectorCounts: [Int], dualCoefficients: Matrix,
        intercepts: [Double],
        probabilityScalings: [PlattScaling], iterations: [Int], reachedIterationLimit: Bool
    ) {
        self.task = task
        self.featureCount = featureCount
        self.kernelFunction = kernel
        self.supportVectors = supportVectors
        self.classCount = classCount
        self.trainedClasses = trainedClasses
        self.supportVectorCounts = supportVectorCounts
        self.dualCoefficients = dualCoefficients
        self.intercepts = intercepts
        self.probabilityScalings = probabilityScalings
        self.iterations = iterations
        self.reachedIterationLimit = reachedIterationLimit
        self.supportVectorNorms = KernelFunction.squaredNorms(of: supportVectors)
    }

    public var parameterBytes: Int {
        let doubles =
            supportVectors.storage.count + dualCoefficients.storage.count + intercepts.count
            + 2 * probabilityScalings.count
        return doubles * MemoryLayout<Double>.size
            + (trainedClasses.count + supportVectorCounts.count) * MemoryLayout<Int>.size
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey {
        case version, task, featureCount, kernel, supportVectors, classCount, trainedClasses,
            supportVectorCounts,
            dualCoefficients, intercepts, probabilityScalings, iterations, reachedIterationLimit
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
            kernel: try c.decode(KernelFunction.self, forKey: .kernel),
            supportVectors: try c.decode(Matrix.self, forKey: .supportVectors),
            classCount: try c.decode(Int.self, forKey: .classCount),
            trainedClasses: try c.decode([Int].self, forKey: .trainedClasses),
            supportVectorCounts: try c.decode([Int].self, forKey: .supportVectorCounts),
            dualCoefficients: try c.decode(Matrix.self, forKey: .dualCoefficients),
            intercepts: try c.decode([Double].self, forKey: .intercepts),
            probabilityScalings: try c.decode([PlattScaling].self, forKey: .probabilityScalings),
            iterations: try c.decode([Int].self, forKey: .iterations),
            reachedIterationLimit: try c.decode(Bool.self, forKey: .reachedIterationLimit))
        try checkConsistency()
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.formatVersion, forKey: .version)
        try c.encode(task, forKey: .task)
        try c.encode(featureCount, forKey: .featureCount)
        try c.encode(kernelFunction, forKey: .kernel)
        try c.encode(supportVectors, forKey: .supportVectors)
        try c.encode(classCount, forKey: .classCount)
        try c.encode(trainedClasses, forKey: .trainedClasses)
        try c.encode(supportVectorCounts, forKey: .supportVectorCounts)
        try c.encode(dualCoefficients, forKey: .dualCoefficients)
        try c.encode(intercepts, forKey: .intercepts)
        try c.encode(probabilityScalings, forKey: .probabilityScalings)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(reachedIterationLimit, forKey: .reachedIterationLimit)
    }

    /// Refuses a decoded model whose parts do not fit together (a hand-edited file), so that
    /// prediction cannot index out of range.
    private func checkConsistency() throws(LearnerError) {
        let count = supportVectors.rows
        let k = trainedClasses.count
        var problems: [String] = []
        if supportVectors.columns != featureCount {
            problems.append("support vectors are not \(featureCount) wide")
        }
        // Each count is checked before summing, so the sum cannot overflow.
        if supportVectorCounts.contains(where: { $0 < 0 || $0 > count })
            || supportVectorCounts.reduce(0, +) != count
        {
            problems.append("support vector counts do not add up to \(count)")
        }
        if dualCoefficients.columns != count {
            problems.append("dual coefficients do not match the support vectors")
        }
        switch task {
        case .classification:
            let pairs = k * (k - 1) / 2
            if k < 2 || trainedClasses.contains(where: { $0 < 0 || $0 >= classCount }) {
                problems.append("trained classes are not classes of the target")
            }
            if supportVectorCounts.count != k || dualCoefficients.rows != max(k - 1, 0)
                || intercepts.count != pairs
                || probabilityScalings.count != pairs
            {
                problems.append("the one-vs-one machines do not match \(k) classes")
            }
        case .regression:
            if dualCoefficients.rows != 1 || intercepts.count != 1 {
                problems.append("regression needs one machine")
            }
        }
        if !problems.isEmpty {
            throw .unreadableModel(reason: "svm model: " + problems.joined(separator: "; "))
        }
    }
}

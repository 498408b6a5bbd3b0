import AutoMLData
import AutoMLNumerics
import Foundation

/// A fitted ``GaussianNaiveBayes``: per-class feature means and (smoothed) variances and the
/// class priors (scikit-learn's `theta_`, `var_`, `class_prior_`).
public struct GaussianNaiveBayesModel: Model, Equatable {
    public static let familyName = GaussianNaiveBayes.familyName
    /// The current JSON format version.
    public static let formatVersion = 1

    /// `classes × features` means.
    public let means: Matrix
    /// `classes × features` variances, ε included.
    public let variances: Matrix
    /// Prior probability per class (0 for a class absent from the training rows).
    public let priors: [Double]
    /// The smoothing ε added to every variance.
    public let epsilon: Double

    public var task: LearningTask { .classification }
    public var featureCount: Int { means.columns }
    /// One prior per class of the target.
    public var classCount: Int { priors.count }
    /// Means, variances and priors in bytes.
    public var parameterBytes: Int {
        (means.storage.count + variances.storage.count + priors.count) * 8
    }

    init(means: Matrix, variances: Matrix, priors: [Double], epsilon: Double) {
        self.means = means
        self.variances = variances
        self.priors = priors
        self.epsilon = epsilon
    }

    /// Class posteriors for every row, from the joint log-likelihoods
    /// log P(c) − ½ Σⱼ log(2π σ²_cj) − ½ Σⱼ (xⱼ − μ_cj)² / σ²_cj normalized by log-sum-exp.
    /// The label is the class of largest posterior (the first on ties). O(q·k·d).
    /// - Throws: ``LearnerError/featureCountMismatch(learner:expected:got:)``.
    public func predict(_ features: Matrix) throws(LearnerError) -> Prediction {
        try checkWidth(features)
        let q = features.rows
        let k = priors.count
        let d = featureCount
        // Per class: log prior − ½ Σ log(2π σ²) (−∞ for a class of prior 0), and 1/σ².
        var offsets = [Double](repeating: 0, count: k)
        var precisions = [Double](repeating: 0, count: variances.storage.count)
        for c in 0..<k {
            var logDeterminant = 0.0
            for j in 0..<d {
                let variance = variances.storage[c * d + j]
                logDeterminant += log(2 * Double.pi * variance)
                precisions[c * d + j] = 1 / variance
            }
            offsets[c] = priors[c] > 0 ? log(priors[c]) - 0.5 * logDeterminant : -.infinity
        }
        var probabilities = Matrix(rows: q, columns: k)
        var labels = [Int](repeating: 0, count: q)
        features.storage.withUnsafeBufferPointer { x in
            means.storage.withUnsafeBufferPointer { mu in
                probabilities.storage.withUnsafeMutableBufferPointer { p in
                    for r in 0..<q {
                        let row = r * d
                        var best = 0
                        for c in 0..<k {
                            guard offsets[c] > -.infinity else {
                                p[r * k + c] = -.infinity
                                continue
                            }
                            var distance = 0.0
                            for j in 0..<d {
                                let deviation = x[row + j] - mu[c * d + j]
                                distance += deviation * deviation * precisions[c * d + j]
                            }
                            p[r * k + c] = offsets[c] - 0.5 * distance
                            if p[r * k + c] > p[r * k + best] { best = c }
                        }
                        labels[r] = best
                        // log-sum-exp around the largest joint log-likelihood.
                        let top = p[r * k + best]
                        var sum = 0.0
                        for c in 0..<k { sum += exp(p[r * k + c] - top) }
                        let logSum = top + log(sum)
                        for c in 0..<k { p[r * k + c] = exp(p[r * k + c] - logSum) }
                    }
                }
            }
        }
        return .classes(labels: labels, probabilities: probabilities)
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey { case version, means, variances, priors, epsilon }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.formatVersion else {
            throw LearnerError.unsupportedVersion(found: version, supported: Self.formatVersion)
        }
        means = try container.decode(Matrix.self, forKey: .means)
        variances = try container.decode(Matrix.self, forKey: .variances)
        priors = try container.decode([Double].self, forKey: .priors)
        epsilon = try container.decode(Double.self, forKey: .epsilon)
        guard means.rows == priors.count, variances.rows == priors.count,
            means.columns == variances.columns,
            means.storage.count == means.rows * means.columns,
            variances.storage.count == variances.rows * variances.columns,
            variances.storage.allSatisfy({ $0 > 0 }), priors.contains(where: { $0 > 0 })
        else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: container.codingPath,
                    debugDescription: "gaussian_nb model: means, variances and priors do not agree")
            )
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(means, forKey: .means)
        try container.encode(variances, forKey: .variances)
        try container.encode(priors, forKey: .priors)
        try container.encode(epsilon, forKey: .epsilon)
    }
}

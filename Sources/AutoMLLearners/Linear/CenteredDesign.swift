import AutoMLNumerics

/// The weighted, centered regression problem the linear regressors solve, as scikit-learn's
/// `_preprocess_data` + `_rescale_data` build it for `fit_intercept=True`:
///
///     X̃ᵢ = √ωᵢ (xᵢ − x̄),   ỹᵢ = √ωᵢ (yᵢ − ȳ),   x̄ = Σωᵢxᵢ / Σωᵢ,  ȳ = Σωᵢyᵢ / Σωᵢ.
///
/// Then `Σ ωᵢ (yᵢ − xᵢᵀw − b)²` is minimized over `b` by `b = ȳ − x̄ᵀw`, and what remains is
/// `‖ỹ − X̃w‖²`, so every penalty works on the centered problem and the intercept is never
/// penalized.
struct CenteredDesign {
    /// `x̄`, the weighted feature means (`d`).
    let featureMeans: [Double]
    /// `ȳ`, the weighted target mean.
    let targetMean: Double
    /// `X̃`, `n × d`, row-major.
    let features: Matrix
    /// `ỹ`, `n`.
    let target: [Double]
    /// Whether each column is constant over the rows with positive weight (its centered values
    /// are at most rounding noise of its mean); such columns get a zero coefficient.
    let isConstant: [Bool]

    /// - Parameters:
    ///   - features: `n × d` raw features.
    ///   - target: `n` values.
    ///   - weights: `n` non-negative weights or `nil` for ones.
    ///   - weightTotal: when given, weights are rescaled to sum to it first (scikit-learn's
    ///     `ElasticNet` rescales them to sum to `n`).
    /// - Complexity: O(n·d).
    init(features: Matrix, target: [Double], weights: [Double]?, weightTotal: Double? = nil) {
        let n = features.rows
        let d = features.columns
        var omega = weights ?? [Double](repeating: 1, count: n)
        if let weightTotal {
            let sum = omega.reduce(0, +)
            omega = omega.map { $0 * weightTotal / sum }
        }
        let sum = omega.reduce(0, +)
        var means = [Double](repeating: 0, count: d)
        var yMean = 0.0
        var centered = Matrix(rows: n, columns: d)
        var y = [Double](repeating: 0, count: n)
        var spread = [Double](repeating: 0, count: d)
        features.storage.withUnsafeBufferPointer { x in
            centered.storage.withUnsafeMutableBufferPointer { c in
                // Weighted means, then one correction pass (x̄ += Σω(x − x̄)/Σω) so that a
                // constant column centers to zero up to one rounding.
                for i in 0..<n where omega[i] > 0 {
                    for j in 0..<d { means[j] += omega[i] * x[i * d + j] }
                    yMean += omega[i] * target[i]
                }
                for j in 0..<d { means[j] /= sum }
                yMean /= sum
                var correction = [Double](repeating: 0, count: d)
                var yCorrection = 0.0
                for i in 0..<n where omega[i] > 0 {
                    for j in 0..<d { correction[j] += omega[i] * (x[i * d + j] - means[j]) }
                    yCorrection += omega[i] * (target[i] - yMean)
                }
                for j in 0..<d { means[j] += correction[j] / sum }
                yMean += yCorrection / sum
                for i in 0..<n {
                    let root = omega[i].squareRoot()
                    for j in 0..<d {
                        let value = x[i * d + j] - means[j]
                        if root > 0 { spread[j] = max(spread[j], abs(value)) }
                        c[i * d + j] = root * value
                    }
                    y[i] = root * (target[i] - yMean)
                }
            }
        }
        self.featureMeans = means
        self.targetMean = yMean
        self.features = centered
        self.target = y
        self.isConstant = (0..<d).map { spread[$0] <= 1e-13 * abs(means[$0]) }
    }

    /// The intercept `ȳ − x̄ᵀw` that goes with the centered solution `w`.
    func intercept(for coefficients: [Double]) -> Double {
        var dot = 0.0
        for j in coefficients.indices { dot += featureMeans[j] * coefficients[j] }
        return targetMean - dot
    }
}

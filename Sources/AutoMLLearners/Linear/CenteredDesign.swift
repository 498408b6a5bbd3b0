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
    /// Whether each column holds one value over the rows with positive weight; such columns get
    /// a zero coefficient (their centered values are rounding noise of the mean).
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
        var smallest = [Double](repeating: .infinity, count: d)
        var largest = [Double](repeating: -.infinity, count: d)
        var y = [Double](repeating: 0, count: n)
        let storage = features.storage.withUnsafeBufferPointer { x -> [Double] in
            // Pass 1: weighted sums, and each column's range over the rows that count.
            omega.withUnsafeBufferPointer { w in
                for i in 0..<n where w[i] > 0 {
                    for j in 0..<d {
                        let value = x[i * d + j]
                        means[j] += w[i] * value
                        smallest[j] = min(smallest[j], value)
                        largest[j] = max(largest[j], value)
                    }
                    yMean += w[i] * target[i]
                }
            }
            for j in 0..<d { means[j] /= sum }
            yMean /= sum
            // Pass 2: the centered, √ω-scaled copy.
            return [Double](unsafeUninitializedCapacity: n * d) { c, initialized in
                for i in 0..<n {
                    let root = omega[i].squareRoot()
                    for j in 0..<d { c[i * d + j] = root * (x[i * d + j] - means[j]) }
                    y[i] = root * (target[i] - yMean)
                }
                initialized = n * d
            }
        }
        self.featureMeans = means
        self.targetMean = yMean
        self.features =
            (try? Matrix(rows: n, columns: d, values: storage)) ?? Matrix(rows: n, columns: d)
        self.target = y
        self.isConstant = (0..<d).map { smallest[$0] == largest[$0] }
    }

    /// The intercept `ȳ − x̄ᵀw` that goes with the centered solution `w`.
    func intercept(for coefficients: [Double]) -> Double {
        var dot = 0.0
        for j in coefficients.indices { dot += featureMeans[j] * coefficients[j] }
        return targetMean - dot
    }
}

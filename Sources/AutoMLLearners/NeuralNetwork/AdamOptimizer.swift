import Foundation

/// Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1) over a
/// flat parameter vector, as scikit-learn's `AdamOptimizer` writes it: the bias corrections
/// are folded into the step size,
///
///     t ← t + 1
///     m ← β₁ m + (1 − β₁) g
///     v ← β₂ v + (1 − β₂) g²
///     θ ← θ − lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ) · m / (√v + ε)
struct AdamOptimizer {
    let learningRate: Double
    let beta1: Double
    let beta2: Double
    let epsilon: Double
    /// Steps taken.
    private(set) var step = 0
    private var firstMoment: [Double]
    private var secondMoment: [Double]

    init(parameterCount: Int, learningRate: Double, beta1: Double, beta2: Double, epsilon: Double) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoment = [Double](repeating: 0, count: parameterCount)
        secondMoment = [Double](repeating: 0, count: parameterCount)
    }

    /// One update of `parameters` (length as at init) along `gradient`. O(parameters), no
    /// allocation.
    mutating func update(
        _ parameters: UnsafeMutablePointer<Double>, gradient: UnsafePointer<Double>
    ) {
        step += 1
        let t = Double(step)
        let stepSize = learningRate * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        firstMoment.withUnsafeMutableBufferPointer { m in
            secondMoment.withUnsafeMutableBufferPointer { v in
                for k in 0..<m.count {
                    let g = gradient[k]
                    m[k] = b1 * m[k] + (1 - b1) * g
                    v[k] = b2 * v[k] + (1 - b2) * g * g
                    parameters[k] -= stepSize * m[k] / (v[k].squareRoot() + eps)
                }
            }
        }
    }
}

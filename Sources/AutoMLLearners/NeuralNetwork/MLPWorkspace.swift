import AutoMLNumerics
import Foundation

/// The preallocated matrices of one mini-batch: every layer's activations and deltas for up to
/// ``capacity`` rows, the batch's targets and weights, and the gradient. Allocated once per
/// fit and reused by every batch, so the training loop allocates nothing.
///
/// A `final class` because it owns raw memory (freed in `deinit`); it is confined to the fit
/// that created it and never shared between threads.
final class MLPWorkspace {
    let architecture: MLPArchitecture
    /// Most rows a batch may have.
    let capacity: Int
    /// `layers[l]`: `capacity × layerSizes[l]` activations; `layers[0]` is the input batch.
    let layers: [UnsafeMutablePointer<Double>]
    /// `deltas[l]`: ∂loss/∂z of layer l (`capacity × layerSizes[l]`); `deltas[0]` is unused.
    let deltas: [UnsafeMutablePointer<Double>]
    /// ∂loss/∂parameters in the flat layout of ``MLPArchitecture``.
    let gradient: UnsafeMutablePointer<Double>
    /// Class index per batch row (classification).
    let labels: UnsafeMutablePointer<Int>
    /// Target per batch row (regression).
    let values: UnsafeMutablePointer<Double>
    /// Sample weight per batch row (used when `isWeighted`).
    let weights: UnsafeMutablePointer<Double>

    init(architecture: MLPArchitecture, capacity: Int) {
        self.architecture = architecture
        self.capacity = capacity
        layers = architecture.layerSizes.map { width in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: capacity * width)
            p.initialize(repeating: 0, count: capacity * width)
            return p
        }
        deltas = architecture.layerSizes.enumerated().map { l, width in
            let count = l == 0 ? 1 : capacity * width
            let p = UnsafeMutablePointer<Double>.allocate(capacity: count)
            p.initialize(repeating: 0, count: count)
            return p
        }
        gradient = .allocate(capacity: architecture.parameterCount)
        gradient.initialize(repeating: 0, count: architecture.parameterCount)
        labels = .allocate(capacity: capacity)
        labels.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: 0, count: capacity)
        weights = .allocate(capacity: capacity)
        weights.initialize(repeating: 1, count: capacity)
    }

    deinit {
        for p in layers { p.deallocate() }
        for p in deltas { p.deallocate() }
        gradient.deallocate()
        labels.deallocate()
        values.deallocate()
        weights.deallocate()
    }

    /// The batch's loss at `parameters` and its gradient (into ``gradient``), for the `rows`
    /// rows loaded into `layers[0]`, ``labels`` / ``values`` and (when `isWeighted`)
    /// ``weights``. This is scikit-learn's `_backprop`:
    ///
    /// 1. Forward pass (``MLPArchitecture/forward(parameters:rows:layers:)``).
    /// 2. Loss: the (weighted) mean cross-entropy or half squared error, probabilities clipped
    ///    to [ε, 1 − ε] inside the logarithm, plus α/2 · Σ‖W‖² / Σw.
    /// 3. Output delta δ_L = (prediction − target) · w, exact for each canonical pair
    ///    (softmax/cross-entropy, logistic/binary cross-entropy, identity/squared error).
    /// 4. Backward, layer by layer: ∂W = (A_{l−1}ᵀ δ_l + α W) / Σw and ∂b = Σ_rows δ_l / Σw
    ///    (`dgemm` with Aᵀ), then δ_{l−1} = (δ_l W_lᵀ) ⊙ f′(A_{l−1}) (`dgemm` with Wᵀ).
    ///
    /// - Returns: The batch loss (not multiplied by `rows`).
    func lossAndGradient(
        parameters: UnsafePointer<Double>, rows m: Int, alpha: Double, isWeighted: Bool
    ) -> Double {
        let a = architecture
        a.forward(parameters: parameters, rows: m, layers: layers)
        let last = a.layerCount
        let outputs = a.layerSizes[last]
        let prediction = layers[last]
        let delta = deltas[last]
        var weightSum = Double(m)
        if isWeighted {
            weightSum = 0
            for i in 0..<m { weightSum += weights[i] }
        }
        let clip = Double.ulpOfOne
        var loss = 0.0
        for i in 0..<m {
            let w = isWeighted ? weights[i] : 1
            switch a.output {
            case .softmax:
                let row = prediction + i * outputs
                let label = labels[i]
                loss -= w * log(min(max(row[label], clip), 1 - clip))
                for j in 0..<outputs { delta[i * outputs + j] = row[j] * w }
                delta[i * outputs + label] -= w
            case .logistic:
                let p = min(max(prediction[i], clip), 1 - clip)
                let y = Double(labels[i])
                loss -= w * (y * log(p) + (1 - y) * log(1 - p))
                delta[i] = (prediction[i] - y) * w
            case .identity:
                let residual = prediction[i] - values[i]
                loss += 0.5 * w * residual * residual
                delta[i] = residual * w
            }
        }
        var squaredWeights = 0.0
        for l in 0..<last {
            let count = a.layerSizes[l] * a.layerSizes[l + 1]
            let w = parameters + a.weightOffsets[l]
            for k in 0..<count { squaredWeights += w[k] * w[k] }
        }
        loss = (loss + 0.5 * alpha * squaredWeights) / weightSum

        let scale = 1 / weightSum
        for l in stride(from: last, to: 0, by: -1) {
            let fanIn = a.layerSizes[l - 1]
            let fanOut = a.layerSizes[l]
            let w = parameters + a.weightOffsets[l - 1]
            let gradientWeights = gradient + a.weightOffsets[l - 1]
            // ∂W = (A_{l−1}ᵀ δ_l) / Σw + (α / Σw) W.
            BufferBLAS.gemm(
                transposeA: true, m: fanIn, n: fanOut, k: m, alpha: scale, a: layers[l - 1],
                lda: fanIn,
                b: deltas[l], ldb: fanOut, c: gradientWeights, ldc: fanOut)
            let penalty = alpha * scale
            for k in 0..<(fanIn * fanOut) { gradientWeights[k] += penalty * w[k] }
            // ∂b = column sums of δ_l / Σw.
            let gradientBias = gradient + a.biasOffsets[l - 1]
            gradientBias.update(repeating: 0, count: fanOut)
            for i in 0..<m {
                let row = deltas[l] + i * fanOut
                for j in 0..<fanOut { gradientBias[j] += row[j] }
            }
            for j in 0..<fanOut { gradientBias[j] *= scale }
            // δ_{l−1} = (δ_l W_lᵀ) ⊙ f′(A_{l−1}) for hidden layers.
            if l > 1 {
                BufferBLAS.gemm(
                    transposeB: true, m: m, n: fanIn, k: fanOut, a: deltas[l], lda: fanOut, b: w,
                    ldb: fanOut,
                    c: deltas[l - 1], ldc: fanIn)
                a.activation.multiplyDerivative(
                    deltas[l - 1], activations: layers[l - 1], count: m * fanIn)
            }
        }
        return loss
    }
}

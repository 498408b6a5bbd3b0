import AutoMLNumerics
import Foundation

/// How the output layer turns its scores into predictions (and which loss pairs with it).
enum MLPOutput: String, Codable, Sendable {
    /// Row-wise softmax; cross-entropy loss (three or more classes).
    case softmax
    /// One logistic unit, the probability of class 1; binary cross-entropy (two classes).
    case logistic
    /// The scores themselves; half squared error (regression).
    case identity
}

/// The shape of a fully connected network and where each layer's parameters sit in one flat
/// parameter vector: layer l (0-based, from layer l to l + 1) stores its `fanIn × fanOut`
/// weight matrix row-major at ``weightOffsets``[l], then its `fanOut` biases at
/// ``biasOffsets``[l].
struct MLPArchitecture: Codable, Equatable, Sendable {
    /// Units per layer: inputs, hidden layers…, outputs.
    let layerSizes: [Int]
    let activation: MultilayerPerceptron.Activation
    let output: MLPOutput
    let weightOffsets: [Int]
    let biasOffsets: [Int]
    /// Length of the flat parameter vector.
    let parameterCount: Int

    init(layerSizes: [Int], activation: MultilayerPerceptron.Activation, output: MLPOutput) {
        self.layerSizes = layerSizes
        self.activation = activation
        self.output = output
        var weightOffsets: [Int] = []
        var biasOffsets: [Int] = []
        var offset = 0
        for l in 0..<(layerSizes.count - 1) {
            weightOffsets.append(offset)
            offset += layerSizes[l] * layerSizes[l + 1]
            biasOffsets.append(offset)
            offset += layerSizes[l + 1]
        }
        self.weightOffsets = weightOffsets
        self.biasOffsets = biasOffsets
        parameterCount = offset
    }

    /// The length of the parameter vector of layers of `sizes` units (weights and biases), or
    /// `nil` when it overflows `Int` (sizes read from a damaged file).
    static func parameterCount(of sizes: [Int]) -> Int? {
        var total = 0
        for (fanIn, fanOut) in zip(sizes, sizes.dropFirst()) {
            let (weights, weightsOverflow) = fanIn.multipliedReportingOverflow(by: fanOut)
            let (withWeights, sumOverflow) = total.addingReportingOverflow(weights)
            let (withBiases, biasOverflow) = withWeights.addingReportingOverflow(fanOut)
            guard !weightsOverflow, !sumOverflow, !biasOverflow else { return nil }
            total = withBiases
        }
        return total
    }

    /// Number of weight layers (hidden layers + 1).
    var layerCount: Int { layerSizes.count - 1 }

    private enum CodingKeys: String, CodingKey { case layerSizes, activation, output }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let sizes = try c.decode([Int].self, forKey: .layerSizes)
        guard sizes.count >= 2, sizes[0] >= 0, sizes.dropFirst().allSatisfy({ $0 >= 1 }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .layerSizes, in: c,
                debugDescription:
                    "an MLP needs an input layer and at least one layer of ≥ 1 unit after it")
        }
        guard Self.parameterCount(of: sizes) != nil else {
            throw DecodingError.dataCorruptedError(
                forKey: .layerSizes, in: c,
                debugDescription:
                    "layers of \(sizes) units need more parameters than can be counted")
        }
        self.init(
            layerSizes: sizes,
            activation: try c.decode(MultilayerPerceptron.Activation.self, forKey: .activation),
            output: try c.decode(MLPOutput.self, forKey: .output))
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(layerSizes, forKey: .layerSizes)
        try c.encode(activation, forKey: .activation)
        try c.encode(output, forKey: .output)
    }

    /// Glorot-uniform initial parameters (Glorot & Bengio 2010, as scikit-learn's `_init_coef`):
    /// each layer's weights, then its biases, uniform in ±√(f / (fan_in + fan_out)) with f = 2
    /// for the logistic activation and 6 otherwise.
    func initialParameters(random: inout RandomSource) -> [Double] {
        var parameters = [Double](repeating: 0, count: parameterCount)
        let factor = activation == .logistic ? 2.0 : 6.0
        for l in 0..<layerCount {
            let bound = (factor / Double(layerSizes[l] + layerSizes[l + 1])).squareRoot()
            let end = biasOffsets[l] + layerSizes[l + 1]
            for k in weightOffsets[l]..<end { parameters[k] = random.uniform(-bound, bound) }
        }
        return parameters
    }

    /// Runs `rows` rows forward. `layers[0]` holds the inputs (`rows × layerSizes[0]`,
    /// row-major); `layers[l]` receives layer l's activations, the last one the output
    /// layer's predictions (probabilities or values). One BLAS call per layer: `dgemm` on the
    /// batch, or `dgemv` for a single row.
    func forward(
        parameters: UnsafePointer<Double>, rows: Int, layers: [UnsafeMutablePointer<Double>]
    ) {
        guard rows > 0 else { return }
        for l in 0..<layerCount {
            let fanIn = layerSizes[l]
            let fanOut = layerSizes[l + 1]
            let z = layers[l + 1]
            let bias = parameters + biasOffsets[l]
            for r in 0..<rows { (z + r * fanOut).update(from: bias, count: fanOut) }
            if rows == 1 {
                BufferBLAS.gemv(
                    transpose: true, rows: fanIn, columns: fanOut, a: parameters + weightOffsets[l],
                    lda: fanOut,
                    x: layers[l], beta: 1, y: z)
            } else {
                BufferBLAS.gemm(
                    m: rows, n: fanOut, k: fanIn, a: layers[l], lda: fanIn,
                    b: parameters + weightOffsets[l],
                    ldb: fanOut, beta: 1, c: z, ldc: fanOut)
            }
            if l + 1 < layerCount {
                activation.apply(z, count: rows * fanOut)
            } else {
                output.apply(z, rows: rows, columns: fanOut)
            }
        }
    }
}

extension MultilayerPerceptron.Activation {
    /// Replaces every z by f(z).
    func apply(_ z: UnsafeMutablePointer<Double>, count: Int) {
        switch self {
        case .relu:
            // A select rather than a branch: the sign of z is a coin flip, and the select
            // vectorizes.
            for i in 0..<count {
                let value = z[i]
                z[i] = value > 0 ? value : 0
            }
        case .tanh:
            for i in 0..<count { z[i] = Foundation.tanh(z[i]) }
        case .logistic:
            for i in 0..<count { z[i] = sigmoid(z[i]) }
        }
    }

    /// Multiplies each δ by f′ at its unit, written through the activation a = f(z):
    /// 1[a > 0], 1 − a², a(1 − a) (scikit-learn's in-place derivatives).
    func multiplyDerivative(
        _ delta: UnsafeMutablePointer<Double>, activations a: UnsafePointer<Double>, count: Int
    ) {
        switch self {
        case .relu:
            for i in 0..<count {
                let value = delta[i]
                delta[i] = a[i] > 0 ? value : 0
            }
        case .tanh:
            for i in 0..<count { delta[i] *= 1 - a[i] * a[i] }
        case .logistic:
            for i in 0..<count { delta[i] *= a[i] * (1 - a[i]) }
        }
    }
}

extension MLPOutput {
    /// Turns output scores into predictions in place.
    func apply(_ z: UnsafeMutablePointer<Double>, rows: Int, columns: Int) {
        switch self {
        case .identity:
            return
        case .logistic:
            for i in 0..<(rows * columns) { z[i] = sigmoid(z[i]) }
        case .softmax:
            for r in 0..<rows {
                let row = z + r * columns
                var top = row[0]
                for j in 1..<max(columns, 1) where row[j] > top { top = row[j] }
                var sum = 0.0
                for j in 0..<columns {
                    row[j] = exp(row[j] - top)
                    sum += row[j]
                }
                let inverse = 1 / sum
                for j in 0..<columns { row[j] *= inverse }
            }
        }
    }
}

/// 1 / (1 + e^−z), computed without overflow for large |z| (SciPy's `expit`).
@inline(__always)
private func sigmoid(_ z: Double) -> Double {
    if z >= 0 { return 1 / (1 + exp(-z)) }
    let e = exp(z)
    return e / (1 + e)
}

import AutoMLSearchSpace
import Foundation

/// The Styblinski–Tang function on [−5, 5]^d: f* = −39.16616570377141·d at
/// xᵢ = −2.903534027771177 (the root of 4x³ − 32x + 5), with 2^d local minima at the corners of a slanted grid.
///
/// f(x) = ½ Σᵢ (xᵢ⁴ − 16xᵢ² + 5xᵢ). A held-out function: not one of the four the GP sampler
/// was developed on.
public struct StyblinskiTang: TestFunction {
    public let name: String
    public let searchSpace: SearchSpace
    public let minimum: Double
    public let minimizer: [Double]

    /// The `dimension`-dimensional function (≥ 1), named `styblinski_tang<dimension>`.
    public init(dimension: Int) {
        let d = max(dimension, 1)
        name = "styblinski_tang\(d)"
        searchSpace = Self.box(
            (0..<d).map { "x\($0)" }, bounds: Array(repeating: (-5, 5), count: d))
        minimizer = Array(repeating: -2.903534027771177, count: d)
        minimum = -39.16616570377141 * Double(d)
    }

    public func callAsFunction(_ x: [Double]) -> Double {
        0.5 * x.reduce(0) { $0 + $1 * $1 * $1 * $1 - 16 * $1 * $1 + 5 * $1 }
    }
}

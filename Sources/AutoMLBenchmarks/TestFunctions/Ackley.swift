import AutoMLSearchSpace
import Foundation

/// The Ackley function on [−32.768, 32.768]^d: f* = 0 at the origin, surrounded by a regular
/// lattice of local minima on an almost flat outer region.
///
/// f(x) = −a·exp(−b·√(Σxᵢ²/d)) − exp(Σcos(c·xᵢ)/d) + a + e with a = 20, b = 0.2, c = 2π.
/// The benchmark uses d = 5 (`ackley5`).
public struct Ackley: TestFunction {
    public let name: String
    public let searchSpace: SearchSpace
    public let minimum = 0.0
    public let minimizer: [Double]

    /// The `dimension`-dimensional function (≥ 1), named `ackley<dimension>`.
    public init(dimension: Int = 5) {
        let d = max(1, dimension)
        name = "ackley\(d)"
        searchSpace = Self.box(
            (0..<d).map { "x\($0)" }, bounds: Array(repeating: (-32.768, 32.768), count: d))
        minimizer = Array(repeating: 0, count: d)
    }

    public func callAsFunction(_ x: [Double]) -> Double {
        let d = Double(x.count)
        var squares = 0.0
        var cosines = 0.0
        for value in x {
            squares += value * value
            cosines += cos(2 * Double.pi * value)
        }
        return -20 * exp(-0.2 * (squares / d).squareRoot()) - exp(cosines / d) + 20 + M_E
    }
}

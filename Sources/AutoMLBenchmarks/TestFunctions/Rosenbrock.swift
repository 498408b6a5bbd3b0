import AutoMLSearchSpace

/// The Rosenbrock valley on [−5, 10]^d: f* = 0 at (1, …, 1), at the bottom of a long, curved,
/// nearly flat valley.
///
/// f(x) = Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)² for i < d. The benchmark uses d = 4 (`rosenbrock4`).
public struct Rosenbrock: TestFunction {
    public let name: String
    public let searchSpace: SearchSpace
    public let minimum = 0.0
    public let minimizer: [Double]

    /// The `dimension`-dimensional function (≥ 2), named `rosenbrock<dimension>`.
    public init(dimension: Int = 4) {
        let d = max(2, dimension)
        name = "rosenbrock\(d)"
        searchSpace = Self.box(
            (0..<d).map { "x\($0)" }, bounds: Array(repeating: (-5, 10), count: d))
        minimizer = Array(repeating: 1, count: d)
    }

    public func callAsFunction(_ x: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<(x.count - 1) {
            let valley = x[i + 1] - x[i] * x[i]
            let slope = 1 - x[i]
            sum += 100 * valley * valley + slope * slope
        }
        return sum
    }
}

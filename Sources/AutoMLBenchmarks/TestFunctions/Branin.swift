import AutoMLSearchSpace
import Foundation

/// The Branin–Hoo function on x1 ∈ [−5, 10], x2 ∈ [0, 15]: three global minima of
/// f* = 0.397887357729738, at (−π, 12.275), (π, 2.275) and (9.42478, 2.475).
///
/// f(x) = a(x2 − b·x1² + c·x1 − r)² + s(1 − t)cos(x1) + s with a = 1, b = 5.1/(4π²), c = 5/π,
/// r = 6, s = 10, t = 1/(8π).
public struct Branin: TestFunction {
    public let name = "branin"
    public let searchSpace = box(["x1", "x2"], bounds: [(-5, 10), (0, 15)])
    public let minimum = 0.397887357729738
    public let minimizer = [Double.pi, 2.275]

    public init() {}

    public func callAsFunction(_ x: [Double]) -> Double {
        let (x1, x2) = (x[0], x[1])
        let b = 5.1 / (4 * Double.pi * Double.pi)
        let c = 5 / Double.pi
        let t = 1 / (8 * Double.pi)
        let term = x2 - b * x1 * x1 + c * x1 - 6
        return term * term + 10 * (1 - t) * cos(x1) + 10
    }
}

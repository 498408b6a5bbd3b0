import AutoMLSearchSpace
import Foundation

/// The three-dimensional Hartmann function on [0, 1]^3: f* = −3.862779787332663 at
/// (0.114589, 0.555649, 0.852547) (the literature point polished by Nelder–Mead), with four local minima.
///
/// f(x) = −Σᵢ αᵢ exp(−Σⱼ Aᵢⱼ (xⱼ − Pᵢⱼ)²) (constants from Surjanovic & Bingham). A held-out
/// function: not one of the four the GP sampler was developed on.
public struct Hartmann3: TestFunction {
    public let name = "hartmann3"
    public let searchSpace = box(["x0", "x1", "x2"], bounds: Array(repeating: (0, 1), count: 3))
    public let minimum = -3.862779787332663
    public let minimizer = [0.11458888122541287, 0.5556488954739371, 0.8525469842172746]

    public init() {}

    private static let a: [[Double]] = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]]
    private static let p: [[Double]] = [
        [3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828],
    ].map { $0.map { $0 * 1e-4 } }

    public func callAsFunction(_ x: [Double]) -> Double {
        HartmannSum.value(at: x, a: Self.a, p: Self.p)
    }
}

import AutoMLSearchSpace
import Foundation

/// The six-dimensional Hartmann function on [0, 1]^6: f* = −3.322368011415515 near
/// (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573), with several local minima.
///
/// f(x) = −Σᵢ αᵢ exp(−Σⱼ Aᵢⱼ (xⱼ − Pᵢⱼ)²) over four terms (constants from Surjanovic & Bingham);
/// the minimum is the literature value polished by local search (as in the reference implementations).
public struct Hartmann6: TestFunction {
    public let name = "hartmann6"
    public let searchSpace = box(
        (0..<6).map { "x\($0)" }, bounds: Array(repeating: (0, 1), count: 6))
    public let minimum = -3.322368011415515
    public let minimizer = [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]

    public init() {}

    private static let a: [[Double]] = [
        [10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
        [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14],
    ]
    private static let p: [[Double]] = [
        [1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381],
    ].map { $0.map { $0 * 1e-4 } }

    public func callAsFunction(_ x: [Double]) -> Double {
        HartmannSum.value(at: x, a: Self.a, p: Self.p)
    }
}

import AutoMLSearchSpace
import Foundation

/// The Levy function on [−10, 10]^d: f* = 0 at (1, …, 1), with many local minima along
/// every axis.
///
/// With wᵢ = 1 + (xᵢ − 1)/4:
/// f(x) = sin²(πw₁) + Σᵢ₌₁^{d−1} (wᵢ − 1)²[1 + 10 sin²(πwᵢ + 1)] + (w_d − 1)²[1 + sin²(2πw_d)]
/// (Surjanovic & Bingham). A held-out function: not one of the four the GP sampler was
/// developed on.
public struct Levy: TestFunction {
    public let name: String
    public let searchSpace: SearchSpace
    public let minimum = 0.0
    public let minimizer: [Double]

    /// The `dimension`-dimensional function (≥ 1), named `levy<dimension>`.
    public init(dimension: Int) {
        let d = max(dimension, 1)
        name = "levy\(d)"
        searchSpace = Self.box(
            (0..<d).map { "x\($0)" }, bounds: Array(repeating: (-10, 10), count: d))
        minimizer = Array(repeating: 1, count: d)
    }

    public func callAsFunction(_ x: [Double]) -> Double {
        let w = x.map { 1 + ($0 - 1) / 4 }
        let first = sin(Double.pi * w[0])
        var sum = first * first
        for i in 0..<(w.count - 1) {
            let s = sin(Double.pi * w[i] + 1)
            sum += (w[i] - 1) * (w[i] - 1) * (1 + 10 * s * s)
        }
        let last = w[w.count - 1]
        let s = sin(2 * Double.pi * last)
        return sum + (last - 1) * (last - 1) * (1 + s * s)
    }
}

import Foundation

/// The sum both Hartmann functions are made of:
/// `f(x) = −Σᵢ αᵢ exp(−Σⱼ Aᵢⱼ (xⱼ − Pᵢⱼ)²)` over four terms, `α = (1, 1.2, 3, 3.2)`
/// (Surjanovic & Bingham); ``Hartmann3`` and ``Hartmann6`` supply `A` and `P`.
enum HartmannSum {
    static let alpha = [1.0, 1.2, 3.0, 3.2]

    static func value(at x: [Double], a: [[Double]], p: [[Double]]) -> Double {
        var sum = 0.0
        for i in 0..<alpha.count {
            var inner = 0.0
            for j in x.indices {
                let d = x[j] - p[i][j]
                inner += a[i][j] * d * d
            }
            sum += alpha[i] * exp(-inner)
        }
        return -sum
    }
}

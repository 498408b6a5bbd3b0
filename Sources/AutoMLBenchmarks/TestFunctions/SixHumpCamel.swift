import AutoMLSearchSpace
import Foundation

/// The six-hump camel function on [−3, 3] × [−2, 2]: f* = −1.0316284534898774 at
/// ±(0.0898420131, −0.7126564030), with six local minima.
///
/// f(x, y) = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y². A held-out function: not one of the four
/// the GP sampler was developed on.
public struct SixHumpCamel: TestFunction {
    public let name = "six_hump_camel"
    public let searchSpace = box(["x0", "x1"], bounds: [(-3, 3), (-2, 2)])
    public let minimum = -1.0316284534898774
    public let minimizer = [0.0898420131, -0.7126564030]

    public init() {}

    public func callAsFunction(_ x: [Double]) -> Double {
        let (u, v) = (x[0], x[1])
        let u2 = u * u
        let v2 = v * v
        return (4 - 2.1 * u2 + u2 * u2 / 3) * u2 + u * v + (-4 + 4 * v2) * v2
    }
}

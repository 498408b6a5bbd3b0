import AutoMLTestSupport
import Foundation
import Testing

@testable import AutoMLNumerics

/// Relative error of `value` against `reference` in units of the reference's last place.
private func ulpError(_ value: Double, _ reference: Double) -> Double {
    abs(value - reference) / reference.ulp
}

/// The two implementations: whichever this CPU dispatches to, and the portable SIMD one.
private let versions: [(String, @Sendable (UnsafeMutablePointer<Double>, Int) -> Void)] = [
    ("dispatched", { VectorMath.exponentiate($0, count: $1) }),
    ("portable", { VectorMath.portableExponentiate($0, count: $1) }),
]

private func exponentiated(_ values: [Double], version: Int) throws -> [Double] {
    var result = values
    try result.withUnsafeMutableBufferPointer {
        versions[version].1(try #require($0.baseAddress), $0.count)
    }
    return result
}

@Suite struct VectorExponentialTests {
    @Test(
        "exponentiate agrees with the C library's exp within 2 ulp on [−708, 709]",
        arguments: [0, 1])
    func agreesWithLibm(version: Int) throws {
        // A dense sweep of the range plus points near the reduction boundaries k·ln2 ± ln2/2.
        var inputs: [Double] = stride(from: -708.0, through: 709.0, by: 0.0137).map { $0 }
        for k in -20...20 {
            let centre = Double(k) * M_LN2
            inputs += [
                centre, centre + M_LN2 / 2, centre - M_LN2 / 2, centre.nextUp, centre.nextDown,
            ]
        }
        inputs += [0, -0.0, 1e-300, -1e-300, 1, -1, 708.99, -707.99]
        let values = try exponentiated(inputs, version: version)
        let worst = zip(values, inputs).map { ulpError($0, exp($1)) }.max() ?? .infinity
        #expect(worst <= 2, "\(versions[version].0): worst error \(worst) ulp")
    }

    @Test("values outside the fast range and NaN match the C library exactly", arguments: [0, 1])
    func outsideRange(version: Int) throws {
        let inputs: [Double] = [-800, -745.2, -708.5, 709.5, 710, .infinity, -.infinity, .nan, 3]
        let values = try exponentiated(inputs, version: version)
        for (value, input) in zip(values, inputs) {
            let reference = exp(input)
            #expect(
                value == reference || (value.isNaN && reference.isNaN)
                    || ulpError(value, reference) <= 2,
                "exp(\(input)) = \(value), expected \(reference)")
        }
    }

    @Test(
        "a value's result does not depend on its position or the array's length", arguments: [0, 1])
    func positionIndependent(version: Int) throws {
        let base: [Double] = [-0.3, -2.5, -17.25, -0.001, -40, -1e-9, -5.5, -3.25, -0.75, -12, -1]
        let whole = try exponentiated(base, version: version)
        for start in 0..<base.count {
            #expect(
                try exponentiated(Array(base[start...]), version: version)
                    == Array(whole[start...]))
        }
    }
}

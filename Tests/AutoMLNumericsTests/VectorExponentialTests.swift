import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

/// Relative error of `value` against `reference` in units of the reference's last place.
private func ulpError(_ value: Double, _ reference: Double) -> Double {
    abs(value - reference) / reference.ulp
}

@Suite struct VectorExponentialTests {
    @Test("exponentiate agrees with the C library's exp within 2 ulp on [−708, 709]")
    func agreesWithLibm() {
        // A dense sweep of the range plus points near the reduction boundaries k·ln2 ± ln2/2.
        var inputs: [Double] = stride(from: -708.0, through: 709.0, by: 0.0137).map { $0 }
        for k in -20...20 {
            let centre = Double(k) * M_LN2
            inputs += [centre, centre + M_LN2 / 2, centre - M_LN2 / 2, centre.nextUp, centre.nextDown]
        }
        inputs += [0, -0.0, 1e-300, -1e-300, 1, -1, 708.99, -707.99]
        var values = inputs
        values.withUnsafeMutableBufferPointer { VectorMath.exponentiate($0.baseAddress!, count: $0.count) }
        let worst = zip(values, inputs).map { ulpError($0, exp($1)) }.max() ?? .infinity
        #expect(worst <= 2, "worst error \(worst) ulp")
    }

    @Test("values outside the fast range and NaN match the C library exactly")
    func outsideRange() {
        let inputs: [Double] = [-800, -745.2, -708.5, 709.5, 710, .infinity, -.infinity, .nan, 3]
        var values = inputs
        values.withUnsafeMutableBufferPointer { VectorMath.exponentiate($0.baseAddress!, count: $0.count) }
        for (value, input) in zip(values, inputs) {
            let reference = exp(input)
            #expect(value == reference || (value.isNaN && reference.isNaN) || ulpError(value, reference) <= 2,
                "exp(\(input)) = \(value), expected \(reference)")
        }
    }

    @Test("a value's result does not depend on its position or the array's length")
    func positionIndependent() {
        let base: [Double] = [-0.3, -2.5, -17.25, -0.001, -40, -1e-9, -5.5]
        var whole = base
        whole.withUnsafeMutableBufferPointer { VectorMath.exponentiate($0.baseAddress!, count: $0.count) }
        for start in 0..<base.count {
            var part = Array(base[start...])
            part.withUnsafeMutableBufferPointer { VectorMath.exponentiate($0.baseAddress!, count: $0.count) }
            #expect(part == Array(whole[start...]))
        }
    }
}

import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// Reference values from mpmath at 50 digits.
@Suite struct SpecialFunctionsTests {
    @Test("log erfc agrees with mpmath, including x = 30 where erfc underflows")
    func logErfc() {
        let cases: [(Double, Double)] = [
            (1, -1.849_605_509_933_248_2), (5, -27.200_889_545_537_434),
            (10, -102.879_889_024_844_89),
            (30, -903.974_117_110_643_88),
        ]
        for (x, expected) in cases {
            #expect(
                isClose(SpecialFunctions.logErfc(x), expected, relativeTolerance: 1e-13), "x = \(x)"
            )
        }
        #expect(isClose(SpecialFunctions.erfc(0.5), Foundation.erfc(0.5), relativeTolerance: 1e-15))
    }

    @Test("log Φ stays finite at −40 and matches mpmath across the range")
    func logCumulative() {
        let cases: [(Double, Double)] = [
            (-40, -804.608_442_013_753_78), (-10, -53.231_285_150_512_471),
            (0, -0.693_147_180_559_945_31),
            (2, -0.023_012_909_328_963_488),
        ]
        for (z, expected) in cases {
            #expect(
                isClose(StandardNormal.logCumulative(z), expected, relativeTolerance: 1e-12),
                "z = \(z)")
        }
        #expect(isClose(StandardNormal.cumulative(1.5), 0.933_192_798_731_141_9, tolerance: 1e-15))
        #expect(isClose(StandardNormal.density(0), 0.398_942_280_401_432_7, tolerance: 1e-16))
    }

    @Test("the hazard function approaches x + 1/x in the right tail")
    func hazard() {
        for x in [10.0, 100, 1000] {
            #expect(
                isClose(
                    SpecialFunctions.hazard(x), x + 1 / x, relativeTolerance: 3 / (x * x * x * x)))
        }
        // h(0) = φ(0)/Q(0) = 2φ(0).
        #expect(
            isClose(SpecialFunctions.hazard(0), 2 * StandardNormal.density(0), tolerance: 1e-15))
        #expect(isClose(SpecialFunctions.logOnePlus(1e-12), 1e-12, relativeTolerance: 1e-12))
    }
}

import CGSLOpenBLAS
import Foundation

/// Special functions from GSL's `gsl_sf` module, wrapped for Swift, and the standard normal
/// distribution built on them.
///
/// The `gsl_sf` functions used here cannot fail for finite input; out-of-range input gives
/// NaN or ±∞ as IEEE arithmetic would.
public enum SpecialFunctions {
    /// `log(erfc(x))`, accurate in the far right tail where `erfc(x)` underflows
    /// (`gsl_sf_log_erfc`; at x = 30, erfc is 2.6e-393 and its log −903.7).
    public static func logErfc(_ x: Double) -> Double {
        GSLRuntime.prepare()
        return gsl_sf_log_erfc(x)
    }

    /// The complementary error function `erfc(x) = 1 − erf(x)` (`gsl_sf_erfc`).
    public static func erfc(_ x: Double) -> Double {
        GSLRuntime.prepare()
        return gsl_sf_erfc(x)
    }

    /// The hazard function (inverse Mills ratio) of the standard normal,
    /// `h(x) = φ(x) / Q(x)` with `Q = 1 − Φ` (`gsl_sf_hazard`). For large x, `h(x) ≈ x + 1/x`.
    public static func hazard(_ x: Double) -> Double {
        GSLRuntime.prepare()
        return gsl_sf_hazard(x)
    }

    /// `log(1 + x)`, accurate for small `x` (`gsl_sf_log_1plusx`).
    public static func logOnePlus(_ x: Double) -> Double {
        GSLRuntime.prepare()
        return gsl_sf_log_1plusx(x)
    }
}

/// The standard normal distribution N(0, 1).
public enum StandardNormal {
    /// `½·log(2π)`.
    public static let logSquareRootTwoPi = 0.918_938_533_204_672_7

    /// The density `φ(x) = exp(−x²/2) / √(2π)`.
    @inline(__always)
    public static func density(_ x: Double) -> Double {
        exp(-0.5 * x * x - logSquareRootTwoPi)
    }

    /// `log φ(x)`.
    @inline(__always)
    public static func logDensity(_ x: Double) -> Double {
        -0.5 * x * x - logSquareRootTwoPi
    }

    /// The distribution function `Φ(x) = erfc(−x/√2) / 2`, accurate in both tails.
    @inline(__always)
    public static func cumulative(_ x: Double) -> Double {
        0.5 * Foundation.erfc(-x * 0.5.squareRoot())
    }

    /// `log Φ(x)` through `gsl_sf_log_erfc`, finite far into the left tail
    /// (`log Φ(−40) ≈ −804.6`, where Φ itself underflows).
    public static func logCumulative(_ x: Double) -> Double {
        SpecialFunctions.logErfc(-x * 0.5.squareRoot()) - 0.693_147_180_559_945_3  // log 2
    }
}

import CGSLOpenBLAS
import Foundation

extension VectorMath {
    /// Replaces each of `count` values `x` by `eˣ`, eight at a time in SIMD registers.
    ///
    /// Kernel methods spend much of their time in `exp` (an RBF kernel row is one `dgemv` and
    /// one `exp` per entry); the C library's scalar `exp` costs about 3 ns per call here. On CPUs
    /// with AVX2 and FMA this runs a C version with 256-bit vectors and fused multiply–adds
    /// (chosen once at run time); elsewhere a portable SIMD version (about 2 ns per value). Every
    /// value goes through the same arithmetic whatever its position (the tail is padded to a
    /// full vector), so results do not depend on how an array is sliced; the two versions may
    /// differ in the last bit.
    ///
    /// Method (Cody & Waite 1980 range reduction; Muller, "Elementary Functions", §11):
    /// 1. `k = round(x / ln 2)` by adding and subtracting `1.5 · 2⁵²`, whose low mantissa bits
    ///    then hold `k` as an integer;
    /// 2. `r = x − k·ln2_hi − k·ln2_lo` with `ln 2` split so that `k·ln2_hi` is exact, `|r| ≤ ln2/2`;
    /// 3. `eʳ` by its Taylor polynomial of degree 12 in Horner form (truncation error below
    ///    `(ln2/2)¹³/13! ≈ 1.7e-16` relative);
    /// 4. `2ᵏ` built in the exponent bits.
    ///
    /// The relative error stays within about 2 ulp of the exact value on `[−708, 709]`; values
    /// outside that range, and NaN, fall back to the C library's `exp` lane by lane.
    /// - Complexity: O(count).
    public static func exponentiate(_ x: UnsafeMutablePointer<Double>, count: Int) {
        if hasAVX2FMA {
            automl_exp_avx2(x, count)
        } else {
            portableExponentiate(x, count: count)
        }
    }

    /// The portable SIMD version of ``exponentiate(_:count:)``.
    static func portableExponentiate(_ x: UnsafeMutablePointer<Double>, count: Int) {
        var i = 0
        let raw = UnsafeMutableRawPointer(x)
        while i + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
            raw.storeBytes(of: exp8(v), toByteOffset: i * 8, as: SIMD8<Double>.self)
            i += 8
        }
        if i < count {
            var v = SIMD8<Double>(repeating: 0)
            for lane in 0..<(count - i) { v[lane] = x[i + lane] }
            let e = exp8(v)
            for lane in 0..<(count - i) { x[i + lane] = e[lane] }
        }
    }

    /// Whether the CPU runs the AVX2 + FMA version (`automl_exp_avx2` in the C shim), which
    /// computes the same method four lanes per instruction with fused multiply–adds.
    static let hasAVX2FMA: Bool = automl_cpu_has_avx2_fma() != 0

    /// `eˣ` for eight lanes (see ``exponentiate(_:count:)``). The polynomial is evaluated by
    /// Estrin's scheme, a tree of depth 4 instead of Horner's chain of 12, so the lanes' work
    /// overlaps in the pipeline.
    @inline(__always)
    static func exp8(_ x: SIMD8<Double>) -> SIMD8<Double> {
        typealias V = SIMD8<Double>
        let inRange = (x .>= V(repeating: -708.0)) .& (x .<= V(repeating: 709.0))
        guard all(inRange) else {
            var result = V()
            for lane in 0..<8 { result[lane] = Foundation.exp(x[lane]) }
            return result
        }
        let magic = V(repeating: 6_755_399_441_055_744.0)  // 1.5 · 2⁵²
        // x / ln 2, rounded in t's low bits.
        let t = x * V(repeating: 1.442_695_040_888_963_4) + magic
        let k = t - magic
        // ln 2 = hi + lo with hi having 32 significant bits, so k · hi is exact for |k| < 2²⁰.
        let r =
            (x - k * V(repeating: 6.931_471_803_691_238_2e-1)) - k
            * V(repeating: 1.908_214_929_270_587_7e-10)
        // eʳ = 1 + (r + r²·Q(r)) with Q(r) = Σ_{n=2…12} rⁿ⁻²/n!; adding the 1 last keeps the
        // rounding error of the sum near half an ulp.
        let r2 = r * r
        let r4 = r2 * r2
        let r8 = r4 * r4
        let a0 = V(repeating: 0.5) + r * V(repeating: 1.666_666_666_666_666_6e-1)
        let a1 =
            V(repeating: 4.166_666_666_666_666_6e-2) + r * V(repeating: 8.333_333_333_333_333_3e-3)
        let a2 =
            V(repeating: 1.388_888_888_888_888_9e-3) + r * V(repeating: 1.984_126_984_126_984_1e-4)
        let a3 =
            V(repeating: 2.480_158_730_158_730_2e-5) + r * V(repeating: 2.755_731_922_398_589_1e-6)
        let a4 =
            V(repeating: 2.755_731_922_398_589_1e-7) + r * V(repeating: 2.505_210_838_544_171_9e-8)
        let a5 = V(repeating: 2.087_675_698_786_809_9e-9)
        let b0 = a0 + r2 * a1
        let b1 = a2 + r2 * a3
        let b2 = a4 + r2 * a5
        let q = (b0 + r4 * b1) + r8 * b2
        let p = V(repeating: 1.0) + (r + r2 * q)
        let kBits =
            unsafeBitCast(t, to: SIMD8<Int64>.self) &- unsafeBitCast(magic, to: SIMD8<Int64>.self)
        let scale = unsafeBitCast((kBits &+ 1023) &<< 52, to: V.self)
        return p * scale
    }
}

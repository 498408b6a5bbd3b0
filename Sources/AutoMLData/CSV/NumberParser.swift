import Foundation

/// Parses decimal numbers straight from UTF-8 bytes, without building a `String`.
///
/// The fast path is Clinger's (1990): when the decimal mantissa fits in 53 bits and the
/// decimal exponent is within ±22, `mantissa × 10^e` (or `÷ 10^−e`) is a single correctly
/// rounded IEEE operation, so the result equals `strtod`'s. Anything else (17-digit mantissas,
/// large exponents, `inf`, hex) falls back to `strtod` on a NUL-terminated copy.
enum NumberParser {
    /// Outcome of parsing one field.
    enum Outcome {
        case number(Double)
        case notANumber
    }

    /// 10⁰ … 10²², all exact in binary64. Callers keep a pointer to it for the parse loop.
    static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// Parses the bytes in `start..<end` (surrounding spaces and tabs are ignored).
    /// `powers` points at ``powersOfTen``.
    @inline(__always)
    static func parse(
        _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, powers: UnsafePointer<Double>
    ) -> Outcome {
        var i = start
        var j = end
        while i < j && (base[i] == 0x20 || base[i] == 0x09) { i += 1 }
        while j > i && (base[j - 1] == 0x20 || base[j - 1] == 0x09) { j -= 1 }
        if i == j { return .notANumber }
        var negative = false
        var k = i
        if base[k] == 0x2D || base[k] == 0x2B {  // - +
            negative = base[k] == 0x2D
            k += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while k < j, base[k] &- 0x30 < 10 {
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(base[k] &- 0x30)
                if mantissa != 0 { digits += 1 }
            } else {
                exponent += 1
                digits += 1
            }
            sawDigit = true
            k += 1
        }
        if k < j && base[k] == 0x2E {  // .
            k += 1
            while k < j, base[k] &- 0x30 < 10 {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(base[k] &- 0x30)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else {
                    digits += 1
                }
                sawDigit = true
                k += 1
            }
        }
        guard sawDigit else { return slowParse(base, i, j) }
        if k < j && (base[k] == 0x65 || base[k] == 0x45) {  // e E
            k += 1
            var exponentNegative = false
            if k < j && (base[k] == 0x2D || base[k] == 0x2B) {
                exponentNegative = base[k] == 0x2D
                k += 1
            }
            var value = 0
            var sawExponentDigit = false
            while k < j, base[k] &- 0x30 < 10 {
                if value < 100_000 { value = value * 10 + Int(base[k] &- 0x30) }
                sawExponentDigit = true
                k += 1
            }
            guard sawExponentDigit else { return .notANumber }
            exponent += exponentNegative ? -value : value
        }
        guard k == j else { return slowParse(base, i, j) }
        if digits <= 15 && mantissa < (1 << 53) && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 {
                value /= powers[-exponent]
            } else if exponent > 0 {
                value *= powers[exponent]
            }
            return .number(negative ? -value : value)
        }
        if mantissa == 0 && digits == 0 { return .number(negative ? -0.0 : 0) }
        return slowParse(base, i, j)
    }

    /// `strtod` on a NUL-terminated copy; accepts only a full match.
    private static func slowParse(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Outcome
    {
        let length = end - start
        guard length > 0, length < 512 else { return .notANumber }
        // strtod would accept hex floats and leading whitespace; CSV numbers are decimal.
        let first = base[start]
        let isDecimalStart =
            first &- 0x30 < 10 || first == 0x2D || first == 0x2B || first == 0x2E
            || first == 0x69 || first == 0x49  // i I (inf, Infinity)
        guard isDecimalStart else { return .notANumber }
        for k in start..<end where base[k] == 0x78 || base[k] == 0x58 { return .notANumber }  // x X
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            // The copy holds at least the NUL, so it has an address.
            guard let copy = buffer.baseAddress else { return .notANumber }
            for k in 0..<length { copy[k] = CChar(bitPattern: base[start + k]) }
            copy[length] = 0
            var endPointer: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(copy, &endPointer)
            guard let endPointer, endPointer - copy == length else {
                return .notANumber
            }
            // "nan" spellings are missing markers, not numbers.
            if value.isNaN { return .notANumber }
            return .number(value)
        }
    }
}

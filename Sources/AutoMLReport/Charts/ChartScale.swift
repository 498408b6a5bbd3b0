import Foundation

/// Maps data values to positions along one axis: linear, logarithmic (base 10), or evenly
/// spaced categories, with "nice" ticks.
///
/// ```swift
/// var x = ChartScale.linear(0.13...0.87).niced()         // 0.1 … 0.9, ticks every 0.1
/// let px = x.position(of: 0.5, from: 60, to: 580)
/// let y = ChartScale.log(2e-5...3e-3).niced()           // 1e-5 … 1e-2, a tick per decade
/// ```
///
/// Linear ticks step by 1, 2 or 5 times a power of ten (the first step giving at most the asked
/// number of intervals); log ticks fall on powers of ten, with 2 and 5 between them when the
/// domain spans fewer than three decades. A category scale puts category `i` (the value `i`) at
/// the centre of the `i`-th of equal bands.
public struct ChartScale: Sendable, Equatable {
    /// How values map to positions.
    public enum Kind: Sendable, Equatable {
        case linear
        /// Base-10 logarithmic; the domain must be positive.
        case log
        /// Category `i` (a value of `i`) at the centre of the `i`-th band.
        case categories([String])
    }

    public var kind: Kind
    /// The values at the two ends of the axis (for categories `-0.5 … count − 0.5`).
    public var domain: ClosedRange<Double>

    public init(kind: Kind, domain: ClosedRange<Double>) {
        self.kind = kind
        self.domain = domain
    }

    /// A linear scale over `domain` (a zero-width domain is widened by one unit, or 10 %).
    public static func linear(_ domain: ClosedRange<Double>) -> ChartScale {
        ChartScale(kind: .linear, domain: widened(domain))
    }

    /// A log scale over `domain` (clamped to positive values; one decade when empty).
    public static func log(_ domain: ClosedRange<Double>) -> ChartScale {
        let low = max(domain.lowerBound, 1e-300)
        let high = max(domain.upperBound, low)
        if high <= low { return ChartScale(kind: .log, domain: low / 3.1623...low * 3.1623) }
        return ChartScale(kind: .log, domain: low...high)
    }

    /// A category scale with one band per name.
    public static func categories(_ names: [String]) -> ChartScale {
        ChartScale(kind: .categories(names), domain: -0.5...(Double(max(names.count, 1)) - 0.5))
    }

    private static func widened(_ domain: ClosedRange<Double>) -> ClosedRange<Double> {
        guard domain.lowerBound.isFinite, domain.upperBound.isFinite else { return 0...1 }
        if domain.upperBound > domain.lowerBound { return domain }
        let pad = domain.lowerBound == 0 ? 1 : abs(domain.lowerBound) * 0.1
        return (domain.lowerBound - pad)...(domain.upperBound + pad)
    }

    /// Whether `value` can be placed (positive on a log scale, finite everywhere).
    public func admits(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        if case .log = kind { return value > 0 }
        return true
    }

    /// `value`'s fraction of the way along the domain (0 at the low end, 1 at the high end;
    /// outside [0, 1] when outside the domain).
    public func fraction(of value: Double) -> Double {
        switch kind {
        case .log:
            let low = Foundation.log10(domain.lowerBound)
            let high = Foundation.log10(domain.upperBound)
            guard high > low else { return 0.5 }
            return (Foundation.log10(max(value, 1e-300)) - low) / (high - low)
        case .linear, .categories:
            let span = domain.upperBound - domain.lowerBound
            guard span > 0 else { return 0.5 }
            return (value - domain.lowerBound) / span
        }
    }

    /// The position of `value` on an axis drawn from `start` (the domain's low end) to `end`.
    public func position(of value: Double, from start: Double, to end: Double) -> Double {
        start + fraction(of: value) * (end - start)
    }

    /// `value` limited to the domain.
    public func clamped(_ value: Double) -> Double {
        min(max(value, domain.lowerBound), domain.upperBound)
    }

    /// The value at `fraction` of the way along the domain.
    public func value(atFraction fraction: Double) -> Double {
        switch kind {
        case .log:
            let low = Foundation.log10(domain.lowerBound)
            let high = Foundation.log10(domain.upperBound)
            return pow(10, low + fraction * (high - low))
        case .linear, .categories:
            return domain.lowerBound + fraction * (domain.upperBound - domain.lowerBound)
        }
    }

    /// The scale with its domain widened to the nearest ticks (linear: multiples of the tick
    /// step for about `tickCount` intervals; log: the enclosing 1-2-5 values). Categories stay.
    public func niced(tickCount: Int = 6) -> ChartScale {
        switch kind {
        case .categories:
            return self
        case .linear:
            let step = Self.niceStep(
                span: domain.upperBound - domain.lowerBound, intervals: max(tickCount, 1))
            let low = (domain.lowerBound / step).rounded(.down) * step
            let high = (domain.upperBound / step).rounded(.up) * step
            return ChartScale(kind: .linear, domain: low...(high > low ? high : low + step))
        case .log:
            let low = Self.oneTwoFive(below: domain.lowerBound)
            let high = Self.oneTwoFive(above: domain.upperBound)
            return ChartScale(kind: .log, domain: low...(high > low ? high : low * 10))
        }
    }

    /// The tick step for `span` over at most `intervals` intervals: 1, 2 or 5 × 10^k.
    public static func niceStep(span: Double, intervals: Int) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(intervals, 1))
        let magnitude = pow(10, (Foundation.log10(raw)).rounded(.down))
        for multiple in [1.0, 2, 5, 10] where multiple * magnitude >= raw * (1 - 1e-9) {
            return multiple * magnitude
        }
        return 10 * magnitude
    }

    private static func oneTwoFive(below value: Double) -> Double {
        let decade = pow(10, Foundation.log10(value).rounded(.down))
        for multiple in [5.0, 2, 1] where multiple * decade <= value * (1 + 1e-9) {
            return multiple * decade
        }
        return decade
    }

    private static func oneTwoFive(above value: Double) -> Double {
        let decade = pow(10, Foundation.log10(value).rounded(.down))
        for multiple in [1.0, 2, 5, 10] where multiple * decade >= value * (1 - 1e-9) {
            return multiple * decade
        }
        return 10 * decade
    }

    /// The tick values inside the domain: about `count` for a linear scale (1-2-5 steps), the
    /// powers of ten (and 2, 5 between them over short spans) for a log scale, every category
    /// (or every k-th, to keep at most `count · 2`) for a category scale.
    public func ticks(count: Int = 6) -> [Double] {
        switch kind {
        case .linear:
            let step = Self.niceStep(
                span: domain.upperBound - domain.lowerBound, intervals: max(count, 1))
            let first = (domain.lowerBound / step - 1e-9).rounded(.up)
            let last = (domain.upperBound / step + 1e-9).rounded(.down)
            guard last >= first, last - first < 1000 else { return [] }
            return stride(from: first, through: last, by: 1).map { k in
                let tick = k * step
                return abs(tick) < step * 1e-9 ? 0 : tick
            }
        case .log:
            let low = Foundation.log10(domain.lowerBound)
            let high = Foundation.log10(domain.upperBound)
            let decades = high - low
            let firstPower = Int((low - 1e-9).rounded(.up))
            let lastPower = Int((high + 1e-9).rounded(.down))
            var ticks: [Double] = []
            let every = max(1, Int((decades / Double(max(count, 1))).rounded(.up)))
            if lastPower >= firstPower {
                for power in stride(from: firstPower, through: lastPower, by: every) {
                    ticks.append(pow(10, Double(power)))
                }
            }
            if decades < 3 {
                let lowPower = Int(low.rounded(.down))
                for power in lowPower...Int(high.rounded(.up)) {
                    for multiple in [2.0, 5] {
                        let tick = multiple * pow(10, Double(power))
                        if tick >= domain.lowerBound * (1 - 1e-9),
                            tick <= domain.upperBound * (1 + 1e-9)
                        {
                            ticks.append(tick)
                        }
                    }
                }
                ticks.sort()
            }
            return ticks
        case .categories(let names):
            let every = max(1, Int((Double(names.count) / Double(max(count * 2, 1))).rounded(.up)))
            return stride(from: 0, to: names.count, by: every).map(Double.init)
        }
    }

    /// The label of tick `value` in `format`.
    public func label(of value: Double, format: ValueFormat, ticks: [Double]) -> String {
        switch kind {
        case .categories(let names):
            let index = Int(value.rounded())
            return names.indices.contains(index) ? names[index] : ""
        case .log:
            return format.format(value)
        case .linear:
            let step = zip(ticks.dropFirst(), ticks).map { $0 - $1 }.min()
            return format.format(value, step: step)
        }
    }
}

/// How values are written on axes and in tooltips, with their units.
public enum ValueFormat: Sendable, Equatable {
    /// A plain number with as many decimals as the tick step needs.
    case number
    /// Whole numbers (trial numbers, counts).
    case integer
    /// Seconds as s, ms or µs.
    case seconds
    /// Bytes as B, kB, MB or GB (powers of 1,000).
    case bytes
    /// Rows per second as rows/s, k rows/s or M rows/s.
    case rate

    /// `value` as text; `step` (the tick step of a linear axis) sets the decimals of `.number`.
    public func format(_ value: Double, step: Double? = nil) -> String {
        guard value.isFinite else { return value.isNaN ? "–" : (value > 0 ? "∞" : "−∞") }
        switch self {
        case .integer:
            return Self.grouped(Int(value.rounded()))
        case .number:
            if let step, step > 0 {
                if value == 0 { return "0" }
                if abs(value) >= 1e6 || abs(value) < 1e-4 { return Self.significant(value) }
                let decimals = max(0, min(8, Int((-Foundation.log10(step)).rounded(.up))))
                return Self.minus(String(format: "%.\(decimals)f", value))
            }
            return Self.significant(value)
        case .seconds:
            let magnitude = abs(value)
            if magnitude == 0 { return "0 s" }
            if magnitude < 1e-3 { return Self.significant(value * 1e6) + " µs" }
            if magnitude < 1 { return Self.significant(value * 1e3) + " ms" }
            return Self.significant(value) + " s"
        case .bytes:
            let magnitude = abs(value)
            if magnitude < 1e3 { return Self.significant(value) + " B" }
            if magnitude < 1e6 { return Self.significant(value / 1e3) + " kB" }
            if magnitude < 1e9 { return Self.significant(value / 1e6) + " MB" }
            return Self.significant(value / 1e9) + " GB"
        case .rate:
            let magnitude = abs(value)
            if magnitude < 1e3 { return Self.significant(value) + " rows/s" }
            if magnitude < 1e6 { return Self.significant(value / 1e3) + "k rows/s" }
            return Self.significant(value / 1e6) + "M rows/s"
        }
    }

    /// Three significant digits, exponents as `1e-5` (not `1e-05`), a true minus sign.
    static func significant(_ value: Double) -> String {
        var text = String(format: "%.3g", value)
        if let e = text.firstIndex(of: "e") {
            var mantissa = String(text[..<e])
            var exponent = String(text[text.index(after: e)...])
            let negative = exponent.hasPrefix("-")
            exponent = String(exponent.drop { $0 == "+" || $0 == "-" || $0 == "0" })
            if mantissa.contains(".") {
                while mantissa.hasSuffix("0") { mantissa.removeLast() }
                if mantissa.hasSuffix(".") { mantissa.removeLast() }
            }
            text = mantissa + "e" + (negative ? "-" : "") + (exponent.isEmpty ? "0" : exponent)
        }
        return minus(text)
    }

    private static func minus(_ text: String) -> String {
        text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }

    private static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (value < 0 ? "−" : "") + result
    }
}

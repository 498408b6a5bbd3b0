import Foundation

/// How much a run may do: a number of trials, or a span of time after which no new trial starts
/// (running ones finish). Counts what this run starts, so running again continues the study
/// with a fresh budget.
public enum Budget: Sendable, Equatable, CustomStringConvertible {
    case trials(Int)
    case time(Duration)

    /// Parses `--budget`: a whole number of trials (`100`) or a duration (`90s`, `5m`, `2h`,
    /// `1h30m`, `500ms`; see ``DurationText``).
    /// - Throws: ``ExecutorError/invalidBudget(_:)``.
    public init(parsing text: String) throws(ExecutorError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let count = Int(trimmed) {
            guard count >= 1 else { throw .invalidBudget(text) }
            self = .trials(count)
            return
        }
        guard let duration = DurationText.parse(trimmed), duration > .zero else {
            throw .invalidBudget(text)
        }
        self = .time(duration)
    }

    /// The number of trials, for a trial budget.
    public var trialCount: Int? {
        if case .trials(let count) = self { return count }
        return nil
    }

    public var description: String {
        switch self {
        case .trials(let count): return "\(count) trials"
        case .time(let duration): return DurationText.format(duration)
        }
    }
}

/// Durations as people type them: `30s`, `5m`, `2h`, `1h30m`, `250ms`, `1.5s`; a bare number is
/// seconds.
public enum DurationText {
    /// The longest duration accepted: 100 years, far beyond any run, and far inside what
    /// `Duration` can hold (a larger value would overflow it).
    public static let maximumSeconds = 100 * 365.25 * 86_400

    /// The duration `text` names, or `nil` (also beyond ``maximumSeconds``).
    public static func parse(_ text: String) -> Duration? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !text.isEmpty else { return nil }
        if let seconds = Double(text) { return duration(seconds: seconds) }
        var total = 0.0
        var number = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isNumber || character == "." {
                number.append(character)
                index = text.index(after: index)
                continue
            }
            var unit = ""
            while index < text.endIndex, text[index].isLetter {
                unit.append(text[index])
                index = text.index(after: index)
            }
            guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
            switch unit {
            case "ms": total += value / 1000
            case "s", "sec": total += value
            case "m", "min": total += value * 60
            case "h": total += value * 3600
            default: return nil
            }
            number = ""
        }
        return number.isEmpty ? duration(seconds: total) : nil
    }

    private static func duration(seconds: Double) -> Duration? {
        seconds.isFinite && seconds >= 0 && seconds <= maximumSeconds ? .seconds(seconds) : nil
    }

    /// `duration` as `1h02m03s`, `4m05s`, `12.3s` or `250ms`.
    public static func format(_ duration: Duration) -> String {
        let seconds = duration.seconds
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 {
            return seconds == seconds.rounded()
                ? "\(Int(seconds))s" : String(format: "%.1fs", seconds)
        }
        let whole = Int(seconds.rounded())
        let (h, m, s) = (whole / 3600, whole / 60 % 60, whole % 60)
        return h > 0 ? String(format: "%dh%02dm%02ds", h, m, s) : String(format: "%dm%02ds", m, s)
    }
}

import AutoMLNumerics
import Foundation

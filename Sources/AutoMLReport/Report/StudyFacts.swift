import AutoMLStudy
import Foundation

/// What every part of a report needs to know about a study: its kind, its objective's name and
/// direction, and its complete trials ranked.
struct StudyFacts {
    let data: StudyReportData
    let direction: StudyDirection
    /// `accuracy`, `rmse`, … for a model search; `value` otherwise.
    let metric: String
    let isModelSearch: Bool
    /// Complete trials with a finite first value, in number order.
    let complete: [TrialRecord]
    /// The same, best first (ties: the lower number).
    let ranked: [TrialRecord]

    init(_ data: StudyReportData) {
        self.data = data
        direction = data.study.directions.first ?? .minimize
        isModelSearch = data.study.attributes["objective"] == "model"
        metric = isModelSearch ? data.study.attributes["metric"] ?? "score" : "value"
        complete = data.trials.filter { trial in
            trial.state == .complete && (trial.value?.isFinite ?? false)
        }
        let direction = direction
        ranked = complete.sorted { a, b in
            let la = direction.loss(a.value ?? .nan)
            let lb = direction.loss(b.value ?? .nan)
            return la != lb ? la < lb : a.number < b.number
        }
    }

    var best: TrialRecord? { ranked.first }

    /// The objective as a loss (lower is better).
    func loss(_ trial: TrialRecord) -> Double { direction.loss(trial.value ?? .nan) }

    /// `accuracy (higher is better)`.
    var objectiveLabel: String {
        metric + (direction == .maximize ? " (higher is better)" : " (lower is better)")
    }

    /// Trials per state, in the order states run.
    var stateCounts: [(TrialState, Int)] {
        var counts: [TrialState: Int] = [:]
        for trial in data.trials { counts[trial.state, default: 0] += 1 }
        return [TrialState.complete, .pruned, .failed, .running, .waiting].compactMap { state in
            counts[state].map { (state, $0) }
        }
    }

    /// Seconds from the first trial's start to the last finish (or the read, while trials run).
    var elapsedSeconds: Double? {
        guard let first = data.trials.map(\.startedAt).min() else { return nil }
        let running = data.trials.contains { !$0.state.isFinished }
        let last =
            running ? data.readAt : (data.trials.compactMap(\.finishedAt).max() ?? data.readAt)
        return max(last.timeIntervalSince(first), 0)
    }

    /// The learner family of a model trial.
    func family(of trial: TrialRecord) -> String {
        trial.attributes[.learner] ?? trial.configuration["learner"]?.description
            ?? data.study.attributes["default_family"] ?? "model"
    }

    /// A value in the objective's units for tables and tooltips.
    static func format(_ value: Double?) -> String {
        guard let value else { return "—" }
        return ValueFormat.significant4(value)
    }
}

extension ValueFormat {
    /// Four significant digits, for tables and tooltips.
    static func significant4(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        if value != 0, abs(value) < 1e-4 || abs(value) >= 1e7 {
            return String(format: "%.3e", value)
        }
        var text = String(format: "%.4g", value)
        if text.hasPrefix("-") { text = "−" + text.dropFirst() }
        return text
    }
}

/// Even thinning: which items of a long list a chart keeps.
enum Thinning {
    /// At most `limit` indices of `0..<count`, evenly spaced, the first and last included.
    static func evenly(count: Int, limit: Int) -> [Int] {
        guard count > limit else { return Array(0..<count) }
        guard limit > 1 else { return limit == 1 ? [0] : [] }
        let step = Double(count - 1) / Double(limit - 1)
        var indices: [Int] = []
        indices.reserveCapacity(limit)
        var last = -1
        for k in 0..<limit {
            let index = Int((Double(k) * step).rounded())
            if index != last { indices.append(index) }
            last = index
        }
        return indices
    }

    /// `items` with every `kept` one and an even sample of the rest, at most `limit` in all
    /// (the kept ones first take their share), in the original order.
    static func keeping<T>(_ items: [T], limit: Int, where kept: (T) -> Bool) -> [T] {
        guard items.count > limit else { return items }
        var mustKeep: [Int] = []
        var others: [Int] = []
        for (index, item) in items.enumerated() {
            if kept(item) { mustKeep.append(index) } else { others.append(index) }
        }
        let room = max(limit - mustKeep.count, 0)
        let sampled = evenly(count: others.count, limit: room).map { others[$0] }
        return (mustKeep + sampled).sorted().map { items[$0] }
    }
}

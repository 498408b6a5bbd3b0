import AutoMLStudy

/// The best-so-far of a study as one line of Unicode block characters (`▇▆▄▃▂▂▁▁`), for the
/// terminal (`automl studies show`).
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The best value so far after each trial of `trials` (in number order) under
    /// `direction`, in at most `width` characters: each character is the best-so-far at the
    /// end of its share of the trials, its height the value between the first best and the
    /// last (so a minimized study's line falls). `nil` before the first complete trial.
    public static func bestSoFar(
        of trials: [TrialRecord], direction: StudyDirection, width: Int = 48
    ) -> String? {
        var running: [Double] = []
        var best: Double?
        for trial in trials.sorted(by: { $0.number < $1.number }) {
            if trial.state == .complete, let value = trial.value, value.isFinite,
                best.map({ direction.isBetter(value, than: $0) }) ?? true
            {
                best = value
            }
            if let best { running.append(best) }
        }
        guard !running.isEmpty, width > 0 else { return nil }
        let columns = min(width, running.count)
        let values = (0..<columns).map { column in
            running[min(running.count - 1, (column + 1) * running.count / columns - 1)]
        }
        return line(values)
    }

    /// `values` as block characters between their minimum (▁) and maximum (█).
    public static func line(_ values: [Double]) -> String {
        guard let low = values.min(), let high = values.max() else { return "" }
        let span = high - low
        return String(
            values.map { value in
                guard span > 0, value.isFinite else { return blocks[0] }
                let level = Int(((value - low) / span * Double(blocks.count - 1)).rounded())
                return blocks[min(max(level, 0), blocks.count - 1)]
            })
    }
}

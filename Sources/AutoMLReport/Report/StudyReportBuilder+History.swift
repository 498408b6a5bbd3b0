import AutoMLStudy
import Foundation

extension StudyReportBuilder {
    /// The objective axis shared by the history and the slices: it covers the best value and
    /// the 1st–99th percentiles of the values (the full range when that is not much wider),
    /// log-scaled when the values are positive and span more than three decades. Values
    /// beyond it are drawn on its edge.
    func objectiveAxis(_ facts: StudyFacts) -> ChartAxis {
        let values = facts.complete.compactMap(\.value).sorted()
        let label = facts.objectiveLabel
        guard let lowest = values.first, let highest = values.last else {
            return ChartAxis.fitting([0, 1], label: label)
        }
        let isLog = lowest > 0 && highest / lowest > 1_000
        func quantile(_ q: Double) -> Double {
            values[min(values.count - 1, max(0, Int((Double(values.count - 1) * q).rounded())))]
        }
        var low = lowest
        var high = highest
        if values.count >= 20 {
            let best = facts.best?.value ?? lowest
            let coreLow = min(quantile(0.01), best)
            let coreHigh = max(quantile(0.99), best)
            let width = { (a: Double, b: Double) in isLog ? log10(b / a) : b - a }
            if width(lowest, highest) > 1.5 * max(width(coreLow, coreHigh), 1e-300) {
                low = coreLow
                high = coreHigh
            }
        }
        return ChartAxis.fitting([low, high], label: label, log: isLog, padding: 0.04)
    }

    /// The optimization history: every complete trial's value by trial number, the best so far
    /// as a step line, failed and pruned trials on a strip at the bottom.
    func historyChart(_ facts: StudyFacts) -> RenderedChart? {
        guard let lastNumber = data.trials.map(\.number).max() else { return nil }
        var recordNumbers = Set<Int>()
        var records: [ScatterChart.Point] = []
        var best: Double?
        for trial in facts.complete {
            guard let value = trial.value else { continue }
            if best.map({ facts.direction.isBetter(value, than: $0) }) ?? true {
                best = value
                recordNumbers.insert(trial.number)
                records.append(.init(x: Double(trial.number), y: value))
            }
        }
        if let best, let last = records.last, last.x < Double(lastNumber) {
            records.append(.init(x: Double(lastNumber), y: best))
        }
        let kept = Thinning.keeping(facts.complete, limit: limits.historyPoints) {
            recordNumbers.contains($0.number)
        }
        let failed = data.trials.filter { $0.state == .failed }
        let pruned = data.trials.filter { $0.state == .pruned }
        let keptFailed = Thinning.evenly(count: failed.count, limit: limits.historyMarks).map {
            failed[$0]
        }
        let keptPruned = Thinning.evenly(count: pruned.count, limit: limits.historyMarks).map {
            pruned[$0]
        }
        let y = objectiveAxis(facts)
        // No padding: trial numbers start at 0, and a pad past the last would add a whole tick
        // step of empty plot.
        let x = ChartAxis.fitting(
            [0, Double(max(lastNumber, 1))], label: "trial number", format: .integer, padding: 0)
        var series: [ScatterChart.Series] = [
            .init(
                name: "complete trial", color: ChartPalette.blue, size: 5,
                points: kept.map { trial in
                    .init(
                        x: Double(trial.number), y: trial.value,
                        tooltip: tooltip(trial, facts: facts))
                }, isTranslucent: kept.count > 300),
            .init(
                name: "best so far", color: ChartPalette.vermillion, points: records,
                connection: .steps, showsPoints: false),
        ]
        if !failed.isEmpty {
            series.append(
                .init(
                    name: "failed (bottom strip)", color: ChartPalette.black, marker: .cross,
                    size: 6,
                    points: keptFailed.map { trial in
                        .init(
                            x: Double(trial.number), y: nil,
                            tooltip:
                                "trial #\(trial.number) failed: \(trial.failureReason ?? "no reason recorded")"
                        )
                    }))
        }
        if !pruned.isEmpty {
            series.append(
                .init(
                    name: "pruned (bottom strip)", color: ChartPalette.reddishPurple,
                    marker: .triangle, size: 6,
                    points: keptPruned.map { trial in
                        .init(
                            x: Double(trial.number), y: nil,
                            tooltip:
                                "trial #\(trial.number) pruned: \(trial.failureReason ?? "pruned")"
                        )
                    }))
        }
        let clipped = kept.filter { trial in
            let f = y.scale.fraction(of: trial.value ?? 0)
            return f < 0 || f > 1
        }.count
        var caption =
            "Each dot is a complete trial's \(facts.metric) by trial number; the orange-red step line is the best so far"
        if !failed.isEmpty || !pruned.isEmpty {
            caption += "; failed (×) and pruned (▲) trials sit on the grey strip at the bottom"
        }
        caption += ". "
        if kept.count < facts.complete.count {
            caption +=
                "Thinned: all \(recordNumbers.count) trials that improved the best plus an even sample of the rest, \(kept.count) of \(facts.complete.count) complete trials"
        } else {
            caption += "All \(facts.complete.count) complete trials"
        }
        if keptFailed.count < failed.count || keptPruned.count < pruned.count {
            caption +=
                "; \(keptFailed.count) of \(failed.count) failed and \(keptPruned.count) of \(pruned.count) pruned marks"
        }
        caption += "."
        if clipped > 0 {
            caption +=
                " \(clipped) outlying value\(clipped == 1 ? "" : "s") drawn as open triangles on the axis edge."
        }
        let chart = ScatterChart(
            title: "Optimization history", x: x, y: y, series: series)
        return chart.render(id: "history", caption: caption, width: 1000, height: 340)
    }

    /// A trial's tooltip: number, value, family (model search), configuration.
    func tooltip(_ trial: TrialRecord, facts: StudyFacts) -> String {
        var text = "trial #\(trial.number): \(facts.metric) \(StudyFacts.format(trial.value))"
        if let std = trial.metrics[.scoreStd] { text += " ± " + StudyFacts.format(std) }
        if facts.isModelSearch { text += " — " + facts.family(of: trial) }
        text += "\n" + ChartFrame.truncated(trial.configuration.description, to: 300)
        return text
    }
}

import AutoMLAblation
import AutoMLSearchSpace
import AutoMLStudy
import Foundation

extension StudyReportBuilder {
    /// Parallel coordinates of the best trials over the most important parameters, the
    /// objective on the last axis.
    func parallelCoordinatesChart(_ facts: StudyFacts, parameters: [Parameter]) -> RenderedChart? {
        let axes = parameters.compactMap(ParameterAxis.init).prefix(limits.parallelAxes)
        let top = Array(facts.ranked.prefix(limits.topTrials))
        guard !axes.isEmpty, top.count >= 2 else { return nil }
        let values = top.compactMap(\.value)
        let objective = ChartAxis.fitting(values, label: facts.metric, padding: 0.02, tickCount: 5)
        let lows = values.min() ?? 0
        let highs = values.max() ?? 1
        let lines = top.reversed().map { trial in
            ParallelCoordinatesChart.Line(
                values: axes.map { $0.position(trial.configuration[$0.parameter.name]) }
                    + [trial.value],
                colorValue: trial.value ?? lows, tooltip: tooltip(trial, facts: facts))
        }
        let chart = ParallelCoordinatesChart(
            title: "Best \(top.count) trials across the most important parameters",
            axes: axes.map(\.axis) + [objective], lines: lines, colorLabel: facts.metric,
            colorScale: .linear(lows...max(highs, lows)),
            darkEndIsHigh: facts.direction == .maximize)
        var caption =
            "One line per trial, crossing each parameter's axis at its value and ending at its \(facts.metric); darker is better, the best on top. "
        caption +=
            top.count < facts.complete.count
            ? "The best \(top.count) of \(facts.complete.count) complete trials"
            : "All \(top.count) complete trials"
        caption +=
            "; axes: the \(axes.count) most important parameters, left to right (a gap: the parameter is inactive in that trial)."
        return chart.render(id: "parallel", caption: caption, width: 1000, height: 380)
    }

    /// One slice plot per important parameter: the objective against the parameter's value.
    func sliceCharts(_ facts: StudyFacts, parameters: [Parameter]) -> [RenderedChart] {
        let axes = Array(parameters.compactMap(ParameterAxis.init).prefix(limits.slices))
        guard !facts.complete.isEmpty else { return [] }
        let y = objectiveAxis(facts)
        let bestNumbers = Set(facts.ranked.prefix(100).map(\.number))
        var charts: [RenderedChart] = []
        for (index, parameterAxis) in axes.enumerated() {
            let name = parameterAxis.parameter.name
            let active = facts.complete.filter {
                parameterAxis.position($0.configuration[name]) != nil
            }
            guard !active.isEmpty else { continue }
            let kept = Thinning.keeping(active, limit: limits.slicePoints) {
                bestNumbers.contains($0.number)
            }
            func x(_ trial: TrialRecord) -> Double {
                let position = parameterAxis.position(trial.configuration[name]) ?? 0
                guard parameterAxis.isCategorical else { return position }
                // Spread a category's points across its band (the same jitter every time).
                let hash = (UInt64(bitPattern: Int64(trial.number)) &* 0x9E37_79B9_7F4A_7C15) >> 40
                return position + (Double(hash % 1000) / 1000 - 0.5) * 0.6
            }
            var series: [ScatterChart.Series] = [
                .init(
                    name: "complete trial", color: ChartPalette.blue, size: 5,
                    points: kept.map {
                        .init(x: x($0), y: $0.value, tooltip: tooltip($0, facts: facts))
                    },
                    isTranslucent: kept.count > 200)
            ]
            if let best = facts.best,
                let position = parameterAxis.position(best.configuration[name])
            {
                series.append(
                    .init(
                        name: "best trial #\(best.number)", color: ChartPalette.vermillion,
                        marker: .star, size: 12,
                        points: [
                            .init(x: position, y: best.value, tooltip: tooltip(best, facts: facts))
                        ]))
            }
            var caption =
                "Each dot is a complete trial where \(name) is active: its \(facts.metric) against its \(name)"
            caption += parameterAxis.isCategorical ? " (spread across each choice's band)." : "."
            caption +=
                kept.count < active.count
                ? " Thinned: the best 100 trials plus an even sample, \(kept.count) of \(active.count)."
                : " All \(active.count) such trials."
            let chart = ScatterChart(
                title: "Slice: \(name)", x: parameterAxis.axis, y: y, series: series)
            // A categorical's names are often turned under the axis: the taller image keeps
            // the plot area about as high as a numeric slice's.
            let height = parameterAxis.isCategorical ? 370.0 : 320
            charts.append(chart.render(id: "slice-\(index + 1)", caption: caption, height: height))
        }
        return charts
    }

    /// A heat map of the mean objective over the strongest interaction's two parameters: the
    /// ablation's fANOVA interaction when there is one, else the pair among the most important
    /// parameters with the largest ``PairInteraction`` share, else (no pair interacts beyond
    /// noise) the two most important numeric parameters.
    func contourChart(_ facts: StudyFacts, importance: Importance?, parameters: [Parameter])
        -> RenderedChart?
    {
        let space = data.study.space
        var pair: (Parameter, Parameter)?
        var reason = ""
        if let interaction = importance?.interactions.first(where: { interaction in
            interaction.parameters.count == 2
                && interaction.parameters.allSatisfy {
                    space.parameter(named: $0)?.isSearched ?? false
                }
        }), let a = space.parameter(named: interaction.parameters[0]),
            let b = space.parameter(named: interaction.parameters[1])
        {
            pair = (a, b)
            reason =
                "the strongest \(importance?.method ?? "") interaction (\(StudyFacts.format(interaction.fraction)) of the variance)"
        } else {
            let axes = Array(
                parameters.compactMap(ParameterAxis.init).prefix(limits.interactionCandidates))
            if let strongest = PairInteraction.strongest(among: axes, trials: facts.complete),
                let a = space.parameter(named: strongest.first),
                let b = space.parameter(named: strongest.second)
            {
                pair = (a, b)
                reason =
                    "the strongest interaction among the \(axes.count) most important parameters: "
                    + "beyond their separate effects and noise, the pair explains \(Self.percent(strongest.share)) of the \(facts.metric)'s variance "
                    + "over the \(strongest.trialCount) trials where both are active (two-way ANOVA on a coarse grid, F-test p < 0.001)"
            } else if let (a, b) = Self.mostImportantPair(axes, trials: facts.complete) {
                pair = (a.parameter, b.parameter)
                reason =
                    "the \(importance == nil ? "first" : "most important") "
                    + "\(a.isCategorical || b.isCategorical ? "" : "numeric ")pair active together; no pair interacts beyond noise"
            }
        }
        guard let (first, second) = pair, let xAxis = ParameterAxis(first),
            let yAxis = ParameterAxis(second)
        else { return nil }
        let columnEdges = xAxis.edges(bins: limits.heatMapBins)
        let rowEdges = yAxis.edges(bins: limits.heatMapBins)
        var sums: [Int: (sum: Double, count: Int)] = [:]
        var used = 0
        let columns = columnEdges.count - 1
        for trial in facts.complete {
            guard let value = trial.value,
                let px = xAxis.position(trial.configuration[first.name]),
                let py = yAxis.position(trial.configuration[second.name]),
                let column = xAxis.bin(of: px, edges: columnEdges),
                let row = yAxis.bin(of: py, edges: rowEdges)
            else { continue }
            sums[row * columns + column, default: (0, 0)].sum += value
            sums[row * columns + column, default: (0, 0)].count += 1
            used += 1
        }
        guard used >= 2 else { return nil }
        // In cell order, not the dictionary's (which differs between two dictionaries of the
        // same cells), so the same data gives the same page.
        let cells = sums.sorted { $0.key < $1.key }.map { key, entry in
            let mean = entry.sum / Double(entry.count)
            return HeatMapChart.Cell(
                column: key % columns, row: key / columns, value: mean,
                tooltip:
                    "mean \(facts.metric) \(StudyFacts.format(mean)) over \(entry.count) trial\(entry.count == 1 ? "" : "s")"
            )
        }
        let means = cells.map(\.value)
        let low = means.min() ?? 0
        let high = means.max() ?? 1
        var labels: [ScatterChart.Label] = []
        if let best = facts.best, let bx = xAxis.position(best.configuration[first.name]),
            let by = yAxis.position(best.configuration[second.name])
        {
            labels.append(
                .init(
                    x: bx, y: by, text: "best", color: ChartPalette.vermillion, marker: .star,
                    tooltip: tooltip(best, facts: facts)))
        }
        let chart = HeatMapChart(
            title: "Interaction: \(first.name) × \(second.name)", x: xAxis.axis, y: yAxis.axis,
            columnEdges: columnEdges, rowEdges: rowEdges, cells: cells,
            colorLabel: "mean \(facts.metric)", colorScale: .linear(low...max(high, low)),
            darkEndIsHigh: facts.direction == .maximize, labels: labels)
        let caption =
            "Mean \(facts.metric) of the complete trials in each cell (\(used) trials; blank cells have none; darker is better; ★ the best trial) over \(reason)."
        return chart.render(id: "contour", caption: caption)
    }

    /// The first pair of `axes` (in order; numeric pairs before those with a categorical) that
    /// are active together in at least two of `trials`.
    static func mostImportantPair(_ axes: [ParameterAxis], trials: [TrialRecord])
        -> (ParameterAxis, ParameterAxis)?
    {
        var pairs: [(ParameterAxis, ParameterAxis)] = []
        for (index, a) in axes.enumerated() {
            for b in axes.dropFirst(index + 1) { pairs.append((a, b)) }
        }
        let numeric = pairs.filter { !$0.0.isCategorical && !$0.1.isCategorical }
        let mixed = pairs.filter { $0.0.isCategorical || $0.1.isCategorical }
        for (a, b) in numeric + mixed {
            var together = 0
            for trial in trials
            where a.position(trial.configuration[a.parameter.name]) != nil
                && b.position(trial.configuration[b.parameter.name]) != nil
            {
                together += 1
                if together >= 2 { return (a, b) }
            }
        }
        return nil
    }

    /// `0.123` as `12 %`, small shares with a decimal (`0.4 %`).
    static func percent(_ share: Double) -> String {
        let value = share * 100
        return (value < 9.95 ? String(format: "%.1f", value) : String(format: "%.0f", value)) + " %"
    }
}

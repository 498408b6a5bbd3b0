import AutoMLAblation
import Foundation

extension StudyReportBuilder {
    /// Horizontal bars of the most important parameters, with their bootstrap intervals when
    /// the method gives them.
    func importanceChart(_ importance: Importance, facts: StudyFacts) -> RenderedChart? {
        let effects = Array(importance.effects.prefix(limits.importanceBars))
        guard !effects.isEmpty else { return nil }
        let highest = effects.map { max($0.fraction, $0.high ?? 0) }.max() ?? 1
        let axis = ChartAxis.fitting(
            [0, max(highest, 1e-6)], label: "importance (fraction of the total)", includeZero: true,
            padding: 0.03, tickCount: 5)
        let bars = effects.map { effect in
            BarChart.Bar(
                label: effect.parameter, value: effect.fraction, low: effect.low, high: effect.high,
                color: ChartPalette.blue,
                tooltip: "\(effect.parameter): \(StudyFacts.format(effect.fraction))"
                    + (effect.low.map {
                        " (5–95 %: \(StudyFacts.format($0))–\(StudyFacts.format(effect.high ?? $0)))"
                    } ?? ""))
        }
        let hasIntervals = effects.contains { $0.low != nil }
        var caption: String
        if importance.fromAblation {
            caption =
                "\(importance.method) from the ablation report: the fraction of the objective's variance each parameter explains alone"
                + (hasIntervals ? "; whiskers span the 5–95 % bootstrap interval" : "") + "."
        } else {
            caption =
                "PED-ANOVA over \(importance.trialCount) complete trials: how strongly the best 10 % concentrate on part of each parameter's range, as shares that sum to 1 (no interval: the method has none)."
        }
        if importance.effects.count > effects.count {
            caption +=
                " The \(effects.count) most important of \(importance.effects.count) parameters."
        }
        return BarChart(
            title: "Parameter importance (\(importance.method))", axis: axis, bars: bars
        )
        .render(id: "importance", caption: caption)
    }

    /// The ablation path as a waterfall from the baseline to the best configuration.
    func waterfallChart(_ ablation: AblationReport, facts: StudyFacts) -> RenderedChart? {
        guard !ablation.path.isEmpty else { return nil }
        let values =
            [ablation.baselineScore, ablation.bestScore]
            + ablation.path.flatMap { [$0.score - $0.spread, $0.score + $0.spread] }
        let axis = ChartAxis.fitting(
            values, label: "\(ablation.metric) after each change", padding: 0.05, tickCount: 5)
        let steps = ablation.path.map { step in
            WaterfallChart.Step(
                label: "\(step.parameter) → \(Self.shortValue(step.to))", value: step.score,
                spread: step.spread > 0 ? step.spread : nil, isSignificant: step.isSignificant,
                tooltip:
                    "\(step.parameter): \(step.from) → \(step.to); \(ablation.metric) \(StudyFacts.format(step.score))"
                    + " (\(step.gain >= 0 ? "+" : "")\(StudyFacts.format(step.gain)) ± \(StudyFacts.format(step.spread)))"
                    + (step.predicted ? ", predicted by the surrogate" : "")
                    + (step.isSignificant ? "" : ", within noise"))
        }
        let chart = WaterfallChart(
            title: "Ablation path", axis: axis, startLabel: "baseline (\(ablation.baseline))",
            startValue: ablation.baselineScore, steps: steps,
            end: (label: "best trial #\(ablation.bestTrial) (stored)", value: ablation.bestScore),
            higherIsBetter: ablation.direction == "maximize")
        let predicted = ablation.path.contains(where: \.predicted)
        let caption =
            "From the baseline to the best configuration one parameter at a time, the most helpful change first: each bar runs from the \(ablation.metric) before the change to the one after"
            + (predicted
                ? " (predicted by the surrogate)"
                : " (mean of \(ablation.repeats) runs; whiskers ± one standard deviation)")
            + "; pale bars are within the noise."
        return chart.render(id: "ablation", caption: caption)
    }

    /// A configuration value as a chart label shows it: a number with a fraction or an exponent
    /// to four significant digits (`0.01931390079579965` → `0.01931`), anything else as is.
    static func shortValue(_ value: String) -> String {
        guard value.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }),
            let number = Double(value), number.isFinite
        else { return value }
        return ValueFormat.significant4(number)
    }
}

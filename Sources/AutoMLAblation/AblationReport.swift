import Foundation

/// What `automl ablate` found, in the forms it prints: a terminal table, JSON (keys in
/// docs/ablation.md and docs/ablation.schema.json) and Markdown for a report or a paper's
/// appendix.
public struct AblationReport: Sendable, Codable {
    public var study: String
    /// `model` or `command`.
    public var objective: String
    public var metric: String
    /// `maximize` or `minimize`.
    public var direction: String
    /// The best trial and its stored score.
    public var bestTrial: Int
    public var bestScore: Double
    /// `default` (the family's defaults, or the space's middle for a command study) or the file.
    public var baseline: String
    /// `fanova` or `ped-anova`.
    public var method: String
    public var importance: [ParameterEffect]
    public var interactions: [ParameterInteraction]
    /// The score of the baseline (mean over repeats, or predicted).
    public var baselineScore: Double
    public var path: [AblationStep]
    /// `--verify K`: the first steps of a surrogate path re-run for real.
    public var verification: [Verification]
    public var leaveOneOut: [LeaveOneOutEntry]
    public var components: [ComponentChange]
    public var repeats: Int
    public var seed: UInt64
    /// Seconds each part took: `importance`, `path`, `verification`, `leave_one_out`, `components`.
    public var seconds: [String: Double]

    /// A predicted step checked for real.
    public struct Verification: Sendable, Codable, Equatable {
        public var parameter: String
        public var predictedGain: Double
        public var realGain: Double
        /// Whether the predicted and the real gain have the same sign.
        public var agrees: Bool

        public init(parameter: String, predictedGain: Double, realGain: Double, agrees: Bool) {
            self.parameter = parameter
            self.predictedGain = predictedGain
            self.realGain = realGain
            self.agrees = agrees
        }

        private enum CodingKeys: String, CodingKey {
            case parameter, agrees
            case predictedGain = "predicted_gain"
            case realGain = "real_gain"
        }
    }

    public init(
        study: String, objective: String, metric: String, direction: String, bestTrial: Int,
        bestScore: Double,
        baseline: String, method: String, importance: [ParameterEffect],
        interactions: [ParameterInteraction],
        baselineScore: Double, path: [AblationStep], verification: [Verification],
        leaveOneOut: [LeaveOneOutEntry],
        components: [ComponentChange], repeats: Int, seed: UInt64, seconds: [String: Double]
    ) {
        self.study = study
        self.objective = objective
        self.metric = metric
        self.direction = direction
        self.bestTrial = bestTrial
        self.bestScore = bestScore
        self.baseline = baseline
        self.method = method
        self.importance = importance
        self.interactions = interactions
        self.baselineScore = baselineScore
        self.path = path
        self.verification = verification
        self.leaveOneOut = leaveOneOut
        self.components = components
        self.repeats = repeats
        self.seed = seed
        self.seconds = seconds
    }

    private enum CodingKeys: String, CodingKey {
        case study, objective, metric, direction, baseline, method, importance, interactions, path
        case verification, components, repeats, seed, seconds
        case bestTrial = "best_trial"
        case bestScore = "best_score"
        case baselineScore = "baseline_score"
        case leaveOneOut = "leave_one_out"
    }

    /// Pretty JSON with sorted keys (the same seed gives the same bytes, timings aside: they
    /// are under `seconds`).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self) + Data("\n".utf8)
    }

    static func number(_ x: Double) -> String { String(format: "%.4g", x) }
    static func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + String(format: "%.4g", x) }
    static func mark(_ significant: Bool) -> String { significant ? "" : " (within noise)" }

    /// The report as Markdown.
    /// Interactions listed in ``markdown``, the strongest first.
    static let markdownInteractions = 15

    public var markdown: String {
        var lines = [
            "# Ablation of study `\(study)`", "",
            "Best trial #\(bestTrial): \(metric) \(Self.number(bestScore)) (\(direction)). Baseline: \(baseline), "
                + "\(metric) \(Self.number(baselineScore)). Repeats: \(repeats), seed \(seed).", "",
            "## Parameter importance (\(method))", "", "| parameter | fraction | interval |",
            "|---|---:|---|",
        ]
        for effect in importance {
            lines.append(
                "| \(effect.parameter) | \(Self.number(effect.fraction)) | "
                    + (effect.low.map { "\(Self.number($0))–\(Self.number(effect.high ?? $0))" }
                        ?? "—") + " |")
        }
        // The strongest pairs; the JSON keeps them all.
        let shown = interactions.filter { $0.fraction > 0 }.prefix(Self.markdownInteractions)
        if !shown.isEmpty {
            lines += ["", "| interaction | fraction |", "|---|---:|"]
            for item in shown {
                lines.append(
                    "| \(item.parameters.joined(separator: " × ")) | \(Self.number(item.fraction)) |"
                )
            }
            if interactions.count > shown.count {
                lines += [
                    "",
                    "The \(shown.count) strongest of \(interactions.count) pairs (all in `--json`).",
                ]
            }
        }
        lines += [
            "", "## Ablation path", "", "| step | parameter | from | to | score | gain | spread |",
            "|---:|---|---|---|---:|---:|---:|",
        ]
        for (index, step) in path.enumerated() {
            lines.append(
                "| \(index + 1) | \(step.parameter) | \(step.from) | \(step.to) | \(Self.number(step.score))\(step.predicted ? " (predicted)" : "") | "
                    + "\(Self.signed(step.gain))\(Self.mark(step.isSignificant)) | \(Self.number(step.spread)) |"
            )
        }
        if !verification.isEmpty {
            lines += [
                "", "| verified step | predicted gain | real gain | signs agree |",
                "|---|---:|---:|:-:|",
            ]
            for item in verification {
                lines.append(
                    "| \(item.parameter) | \(Self.signed(item.predictedGain)) | \(Self.signed(item.realGain)) | \(item.agrees ? "yes" : "no") |"
                )
            }
        }
        lines += [
            "", "## Leave-one-out", "", "| parameter reset | loss | spread |", "|---|---:|---:|",
        ]
        for entry in leaveOneOut {
            lines.append(
                "| \(entry.parameter) | \(Self.signed(entry.loss))\(Self.mark(entry.isSignificant)) | \(Self.number(entry.spread)) |"
            )
        }
        if !components.isEmpty {
            lines += [
                "", "## Components", "", "| change | score change | spread |", "|---|---:|---:|",
            ]
            for item in components {
                lines.append(
                    "| \(item.component) | \(Self.signed(item.change))\(Self.mark(item.isSignificant)) | \(Self.number(item.spread)) |"
                )
            }
        }
        lines += [
            "",
            "Differences marked *within noise* are smaller than two standard errors of the difference "
                + "(from the repeats, or from the best trial's fold spread with one repeat): the data does not tell them from zero.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report for the terminal.
    public var text: String {
        var lines = [
            "study '\(study)': best trial #\(bestTrial), \(metric) \(Self.number(bestScore)); baseline (\(baseline)) \(Self.number(baselineScore))",
            "", "importance (\(method)):",
        ]
        for effect in importance.prefix(12) {
            let bar = String(
                repeating: "█", count: max(0, min(30, Int((effect.fraction * 30).rounded()))))
            lines.append(
                "  " + effect.parameter.padding(toLength: 34, withPad: " ", startingAt: 0) + " "
                    + String(format: "%6.3f", effect.fraction)
                    + (effect.low.map { String(format: "  [%.3f, %.3f]", $0, effect.high ?? $0) }
                        ?? "") + "  " + bar)
        }
        for item in interactions.prefix(5) {
            lines.append(
                "  "
                    + item.parameters.joined(separator: " × ").padding(
                        toLength: 34, withPad: " ", startingAt: 0) + " "
                    + String(format: "%6.3f", item.fraction))
        }
        lines += [
            "",
            "path from the baseline\(path.first?.predicted == true ? " (predicted by the surrogate)" : ""):",
        ]
        for (index, step) in path.enumerated() {
            lines.append(
                "  \(index + 1). \(step.parameter): \(step.from) → \(step.to)   \(metric) \(Self.number(step.score)) "
                    + "(\(Self.signed(step.gain)) ± \(Self.number(step.spread)))\(Self.mark(step.isSignificant))"
            )
        }
        for item in verification {
            lines.append(
                "  verified \(item.parameter): predicted \(Self.signed(item.predictedGain)), real \(Self.signed(item.realGain)) — \(item.agrees ? "signs agree" : "signs differ")"
            )
        }
        lines += ["", "leave-one-out (reset alone to the baseline):"]
        for entry in leaveOneOut {
            lines.append(
                "  \(entry.parameter): \(Self.signed(-entry.loss)) \(metric)\(Self.mark(entry.isSignificant))"
            )
        }
        if !components.isEmpty {
            lines += ["", "components:"]
            for item in components {
                lines.append(
                    "  \(item.component): \(Self.signed(item.change))\(Self.mark(item.isSignificant))"
                )
            }
        }
        lines.append("")
        lines.append(
            seconds.keys.sorted().map { "\($0) \(String(format: "%.1f", seconds[$0] ?? 0)) s" }
                .joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}

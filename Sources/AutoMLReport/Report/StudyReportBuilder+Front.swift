import AutoMLProfiles
import AutoMLStudy
import Foundation

extension StudyReportBuilder {
    /// The colour and label of each profile on the Pareto charts.
    static func style(of kind: ProfileKind) -> (color: String, label: String) {
        switch kind {
        case .highPerformance: return (ChartPalette.vermillion, "high performance")
        case .fastInference: return (ChartPalette.bluishGreen, "fast inference")
        case .memoryEfficient: return (ChartPalette.reddishPurple, "memory efficient")
        case .balanced: return (ChartPalette.black, "balanced")
        }
    }

    /// The candidates of a model search (complete model trials and built ensembles with a
    /// measured, or for ensembles estimated, serving cost).
    func candidates(_ facts: StudyFacts) -> (
        models: [ProfileCandidate], ensembles: [ProfileCandidate]
    ) {
        let folds = Int(data.study.attributes["folds"] ?? "") ?? 5
        let models = facts.complete.compactMap { ProfileCandidate(model: $0, folds: folds) }
        var ensembles: [ProfileCandidate] = []
        if let study = data.ensembles {
            let members = Dictionary(
                data.trials.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
            for trial in study.trials where trial.state == .complete {
                guard let record = study.records[trial.number],
                    let candidate = ProfileCandidate(
                        ensemble: trial, record: record, members: members, folds: folds)
                else { continue }
                ensembles.append(candidate)
            }
        }
        return (models, ensembles)
    }

    /// The candidates not beaten in both the loss and `cost` by another, cheapest first.
    /// - Complexity: O(n log n).
    static func front(
        _ candidates: [ProfileCandidate], cost: (ProfileCandidate) -> Double,
        direction: StudyDirection
    ) -> [ProfileCandidate] {
        let sorted = candidates.filter { cost($0) > 0 && cost($0).isFinite }.sorted { a, b in
            cost(a) != cost(b)
                ? cost(a) < cost(b) : direction.loss(a.score) < direction.loss(b.score)
        }
        var front: [ProfileCandidate] = []
        var bestLoss = Double.infinity
        for candidate in sorted where direction.loss(candidate.score) < bestLoss {
            front.append(candidate)
            bestLoss = direction.loss(candidate.score)
        }
        return front
    }

    /// Score against p99 latency and score against bytes (log x), the fronts as step lines,
    /// the profiles marked.
    func paretoCharts(_ facts: StudyFacts) -> [RenderedChart] {
        let (models, ensembles) = candidates(facts)
        guard !models.isEmpty || !ensembles.isEmpty else { return [] }
        let all = models + ensembles
        let kinds:
            [(
                id: String, title: String, label: String, format: ValueFormat,
                cost: (ProfileCandidate) -> Double, profileCost: (ProductionProfile) -> Double
            )] = [
                (
                    "front-latency", "Score against p99 latency",
                    "p99 single-row latency (log scale)",
                    .seconds, { $0.latencyP99Seconds }, { $0.metrics.latencyP99Seconds }
                ),
                (
                    "front-bytes", "Score against model size",
                    "model size, bytes of its JSON (log scale)",
                    .bytes, { $0.modelBytes }, { Double($0.metrics.modelBytes) }
                ),
            ]
        let bestNumbers = Set(facts.ranked.prefix(100).map(\.number))
        var charts: [RenderedChart] = []
        for kind in kinds {
            let front = Self.front(all, cost: kind.cost, direction: facts.direction)
            let frontKeys = Set(front.map { "\($0.isEnsemble ? "e" : "m")\($0.trialNumber)" })
            let keptModels = Thinning.keeping(models, limit: limits.paretoPoints) { candidate in
                frontKeys.contains("m\(candidate.trialNumber)")
                    || bestNumbers.contains(candidate.trialNumber)
            }
            let keptEnsembles = Thinning.keeping(ensembles, limit: 300) { candidate in
                frontKeys.contains("e\(candidate.trialNumber)")
            }
            func point(_ candidate: ProfileCandidate) -> ScatterChart.Point {
                let name: String
                switch candidate.source {
                case .model(let trial): name = "trial #\(trial.number), \(facts.family(of: trial))"
                case .ensemble(let trial, let record):
                    name = "ensemble #\(trial.number): \(record.summary)"
                }
                return .init(
                    x: kind.cost(candidate), y: candidate.score,
                    tooltip:
                        "\(name)\n\(facts.metric) \(StudyFacts.format(candidate.score)), p99 \(ValueFormat.seconds.format(candidate.latencyP99Seconds)), \(ValueFormat.bytes.format(candidate.modelBytes))"
                )
            }
            var series: [ScatterChart.Series] = [
                .init(
                    name: "model trial", color: ChartPalette.blue, size: 5,
                    points: keptModels.map(point), isTranslucent: keptModels.count > 200)
            ]
            if !keptEnsembles.isEmpty {
                series.append(
                    .init(
                        name: "ensemble (cost estimated)", color: ChartPalette.orange,
                        marker: .diamond, size: 7, points: keptEnsembles.map(point)))
            }
            series.append(
                .init(
                    name: "front", color: ChartPalette.grey,
                    points: front.map { .init(x: kind.cost($0), y: $0.score) }, connection: .front,
                    showsPoints: false))
            var labels: [ScatterChart.Label] = []
            var grouped: [(ProductionProfile, [ProfileKind])] = []
            for profile in data.profiles {
                if let index = grouped.firstIndex(where: { entry in
                    entry.0.study.candidate == profile.study.candidate
                        && entry.0.study.trial == profile.study.trial
                }) {
                    grouped[index].1.append(profile.profile)
                } else {
                    grouped.append((profile, [profile.profile]))
                }
            }
            for (profile, kinds) in grouped {
                let style = Self.style(of: kinds[0])
                let names = kinds.map { Self.style(of: $0).label }.joined(separator: ", ")
                labels.append(
                    .init(
                        x: kind.profileCost(profile), y: profile.metrics.score, text: names,
                        color: style.color, marker: .star,
                        tooltip:
                            "\(names): \(profile.study.candidate) #\(profile.study.trial), \(facts.metric) \(StudyFacts.format(profile.metrics.score)), "
                            + "p99 \(ValueFormat.seconds.format(profile.metrics.latencyP99Seconds)), \(ValueFormat.bytes.format(Double(profile.metrics.modelBytes))) (measured on the deployable model)"
                    ))
            }
            let xValues =
                keptModels.map(kind.cost) + keptEnsembles.map(kind.cost)
                + data.profiles.map(kind.profileCost)
            let yValues =
                keptModels.map(\.score) + keptEnsembles.map(\.score)
                + data.profiles.map(\.metrics.score)
            let x = ChartAxis.fitting(xValues, label: kind.label, log: true, format: kind.format)
            let y = ChartAxis.fitting(yValues, label: facts.objectiveLabel, padding: 0.05)
            var caption =
                "Each dot is a candidate: its CV \(facts.metric) against its \(kind.id == "front-latency" ? "p99 single-row latency" : "JSON size"); the grey steps join the candidates no other beats in both (the front)"
            caption +=
                data.profiles.isEmpty
                ? ". No profiles given (--profiles DIR marks them)."
                : "; ★ the profiles at their figures measured on the deployable model."
            if keptModels.count < models.count {
                caption +=
                    " Thinned: the front, the best 100 and an even sample, \(keptModels.count) of \(models.count) model trials."
            }
            charts.append(
                ScatterChart(title: kind.title, x: x, y: y, series: series, labels: labels)
                    .render(id: kind.id, caption: caption))
        }
        return charts
    }
}

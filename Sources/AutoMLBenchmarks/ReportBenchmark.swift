import AutoMLData
import AutoMLEnsemble
import AutoMLModelSearch
import AutoMLNumerics
import AutoMLReport
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import AutoMLWorkflows
import Foundation

/// `automl bench report` as a library call: writes a synthetic model search of
/// ``trialCount`` trials (and its ensemble study) into a SQLite file, then times the report of
/// it, from opening the storage to the renamed HTML file, and measures the file.
///
/// **The study.** A maximized `accuracy` over a conditional space like `default.yaml`'s: a
/// `learner` among eight families, two or three hyperparameters per family (floats, log floats,
/// integers, a categorical), two preprocessing parameters. Values follow a per-family level,
/// two hyperparameter effects, an interaction and noise (seeded); about 8 % of the trials are
/// pruned and 2 % fail, the rest carry the metrics of a model trial (latency, throughput,
/// bytes, fit time, fold spread). The ensemble study holds 40 trials with stored ensembles.
///
/// **Timing.** ``repeats`` reports (the first one untimed, as a warm-up), each split into the
/// read of the storage, the build of the page and the atomic write; the median of each is
/// reported.
public struct ReportBenchmark: Sendable {
    public var trialCount: Int
    public var seed: UInt64
    public var repeats: Int
    /// Where the database and the report go (a new temporary folder when `nil`; kept).
    public var directory: String?

    public init(
        trialCount: Int = 10_000, seed: UInt64 = 0, repeats: Int = 3, directory: String? = nil
    ) {
        self.trialCount = trialCount
        self.seed = seed
        self.repeats = repeats
        self.directory = directory
    }

    /// What was measured. JSON keys are snake_case.
    public struct Result: Sendable, Codable, Equatable {
        public var trials: Int
        /// Seconds to write the synthetic study (not part of the report's cost).
        public var writeStudySeconds: Double
        /// Medians over the timed repeats.
        public var readSeconds: Double
        public var buildSeconds: Double
        public var writeSeconds: Double
        public var totalSeconds: Double
        public var bytes: Int
        public var charts: Int
        /// `<circle>` points in the history chart.
        public var historyPoints: Int
        public var database: String
        public var report: String

        enum CodingKeys: String, CodingKey {
            case trials, bytes, charts, database, report
            case writeStudySeconds = "write_study_seconds"
            case readSeconds = "read_seconds"
            case buildSeconds = "build_seconds"
            case writeSeconds = "write_seconds"
            case totalSeconds = "total_seconds"
            case historyPoints = "history_points"
        }
    }

    /// Writes the study and times its report.
    /// A trial count below 10 is raised to 10, repeats below 1 to 1 (the command refuses them).
    /// - Throws: the storage's and the file system's errors.
    public func run() async throws -> Result {
        let trialCount = max(self.trialCount, 10)
        let repeats = max(self.repeats, 1)
        let folder =
            directory
            ?? (FileManager.default.temporaryDirectory.path as NSString).appendingPathComponent(
                "automl-bench-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let database = (folder as NSString).appendingPathComponent("study.db")
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: database + suffix)
        }
        let output = (folder as NSString).appendingPathComponent("report.html")
        let location = StorageLocation.sqlite(path: database)
        let studyName = "bench-report"
        let writeStart = ContinuousClock.now
        try await location.withStorage { storage in
            try await SyntheticModelStudy(trialCount: trialCount, seed: seed).write(
                named: studyName, into: storage)
        }
        let writeStudy = (ContinuousClock.now - writeStart).timeInterval
        var reads: [Double] = []
        var builds: [Double] = []
        var writes: [Double] = []
        var totals: [Double] = []
        var last: (StudyReport, Int)?
        for repeat_ in 0...repeats {
            let start = ContinuousClock.now
            let data = try await ReportWorkflow.load(study: studyName, storage: location)
            let read = ContinuousClock.now
            let report = StudyReportBuilder(data).build()
            let built = ContinuousClock.now
            let bytes = Data(report.html.utf8)
            try AtomicFile.write(bytes, to: output, protecting: location.files)
            let end = ContinuousClock.now
            guard repeat_ > 0 else { continue }
            reads.append((read - start).timeInterval)
            builds.append((built - read).timeInterval)
            writes.append((end - built).timeInterval)
            totals.append((end - start).timeInterval)
            last = (report, bytes.count)
        }
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        }
        return Result(
            trials: trialCount, writeStudySeconds: writeStudy, readSeconds: median(reads),
            buildSeconds: median(builds), writeSeconds: median(writes),
            totalSeconds: median(totals), bytes: last?.1 ?? 0, charts: last?.0.charts.count ?? 0,
            historyPoints: last?.0.charts.first { $0.id == "history" }?.pointCount ?? 0,
            database: database, report: output)
    }
}

/// A synthetic model search written straight into a storage (no model is fitted): the study
/// `bench report` measures, and a fixture for tools that draw studies.
public struct SyntheticModelStudy: Sendable {
    public var trialCount: Int
    public var seed: UInt64

    public init(trialCount: Int, seed: UInt64 = 0) {
        self.trialCount = trialCount
        self.seed = seed
    }

    static let families: [(name: String, level: Double, latency: Double, bytes: Double)] = [
        ("random_forest", 0.955, 4e-4, 2.4e6), ("extra_trees", 0.952, 3.5e-4, 3.1e6),
        ("gradient_boosting", 0.958, 1.5e-4, 4.2e5), ("logistic_regression", 0.948, 2.5e-5, 3.2e3),
        ("k_nearest_neighbors", 0.930, 6e-4, 1.2e6),
        ("support_vector_machine", 0.962, 1.2e-4, 9.5e4),
        ("decision_tree", 0.915, 2e-5, 2.1e4), ("gaussian_naive_bayes", 0.925, 2e-5, 4.5e3),
    ]

    /// The space: `learner`, per-family hyperparameters, two preprocessing parameters.
    public static var space: SearchSpace {
        func when(_ family: String) -> [Condition] {
            [Condition(parent: "learner", values: [.string(family)])]
        }
        return SearchSpace(unordered: [
            Parameter(name: "learner", domain: .categorical(families.map { .string($0.name) })),
            Parameter(
                name: "random_forest.tree_count",
                domain: .integer(low: 10, high: 500, log: true, step: 1),
                conditions: when("random_forest")),
            Parameter(
                name: "random_forest.max_features",
                domain: .float(low: 0.1, high: 1, log: false, step: nil),
                conditions: when("random_forest")),
            Parameter(
                name: "extra_trees.tree_count",
                domain: .integer(low: 10, high: 500, log: true, step: 1),
                conditions: when("extra_trees")),
            Parameter(
                name: "gradient_boosting.learning_rate",
                domain: .float(low: 1e-3, high: 1, log: true, step: nil),
                conditions: when("gradient_boosting")),
            Parameter(
                name: "gradient_boosting.max_depth",
                domain: .integer(low: 1, high: 10, log: false, step: 1),
                conditions: when("gradient_boosting")),
            Parameter(
                name: "logistic_regression.c",
                domain: .float(low: 1e-4, high: 1e4, log: true, step: nil),
                conditions: when("logistic_regression")),
            Parameter(
                name: "k_nearest_neighbors.k",
                domain: .integer(low: 1, high: 50, log: false, step: 1),
                conditions: when("k_nearest_neighbors")),
            Parameter(
                name: "k_nearest_neighbors.weights",
                domain: .categorical([.string("uniform"), .string("distance")]),
                conditions: when("k_nearest_neighbors")),
            Parameter(
                name: "support_vector_machine.c",
                domain: .float(low: 1e-3, high: 1e3, log: true, step: nil),
                conditions: when("support_vector_machine")),
            Parameter(
                name: "support_vector_machine.gamma",
                domain: .float(low: 1e-4, high: 10, log: true, step: nil),
                conditions: when("support_vector_machine")),
            Parameter(
                name: "decision_tree.max_depth",
                domain: .integer(low: 1, high: 30, log: false, step: 1),
                conditions: when("decision_tree")),
            Parameter(
                name: "gaussian_naive_bayes.var_smoothing",
                domain: .float(low: 1e-12, high: 1e-3, log: true, step: nil),
                conditions: when("gaussian_naive_bayes")),
            Parameter(
                name: "preprocessing.standardize",
                domain: .categorical([.bool(false), .bool(true)])),
            Parameter(
                name: "preprocessing.numeric_imputation",
                domain: .categorical([.string("mean"), .string("median")])),
        ])
    }

    /// Writes study `name` (maximized accuracy), its trials and its ensemble study.
    /// - Throws: the storage's errors (a study of that name already there).
    public func write(named name: String, into storage: any StudyStorage) async throws {
        let space = Self.space
        let study = StudyRecord(
            name: name, directions: [.maximize], space: space,
            sampler: SamplerSettings(name: "gp", seed: seed),
            attributes: [
                "objective": "model", "data": "synthetic.csv", "target": "target",
                "metric": "accuracy", "folds": "5", "task": "classification", "rows": "569",
                "features": (0..<30).map { "f\($0)" }.joined(separator: ","),
                "data_hash": "fnv1a64:00000000deadbeef",
            ])
        try await storage.createStudy(study)
        var random = RandomSource(seed: seed)
        var outcomes: [(Configuration, TrialCompletion)] = []
        outcomes.reserveCapacity(trialCount)
        for number in 0..<trialCount {
            outcomes.append(outcome(number, space: space, random: &random))
        }
        var next = 0
        while next < outcomes.count {
            let batch = min(500, outcomes.count - next)
            let configurations = outcomes[next..<(next + batch)].map(\.0)
            let started = try await storage.startTrials(batch, in: name, owner: nil) { _, _ in
                configurations
            }
            for trial in started {
                try await storage.finishTrial(trial.number, of: name, as: outcomes[trial.number].1)
            }
            next += batch
        }
        try await writeEnsembles(of: name, into: storage, random: &random)
    }

    private func outcome(_ number: Int, space: SearchSpace, random: inout RandomSource)
        -> (Configuration, TrialCompletion)
    {
        let familyIndex = random.integer(below: Self.families.count)
        let family = Self.families[familyIndex]
        var values: [String: ParameterValue] = ["learner": .string(family.name)]
        var effect = 0.0
        for parameter in space.parameters where parameter.name.hasPrefix(family.name + ".") {
            let u = random.uniform()
            values[parameter.name] = parameter.value(atUnit: u)
            effect += 0.02 * sin(3 * u + Double(parameter.name.count))
        }
        let standardize = random.uniform() < 0.5
        values["preprocessing.standardize"] = .bool(standardize)
        values["preprocessing.numeric_imputation"] = .string(
            random.uniform() < 0.5 ? "mean" : "median")
        if family.name == "support_vector_machine" || family.name == "k_nearest_neighbors" {
            effect += standardize ? 0.01 : -0.03
        }
        // The search improves: later trials sit closer to each family's best.
        let progress = 1 - exp(-Double(number) / Double(max(trialCount / 4, 1)))
        let accuracy = min(
            0.995, family.level + effect - 0.04 * (1 - progress) + 0.008 * random.normal())
        let configuration = Configuration(values)
        let draw = random.uniform()
        let attributes = [
            TrialAttribute.learner.name: family.name,
            TrialAttribute.automlVersion.name: AutoMLVersion.current,
            TrialAttribute.phase.name: draw < 0.8 ? "model" : "front",
        ]
        var metrics: [String: Double] = [
            TrialMetric.wallSeconds.name: 0.05 + random.uniform(),
            TrialMetric.cpuSeconds.name: 0.05 + random.uniform(),
            TrialMetric.peakMemoryBytes.name: 5e7 + 1e7 * random.uniform(),
        ]
        if draw < 0.02 {
            return (
                configuration,
                .failed(
                    "synthetic failure: the fit diverged", metrics: metrics, attributes: attributes)
            )
        }
        if draw < 0.10 {
            metrics[TrialMetric.foldsRun.name] = 1
            return (
                configuration,
                .pruned("pruned after fold 1", metrics: metrics, attributes: attributes)
            )
        }
        let scale = exp(0.5 * random.normal())
        metrics[TrialMetric.fitSeconds.name] = 0.01 + 0.2 * random.uniform()
        metrics[TrialMetric.latencyP50Seconds.name] = family.latency * scale
        metrics[TrialMetric.latencyP99Seconds.name] =
            family.latency * scale * (1.5 + random.uniform())
        metrics[TrialMetric.throughputRowsPerSecond.name] = 1 / (family.latency * scale) * 20
        metrics[TrialMetric.modelBytes.name] = (family.bytes * exp(0.4 * random.normal())).rounded()
        metrics[TrialMetric.scoreStd.name] = 0.01 + 0.01 * random.uniform()
        metrics[TrialMetric.foldsRun.name] = 5
        return (configuration, .complete([accuracy], metrics: metrics, attributes: attributes))
    }

    /// 40 ensemble trials over the best model trials, each with a stored ``EnsembleRecord``.
    private func writeEnsembles(
        of name: String, into storage: any StudyStorage, random: inout RandomSource
    ) async throws {
        let trials = try await storage.trials(of: name)
        let best = trials.filter { $0.state == .complete }.sorted {
            ($0.value ?? 0) > ($1.value ?? 0)
        }.prefix(10)
        guard best.count >= 2 else { return }
        let ensembleName = EnsembleSearchPhase.studyName(for: name)
        let space = SearchSpace(unordered: [
            Parameter(
                name: "strategy",
                domain: .categorical(EnsembleStrategy.allCases.map { .string($0.rawValue) })),
            Parameter(
                name: "member_count", domain: .integer(low: 2, high: 10, log: false, step: 1)),
        ])
        try await storage.createStudy(
            StudyRecord(
                name: ensembleName, directions: [.maximize], space: space,
                sampler: SamplerSettings(name: "gp", seed: seed),
                attributes: ["objective": "ensemble", "model_study": name]))
        let topScore = best.first?.value ?? 0.9
        for index in 0..<40 {
            let count = 2 + random.integer(below: best.count - 1)
            let members = Array(best.prefix(count))
            let strategy = EnsembleStrategy.allCases[index % EnsembleStrategy.allCases.count]
            let configuration = Configuration([
                "strategy": .string(strategy.rawValue), "member_count": .integer(count),
            ])
            let started = try await storage.startTrials(1, in: ensembleName, owner: nil) { _, _ in
                [configuration]
            }
            guard let trial = started.first else { continue }
            let score = topScore + 0.004 * random.normal()
            let weights = [Double](repeating: 1 / Double(count), count: count)
            let record = SyntheticEnsembleRecord(
                settings: EnsembleSettings(strategy: strategy, memberCount: count),
                memberTrials: members.map(\.number), weights: weights,
                combiner: .average(weights: weights), score: score, scoreStd: 0.01,
                summary: "\(strategy.rawValue) of \(count) members")
            let encoder = JSONEncoder()
            try await storage.artifacts.put(
                try encoder.encode(record), named: EnsembleRecord.artifactName,
                trial: trial.number, of: ensembleName)
            func sum(_ metric: TrialMetric) -> Double {
                members.compactMap { $0.metrics[metric] }.reduce(0, +)
            }
            try await storage.finishTrial(
                trial.number, of: ensembleName,
                as: .complete(
                    [score],
                    metrics: [
                        TrialMetric.latencyP50Seconds.name: sum(.latencyP50Seconds),
                        TrialMetric.latencyP99Seconds.name: sum(.latencyP99Seconds),
                        TrialMetric.throughputRowsPerSecond.name:
                            1
                            / members.compactMap {
                                $0.metrics[.throughputRowsPerSecond].map { 1 / $0 }
                            }
                            .reduce(0, +),
                        TrialMetric.modelBytes.name: sum(.modelBytes),
                        TrialMetric.scoreStd.name: 0.01,
                    ],
                    attributes: [
                        TrialAttribute.learner.name: "ensemble",
                        TrialAttribute.members.name: members.map { String($0.number) }.joined(
                            separator: ","),
                        TrialAttribute.cost.name: "sum_of_members",
                    ]))
        }
    }
}

/// The stored form of an ``EnsembleRecord`` (its keys), written without building an ensemble.
private struct SyntheticEnsembleRecord: Encodable {
    var settings: EnsembleSettings
    var memberTrials: [Int]
    var weights: [Double]
    var combiner: Combiner
    var score: Double
    var scoreStd: Double
    var summary: String

    enum CodingKeys: String, CodingKey {
        case settings, weights, combiner, score, summary
        case memberTrials = "member_trials"
        case scoreStd = "score_std"
    }
}

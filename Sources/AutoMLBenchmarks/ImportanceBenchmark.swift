import AutoMLAblation
import AutoMLData
import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLStudy
import Dispatch
import Foundation

/// Measures parameter importance on studies of known structure: `automl bench importance` as a
/// library call, and the Swift half of `scripts/importance-vs-optuna.py`.
///
/// **Cases.** Each case is a minimized study over floats `x1 … xd` on [0, 1], its trials at
/// uniform random points (seeded) valued by a function whose importance is known:
/// - `linear-6`: `10·x1 + x2 + 0·(x3…x6)` plus 0.01·N(0, 1) noise; Sobol indices 100/101, 1/101,
///   0, …; ranking x1 > x2 > the rest;
/// - `interaction-4`: `(x1 − ½)(x2 − ½)` over 4 dimensions: all variance in the (x1, x2)
///   interaction, no main effect;
/// - `sobol-3`: `2·x1 + x2 + 12·(x1 − ½)(x3 − ½)`: first-order indices 4/17, 1/17, 0 and the
///   (x1, x3) interaction 12/17;
/// - `linear-32`: `Σ_i 0.8^(i−1)·x_i` over 32 dimensions; ranking x1 > x2 > … > x32.
/// The first three have ``fanovaTrialCount`` trials (fANOVA's timing size), `linear-32` has
/// ``pedTrialCount`` (PED-ANOVA's).
///
/// **Timing.** Each method runs ``repeats`` times per case after one untimed warm-up; the median
/// wall-clock seconds of `ParameterImportance.evaluate` (from the trial records to the result)
/// is reported. fANOVA runs as Optuna's `FanovaImportanceEvaluator(seed=0)` does — 64 trees of
/// depth ≤ 64, main effects only, no bootstrap, one thread — and once more with the defaults
/// of `automl` (interactions and 20 bootstrap refits); PED-ANOVA with Optuna's defaults.
///
/// ``trialsDocument()`` is the `trials.json` both sides read: per case, the parameters and every
/// trial's parameters and value.
public struct ImportanceBenchmark: Sendable {
    /// One study of known structure.
    public struct Case: Sendable, Codable {
        public var name: String
        /// The function, in words, with its known importance.
        public var function: String
        /// The parameter names, the known ranking where one is known.
        public var parameters: [String]
        /// Trial configurations, one row of `parameters.count` values per trial.
        public var points: [[Double]]
        public var values: [Double]
    }

    /// One timed evaluation. JSON keys are snake_case.
    public struct Row: Sendable, Codable, Equatable {
        public var caseName: String
        /// `fanova` (Optuna's settings), `fanova-full` (interactions and bootstrap) or
        /// `ped-anova`.
        public var method: String
        public var trials: Int
        public var parameters: Int
        /// Median seconds over the repeats.
        public var seconds: Double
        public var repeats: Int
        /// Parameter names, the most important first.
        public var ranking: [String]
        /// Main-effect fraction per parameter.
        public var fractions: [String: Double]
        /// The largest interaction, for fANOVA with interactions.
        public var topInteraction: ParameterInteraction?

        enum CodingKeys: String, CodingKey {
            case caseName = "case"
            case method, trials, parameters, seconds, repeats, ranking, fractions
            case topInteraction = "top_interaction"
        }
    }

    /// Trials of the fANOVA cases, default 1,000.
    public var fanovaTrialCount: Int
    /// Trials of the PED-ANOVA timing case, default 10,000.
    public var pedTrialCount: Int
    /// Parameters of the PED-ANOVA timing case, default 32.
    public var pedParameterCount: Int
    /// Timed runs per case and method (the median is reported), default 3.
    public var repeats: Int
    /// Seed of the trial points and noise.
    public var seed: UInt64

    public init(
        fanovaTrialCount: Int = 1000, pedTrialCount: Int = 10_000, pedParameterCount: Int = 32,
        repeats: Int = 3, seed: UInt64 = 0
    ) {
        self.fanovaTrialCount = fanovaTrialCount
        self.pedTrialCount = pedTrialCount
        self.pedParameterCount = pedParameterCount
        self.repeats = repeats
        self.seed = seed
    }

    /// The cases, generated from ``seed``.
    public func cases() -> [Case] {
        let decay = (0..<pedParameterCount).map { pow(0.8, Double($0)) }
        return [
            makeCase(
                "linear-6", "10·x1 + x2 + 0·(x3…x6) + 0.01·N(0,1)", dimension: 6,
                count: fanovaTrialCount, label: 1, noise: 0.01
            ) { 10 * $0[0] + $0[1] },
            makeCase(
                "interaction-4", "(x1 − ½)(x2 − ½); x3, x4 idle", dimension: 4,
                count: fanovaTrialCount, label: 2
            ) { ($0[0] - 0.5) * ($0[1] - 0.5) },
            makeCase(
                "sobol-3",
                "2·x1 + x2 + 12·(x1 − ½)(x3 − ½): S1 = 4/17, S2 = 1/17, S3 = 0, S13 = 12/17",
                dimension: 3, count: fanovaTrialCount, label: 3
            ) { 2 * $0[0] + $0[1] + 12 * ($0[0] - 0.5) * ($0[2] - 0.5) },
            makeCase(
                "linear-\(pedParameterCount)",
                "Σ 0.8^(i−1)·x_i: x1 > x2 > … > x\(pedParameterCount)",
                dimension: pedParameterCount, count: pedTrialCount, label: 4
            ) { x in zip(decay, x).reduce(0) { $0 + $1.0 * $1.1 } },
        ]
    }

    /// Times every method on every case: fANOVA on the cases of ``fanovaTrialCount`` trials,
    /// PED-ANOVA on all.
    /// - Throws: ``AblationError`` from the evaluations.
    public func run(_ cases: [Case], progress: (Row) -> Void = { _ in }) throws -> [Row] {
        var rows: [Row] = []
        for benchmarkCase in cases {
            let (history, space) = Self.study(benchmarkCase)
            var methods: [(String, ParameterImportance.Method)] = [("ped-anova", .pedANOVA())]
            if benchmarkCase.points.count <= fanovaTrialCount {
                methods.append(
                    ("fanova", .fanova(.init(bootstrapCount: 0, computesInteractions: false))))
                methods.append(("fanova-full", .fanova(.init())))
            }
            for (name, method) in methods {
                let result = try ParameterImportance.evaluate(history, space: space, method: method)
                var times: [Double] = []
                for _ in 0..<repeats {
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = try ParameterImportance.evaluate(history, space: space, method: method)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
                times.sort()
                let row = Row(
                    caseName: benchmarkCase.name, method: name, trials: benchmarkCase.points.count,
                    parameters: benchmarkCase.parameters.count, seconds: times[times.count / 2],
                    repeats: repeats, ranking: result.ranking,
                    fractions: Dictionary(
                        result.mainEffects.map { ($0.parameter, $0.fraction) },
                        uniquingKeysWith: { a, _ in a }),
                    topInteraction: result.interactions.first)
                progress(row)
                rows.append(row)
            }
        }
        return rows
    }

    /// The `trials.json` document: `{"version": 1, "cases": [{"name", "function",
    /// "parameters": [{"name", "low", "high", "log"}], "trials": [{"params": {…}, "value"}]}]}`.
    public static func trialsDocument(_ cases: [Case]) throws -> Data {
        struct ParameterRecord: Encodable {
            var name: String
            var low = 0.0
            var high = 1.0
            var log = false
        }
        struct TrialEntry: Encodable {
            var params: [String: Double]
            var value: Double
        }
        struct CaseRecord: Encodable {
            var name: String
            var function: String
            var direction = "minimize"
            var parameters: [ParameterRecord]
            var trials: [TrialEntry]
        }
        struct Document: Encodable {
            var version = 1
            var cases: [CaseRecord]
        }
        let document = Document(
            cases: cases.map { c in
                CaseRecord(
                    name: c.name, function: c.function,
                    parameters: c.parameters.map { ParameterRecord(name: $0) },
                    trials: zip(c.points, c.values).map { point, value in
                        TrialEntry(
                            params: Dictionary(
                                uniqueKeysWithValues: zip(c.parameters, point).map { ($0, $1) }),
                            value: value)
                    })
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(document)
    }

    /// The case as a minimized study over floats on [0, 1].
    static func study(_ benchmarkCase: Case) -> (StudyHistory, SearchSpace) {
        let space = SearchSpace(
            unordered: benchmarkCase.parameters.map {
                Parameter(name: $0, domain: .float(low: 0, high: 1, log: false, step: nil))
            })
        let trials = zip(benchmarkCase.points, benchmarkCase.values).enumerated().map {
            number, trial in
            TrialRecord(
                number: number, state: .complete,
                configuration: Configuration(
                    Dictionary(
                        uniqueKeysWithValues: zip(benchmarkCase.parameters, trial.0).map {
                            ($0, ParameterValue.real($1))
                        })),
                values: [trial.1])
        }
        return (StudyHistory(directions: [.minimize], trials: trials), space)
    }

    private func makeCase(
        _ name: String, _ function: String, dimension: Int, count: Int, label: UInt64,
        noise: Double = 0, _ f: ([Double]) -> Double
    ) -> Case {
        var random = RandomSource(seed: seed).child(label)
        var points: [[Double]] = []
        var values: [Double] = []
        for _ in 0..<count {
            let x = (0..<dimension).map { _ in random.uniform() }
            points.append(x)
            values.append(f(x) + (noise > 0 ? noise * random.normal() : 0))
        }
        return Case(
            name: name, function: function, parameters: (1...dimension).map { "x\($0)" },
            points: points, values: values)
    }
}

/// The Markdown tables of `automl bench importance`.
public enum ImportanceBenchmarkTable {
    public static func render(_ rows: [ImportanceBenchmark.Row]) -> String {
        var lines = [
            "| case | trials × parameters | method | seconds | ranking (top 6) |",
            "|---|---:|---|---:|---|",
        ]
        for row in rows {
            let top = row.ranking.prefix(6).map { name in
                "\(name) " + String(format: "%.3f", row.fractions[name] ?? 0)
            }
            lines.append(
                "| \(row.caseName) | \(row.trials) × \(row.parameters) | \(row.method) | "
                    + String(format: "%.4f", row.seconds) + " | " + top.joined(separator: ", ")
                    + " |")
        }
        return lines.joined(separator: "\n")
    }
}

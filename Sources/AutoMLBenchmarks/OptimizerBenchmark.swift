import AutoMLNumerics
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStudy
import Dispatch
import Foundation

/// Measures samplers on the known-minimum test functions: `automl bench optimizers` as a
/// library call, laid out like the reference optimizer tables (docs/benchmarks.md).
///
/// **Quality.** Each sampler runs sequentially — ask for one configuration, evaluate it, tell the
/// value — for `budget` evaluations, once per seed (seeds `0..<seedCount`, the sampler's seed).
/// With a ``batchSize`` `q > 1` it asks for `q` configurations at once, evaluates them all, then
/// tells them all (synchronous batches, as `q` parallel workers that start together would), so
/// the regret per evaluation shows what parallel workers cost in sample efficiency.
/// After 25, 50, 100, 200, 500, … evaluations (and at the budget itself) the simple regret is
/// best-so-far − f*; its log10, with regrets below ``regretFloor`` (10⁻¹², round-off) clipped as
/// the anchors do, is summarized over seeds by the median and the quartiles (linear
/// interpolation between order statistics, numpy's default). Seconds per suggestion is the
/// mean time of `suggest` per configuration asked for up to that checkpoint (the first
/// `evaluations`, or up to the end of the batch holding the checkpoint), over every seed: the
/// sampler's own overhead, since the functions cost nothing.
///
/// **Overhead as the history grows.** For each count `n` of ``overheadObservations``, the sampler
/// gets a history of `n` complete trials at uniform random points of Hartmann-6 (the same points
/// for every sampler) and one suggestion is timed; this is repeated ``overheadRepeats`` times,
/// each suggestion told back with its value (so `n`, `n+1`, …), and the median is reported, after
/// one untimed warm-up suggestion (as the reference overhead script does).
///
/// Seeds may run on `jobs` threads; every seed is independent, so regrets do not depend on it
/// (timings are cleanest with one job, and each job then uses one BLAS thread).
public struct OptimizerBenchmark: Sendable {
    /// One line of the report; `kind` is `"regret"` (quality at a number of evaluations) or
    /// `"overhead"` (time per suggestion at a number of observations). JSON keys are snake_case.
    public struct Row: Codable, Sendable, Equatable {
        public var kind: String
        public var function: String
        public var sampler: String
        /// Evaluations so far (regret rows).
        public var evaluations: Int?
        /// Completed trials in the history (overhead rows).
        public var observations: Int?
        /// Seeds summarized (regret rows).
        public var seeds: Int?
        /// Configurations asked for at once (regret rows).
        public var batch: Int?
        /// Timed suggestions whose median is reported (overhead rows).
        public var repeats: Int?
        public var medianLog10Regret: Double?
        /// q75 − q25 of log10 regret over seeds.
        public var iqrLog10Regret: Double?
        public var q25Log10Regret: Double?
        public var q75Log10Regret: Double?
        public var secondsPerSuggestion: Double

        enum CodingKeys: String, CodingKey {
            case kind, function, sampler, evaluations, observations, seeds, batch, repeats
            case medianLog10Regret = "median_log10_regret"
            case iqrLog10Regret = "iqr_log10_regret"
            case q25Log10Regret = "q25_log10_regret"
            case q75Log10Regret = "q75_log10_regret"
            case secondsPerSuggestion = "seconds_per_suggestion"
        }
    }

    /// Regrets below this are clipped before log10 (−12 means solved to round-off), as in the anchors.
    public static let regretFloor = 1e-12
    /// Observation counts of the overhead table by default.
    public static let defaultOverheadObservations = [50, 100, 200, 500, 1000]

    public var functions: [any TestFunction]
    public var samplers: [String]
    public var budget: Int
    public var seedCount: Int
    /// Configurations asked for at once in the quality runs (1: one at a time).
    public var batchSize: Int
    public var jobs: Int
    public var overheadObservations: [Int]
    public var overheadRepeats: Int

    /// - Parameters:
    ///   - functions: names from ``TestFunctionCatalog`` (`branin`, `hartmann6`, `rosenbrock4`, `ackley5`).
    ///   - samplers: names from ``SamplerCatalog`` (`random`, `sobol`, …).
    ///   - budget: evaluations per run (≥ 1).
    ///   - seeds: runs per function and sampler (≥ 1).
    ///   - batch: configurations asked for at once in the quality runs (≥ 1).
    ///   - jobs: threads running seeds side by side (≥ 1).
    ///   - overheadObservations: history sizes of the overhead table (empty: no table).
    ///   - overheadRepeats: timed suggestions per history size (≥ 1).
    /// - Throws: ``BenchmarkError`` for an unknown function, `OptimizerError` for an unknown
    ///   sampler name.
    public init(
        functions: [String], samplers: [String], budget: Int = 100, seeds: Int = 10, batch: Int = 1,
        jobs: Int = 1,
        overheadObservations: [Int] = defaultOverheadObservations, overheadRepeats: Int = 3
    ) throws {
        var resolved: [any TestFunction] = []
        for name in functions { resolved.append(try TestFunctionCatalog.function(named: name)) }
        for name in samplers { _ = try SamplerCatalog.make(name: name, seed: 0) }
        self.functions = resolved
        self.samplers = samplers
        self.budget = max(1, budget)
        self.seedCount = max(1, seeds)
        self.batchSize = max(1, batch)
        self.jobs = max(1, jobs)
        self.overheadObservations = overheadObservations.filter { $0 >= 0 }
        self.overheadRepeats = max(1, overheadRepeats)
    }

    /// The evaluation counts reported for a budget: 25, 50, 100, 200, 500, 1000, 2000, … up to
    /// the budget, plus the budget itself.
    public static func checkpoints(budget: Int) -> [Int] {
        var marks = [25, 50].filter { $0 <= budget }
        var decade = 100
        while decade <= budget {
            marks += [decade, 2 * decade, 5 * decade].filter { $0 <= budget }
            decade *= 10
        }
        if marks.last != budget { marks.append(budget) }
        return marks
    }

    /// Runs the quality runs, then the overhead measurements, and returns every row: for each
    /// function and sampler the regret rows by evaluations, then the overhead rows.
    /// - Throws: whatever a sampler throws.
    public func run() throws -> [Row] {
        try qualityRows() + overheadRows()
    }

    // MARK: - Quality

    /// One seed's run at each checkpoint: the best loss, the cumulative seconds spent in
    /// `suggest`, and how many configurations those calls asked for (more than the
    /// checkpoint's evaluations when it falls inside a batch).
    struct SeedRun: Sendable {
        var best: [Double]
        var seconds: [Double]
        var asked: [Int]
    }

    struct Task: Sendable {
        var function: Int
        var sampler: Int
        var seed: Int
    }

    /// The regret rows.
    public func qualityRows() throws -> [Row] {
        let marks = Self.checkpoints(budget: budget)
        var tasks: [Task] = []
        for function in functions.indices {
            for sampler in samplers.indices {
                for seed in 0..<seedCount {
                    tasks.append(Task(function: function, sampler: sampler, seed: seed))
                }
            }
        }
        let runs = try runAll(tasks, marks: marks)
        var rows: [Row] = []
        for (f, function) in functions.enumerated() {
            for (s, sampler) in samplers.enumerated() {
                let seedRuns = zip(tasks, runs).filter { $0.0.function == f && $0.0.sampler == s }
                    .map(\.1)
                for (m, mark) in marks.enumerated() {
                    // A run without one successful evaluation keeps best = +∞, so its log regret is +∞.
                    let logs = seedRuns.map {
                        log10(max($0.best[m] - function.minimum, Self.regretFloor))
                    }
                    let seconds = seedRuns.map { $0.seconds[m] / Double(max($0.asked[m], 1)) }
                    let q25 = Self.quantile(logs, 0.25)
                    let q75 = Self.quantile(logs, 0.75)
                    rows.append(
                        Row(
                            kind: "regret", function: function.name, sampler: sampler,
                            evaluations: mark, seeds: seedRuns.count, batch: batchSize,
                            medianLog10Regret: Self.quantile(logs, 0.5), iqrLog10Regret: q75 - q25,
                            q25Log10Regret: q25,
                            q75Log10Regret: q75,
                            secondsPerSuggestion: seconds.reduce(0, +)
                                / Double(max(seconds.count, 1))))
                }
            }
        }
        return rows
    }

    private func runAll(_ tasks: [Task], marks: [Int]) throws -> [SeedRun] {
        let workers = min(jobs, tasks.count)
        guard workers > 1 else { return try tasks.map { try runSeed($0, marks: marks) } }
        let previousThreads = BLASThreads.count
        BLASThreads.set(1)
        defer { BLASThreads.set(previousThreads) }
        let slots = UnsafeMutableBufferPointer<Result<SeedRun, any Error>?>.allocate(
            capacity: tasks.count)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        let box = SlotBox(slots: slots)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: tasks.count, by: workers) {
                box.slots[index] = Result { try runSeed(tasks[index], marks: marks) }
            }
        }
        return try slots.map { slot in
            guard let slot else { throw CancellationError() }
            return try slot.get()
        }
    }

    /// Hands the preallocated result slots to the worker threads; each index is written by
    /// exactly one worker.
    private struct SlotBox: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Result<SeedRun, any Error>?>
    }

    private func runSeed(_ task: Task, marks: [Int]) throws -> SeedRun {
        let function = functions[task.function]
        let sampler = try SamplerCatalog.make(name: samplers[task.sampler], seed: UInt64(task.seed))
        let space = function.searchSpace
        var history = StudyHistory(directions: [.minimize], trials: [])
        history.trials.reserveCapacity(budget)
        var best = Double.infinity
        var seconds = 0.0
        var run = SeedRun(best: [], seconds: [], asked: [])
        let clock = ContinuousClock()
        let stamp = Date(timeIntervalSince1970: 0)
        var number = 0
        var asked = 0
        while number < budget {
            let count = min(batchSize, budget - number)
            let start = clock.now
            let suggestions = try sampler.suggest(count, in: space, history: history)
            seconds += Self.seconds(clock.now - start)
            asked += count
            for offset in 0..<count {
                // A sampler that returns fewer configurations than asked loses those evaluations.
                let suggestion = offset < suggestions.count ? suggestions[offset] : nil
                if let suggestion, let value = function.value(at: suggestion), value.isFinite {
                    best = min(best, value)
                    history.trials.append(
                        TrialRecord(
                            number: number, state: .complete, configuration: suggestion,
                            values: [value], startedAt: stamp,
                            finishedAt: stamp))
                } else {
                    history.trials.append(
                        TrialRecord(
                            number: number, state: .failed,
                            configuration: suggestion ?? Configuration(), startedAt: stamp,
                            finishedAt: stamp,
                            failureReason: suggestion == nil
                                ? "the sampler returned fewer configurations than asked"
                                : "the sampler's configuration has no value for every coordinate"))
                }
                number += 1
                if marks.contains(number) {
                    run.best.append(best)
                    run.seconds.append(seconds)
                    run.asked.append(asked)
                }
            }
        }
        return run
    }

    // MARK: - Overhead

    /// The overhead rows (empty when ``overheadObservations`` is).
    public func overheadRows() throws -> [Row] {
        guard let largest = overheadObservations.max() else { return [] }
        let function = Hartmann6()
        let space = function.searchSpace
        // One fixed random history shared by every sampler (overhead.py: the same seeded sample).
        var random = RandomSource(seed: 0)
        let stamp = Date(timeIntervalSince1970: 0)
        let pool: [TrialRecord] = (0..<largest).map { number in
            let configuration = space.configuration { $0.value(atUnit: random.uniform()) }
            return TrialRecord(
                number: number, state: .complete, configuration: configuration,
                values: [function.value(at: configuration) ?? 0], startedAt: stamp,
                finishedAt: stamp)
        }
        var rows: [Row] = []
        let clock = ContinuousClock()
        for name in samplers {
            let sampler = try SamplerCatalog.make(name: name, seed: 0)
            _ = try sampler.suggest(
                1, in: space, history: StudyHistory(trials: Array(pool.prefix(10))))  // warm-up
            for observations in overheadObservations {
                var history = StudyHistory(
                    directions: [.minimize], trials: Array(pool.prefix(observations)))
                var times: [Double] = []
                for _ in 0..<overheadRepeats {
                    let start = clock.now
                    let suggestion = try sampler.suggest(1, in: space, history: history).first
                    times.append(Self.seconds(clock.now - start))
                    let configuration = suggestion ?? Configuration()
                    let value = function.value(at: configuration)
                    history.trials.append(
                        TrialRecord(
                            number: history.trials.count, state: value == nil ? .failed : .complete,
                            configuration: configuration, values: value.map { [$0] },
                            startedAt: stamp, finishedAt: stamp))
                }
                rows.append(
                    Row(
                        kind: "overhead", function: function.name, sampler: name,
                        observations: observations,
                        repeats: overheadRepeats, secondsPerSuggestion: Self.quantile(times, 0.5)))
            }
        }
        return rows
    }

    // MARK: - Helpers

    /// The `q`-quantile of `values` by linear interpolation between order statistics (numpy's
    /// default); NaN for no values.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLSearchSpace
import Dispatch
import Synchronization

/// fANOVA: the importance of each parameter as the fraction of the loss's variance that its
/// marginal explains, computed exactly on a random-forest surrogate (Hutter, Hoos &
/// Leyton-Brown, "An Efficient Approach for Assessing Hyperparameter Importance", ICML 2014;
/// Optuna's `FanovaImportanceEvaluator`).
///
/// It answers: *over the whole search space, sampled uniformly, how much of the variation of
/// the loss does each parameter (and each pair) account for?* A global question, so it needs
/// a surrogate that is good everywhere, and it counts a parameter that only matters in a
/// corner of the space for little.
///
/// Steps, for each ``ImportanceScope`` (the trials where a group of parameters is active):
/// 1. **Encode** each trial's active parameters on axes (``FeatureMeasure``: unit positions for
///    numbers, level positions for integers and stepped floats, choice indices for
///    categoricals); the loss is the study's first value, negated when it is maximized.
/// 2. **Fit** our ``RandomForest`` (regression, squared error, all features per split,
///    bootstrap samples per tree: scikit-learn's `RandomForestRegressor`, as Optuna fits it)
///    with ``Settings/treeCount`` trees of depth at most ``Settings/maxDepth``, seeded.
/// 3. **Decompose** every tree exactly over its leaf partition
///    (``TreeVarianceDecomposition``): main effect `V_j / V` and pairwise interaction
///    `(V_jk − V_j − V_k) / V` per tree, averaged over the trees with `V > 0`.
/// 4. **Bootstrap**: refit the forest on ``Settings/bootstrapCount`` resamples of the scope's
///    trials (drawn with replacement, seeded) and report each main effect's 5 % and 95 %
///    quantiles (linear interpolation, NumPy's default) as `low` and `high`.
///
/// **Conditional parameters** count only where they are active: a scope's forest sees only the
/// trials of the scope and only the parameters active in all of them (the parameters of a
/// deeper condition are left to their own scope, never encoded with a stand-in value), so an
/// inactive value never mixes with active ones and the fractions of a conditional parameter
/// are fractions of the variance among the trials where its condition holds. Parameters that
/// take one value throughout a scope (the `learner` in `learner = svm`) are left out of it.
///
/// Cost per scope: `(1 + B)` forest fits, O(trees · d · n log n) each, plus the decomposition,
/// O(trees · (leaves · d + Σ m_j)) for main effects and O(trees · Σ_pairs (leaves + m_j·m_k))
/// for interactions (computed on the main forest only).
public enum FunctionalANOVA {
    /// The settings of fANOVA; defaults are Optuna's (`n_trees=64`, `max_depth=64`) plus
    /// 20 bootstrap refits for the intervals.
    public struct Settings: Sendable, Equatable {
        /// Trees per forest (Optuna `n_trees`), default 64.
        public var treeCount: Int
        /// Deepest split level of each tree (Optuna `max_depth`), default 64; `nil` grows trees
        /// until their leaves are pure.
        public var maxDepth: Int?
        /// Bootstrap refits behind each main effect's interval, default 20; 0 skips them (and
        /// `low`, `high` are `nil`).
        public var bootstrapCount: Int
        /// Whether to compute the pairwise interactions, default `true`.
        public var computesInteractions: Bool
        /// Threads fitting the bootstrap forests side by side (and growing the main forest's
        /// trees), default 1. The result does not depend on it.
        public var jobs: Int

        public init(
            treeCount: Int = 64, maxDepth: Int? = 64, bootstrapCount: Int = 20,
            computesInteractions: Bool = true, jobs: Int = 1
        ) {
            self.treeCount = treeCount
            self.maxDepth = maxDepth
            self.bootstrapCount = bootstrapCount
            self.computesInteractions = computesInteractions
            self.jobs = jobs
        }

        /// - Throws: ``AblationError/invalidSetting(name:expected:got:)``.
        func validate() throws(AblationError) {
            guard treeCount >= 1 else {
                throw .invalidSetting(
                    name: "treeCount", expected: "an integer ≥ 1", got: "\(treeCount)")
            }
            if let maxDepth, maxDepth < 1 {
                throw .invalidSetting(
                    name: "maxDepth", expected: "an integer ≥ 1 or unset", got: "\(maxDepth)")
            }
            guard bootstrapCount >= 0 else {
                throw .invalidSetting(
                    name: "bootstrapCount", expected: "an integer ≥ 0", got: "\(bootstrapCount)")
            }
            guard jobs >= 1 else {
                throw .invalidSetting(name: "jobs", expected: "an integer ≥ 1", got: "\(jobs)")
            }
        }
    }

    /// The fewest trials a scope needs for a forest (fewer leave its parameters at 0).
    static let minimumScopeTrials = 2

    /// Runs fANOVA on `trials`. The same `seed` gives the same result.
    /// - Throws: ``AblationError/surrogateFailed(reason:)``.
    static func evaluate(_ trials: ImportanceTrials, settings: Settings, seed: UInt64)
        throws(AblationError) -> ImportanceResult
    {
        let measures = trials.parameters.map(FeatureMeasure.init)
        let scopes = ImportanceScopes(trials)
        var effects: [Int: ParameterEffect] = [:]
        var interactions: [(pair: (Int, Int), fraction: Double)] = []
        // A pair can be analysed in two scopes (a parameter of a deeper condition that every
        // trial of its parent's scope happened to activate); it is reported once, from the
        // scope with more trials.
        var analysedPairs: [Pair: (index: Int, trials: Int)] = [:]
        let root = RandomSource(seed: seed)
        for (scopeIndex, scope) in scopes.scopes.enumerated() {
            // Features: parameters active on every trial of the scope that vary there.
            let features = scopes.parameters(activeThroughout: scope, in: trials).filter { column in
                measures[column] != nil && Self.varies(trials.columns[column], on: scope.rows)
            }
            let own = Set(scope.parameters)
            for column in scope.parameters {
                effects[column] = ParameterEffect(
                    parameter: trials.parameters[column].name, fraction: 0)
            }
            guard scope.rows.count >= minimumScopeTrials,
                features.contains(where: { own.contains($0) })
            else { continue }
            let featureMeasures = features.compactMap { measures[$0] }
            let analysis = ScopeAnalysis(
                trials: trials, rows: scope.rows, features: features, measures: featureMeasures,
                settings: settings)
            let random = root.child(UInt64(scopeIndex))
            // Pairs (positions in `features`) with at least one own parameter; pairs of
            // ancestors belong to the ancestors' scope.
            var pairs: [(Int, Int)] = []
            if settings.computesInteractions {
                for a in features.indices {
                    for b in (a + 1)..<features.count
                    where own.contains(features[a]) || own.contains(features[b]) {
                        pairs.append((a, b))
                    }
                }
            }
            let main = try analysis.fractions(
                rows: scope.rows, seed: random.child(0).seed, pairs: pairs)
            let replicates = try analysis.bootstrap(random: random, count: settings.bootstrapCount)
            for (position, column) in features.enumerated() where own.contains(column) {
                let samples = replicates.map { $0[position] }.sorted()
                effects[column] = ParameterEffect(
                    parameter: trials.parameters[column].name, fraction: main.main[position],
                    low: samples.isEmpty ? nil : Self.quantile(samples, 0.05),
                    high: samples.isEmpty ? nil : Self.quantile(samples, 0.95))
            }
            for (index, pair) in pairs.enumerated() {
                let columns = (features[pair.0], features[pair.1])
                let key = Pair(first: min(columns.0, columns.1), second: max(columns.0, columns.1))
                if let earlier = analysedPairs[key] {
                    guard scope.rows.count > earlier.trials else { continue }
                    interactions[earlier.index] = (columns, main.interactions[index])
                    analysedPairs[key] = (earlier.index, scope.rows.count)
                } else {
                    analysedPairs[key] = (interactions.count, scope.rows.count)
                    interactions.append((columns, main.interactions[index]))
                }
            }
        }
        let ordered = effects.sorted { a, b in
            a.value.fraction != b.value.fraction
                ? a.value.fraction > b.value.fraction : a.key < b.key
        }
        let sortedInteractions = interactions.sorted { a, b in
            a.fraction != b.fraction
                ? a.fraction > b.fraction
                : (a.pair.0, a.pair.1) < (b.pair.0, b.pair.1)
        }
        return ImportanceResult(
            method: "fanova", trialCount: trials.trialCount,
            skippedTrialCount: trials.skippedCount, mainEffects: ordered.map(\.value),
            interactions: sortedInteractions.map {
                ParameterInteraction(
                    parameters: [
                        trials.parameters[$0.pair.0].name, trials.parameters[$0.pair.1].name,
                    ], fraction: $0.fraction)
            },
            scopes: scopes.descriptions(trials))
    }

    /// Whether `column` takes more than one value on `rows`.
    private static func varies(_ column: [Double], on rows: [Int]) -> Bool {
        guard let first = rows.first else { return false }
        return rows.contains { column[$0] != column[first] }
    }

    /// The `q`-quantile of sorted `samples` by linear interpolation between order statistics
    /// (NumPy's default `method="linear"`).
    static func quantile(_ samples: [Double], _ q: Double) -> Double {
        guard samples.count > 1 else { return samples.first ?? .nan }
        let position = q * Double(samples.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, samples.count - 1)
        let fraction = position - Double(below)
        return samples[below] + fraction * (samples[above] - samples[below])
    }
}

/// The forest fits and decompositions of one scope.
private struct ScopeAnalysis: Sendable {
    let trials: ImportanceTrials
    let rows: [Int]
    /// Columns of `trials` used as features, in the space's order.
    let features: [Int]
    let measures: [FeatureMeasure]
    let settings: FunctionalANOVA.Settings

    /// Main-effect fractions per feature and interaction fractions per requested pair.
    struct Fractions: Sendable {
        var main: [Double]
        var interactions: [Double]
    }

    /// Fits a forest on the trials at `rows` (repeats allowed) and averages the trees'
    /// fractions. Trees whose prediction is constant (`V = 0`) are left out of the average;
    /// with no other tree every fraction is 0.
    func fractions(rows sample: [Int], seed: UInt64, pairs: [(Int, Int)], jobs: Int? = nil)
        throws(AblationError) -> Fractions
    {
        let d = features.count
        var matrix = Matrix(rows: sample.count, columns: d)
        for (i, row) in sample.enumerated() {
            for (j, column) in features.enumerated() {
                matrix.storage[i * d + j] = measures[j].encode(trials.columns[column][row])
            }
        }
        let data = TrainingData(
            features: matrix, target: .regression(sample.map { trials.losses[$0] }))
        let model: RandomForestModel
        do {
            model = try RandomForest(
                .init(
                    treeCount: settings.treeCount, maxDepth: settings.maxDepth,
                    jobs: jobs ?? settings.jobs)
            ).fit(data, seed: seed)
        } catch {
            throw AblationError.surrogateFailed(reason: "\(error)")
        }
        var result = Fractions(
            main: [Double](repeating: 0, count: d),
            interactions: [Double](repeating: 0, count: pairs.count))
        var counted = 0
        var buffer: [Double] = []
        var mainVariances = [Double](repeating: 0, count: d)
        for tree in model.treeStructures {
            let decomposition = TreeVarianceDecomposition(tree: tree, measures: measures)
            let total = decomposition.totalVariance
            guard total > 0, total.isFinite else { continue }
            counted += 1
            for j in 0..<d {
                mainVariances[j] = decomposition.mainEffectVariance(j)
                result.main[j] += min(max(mainVariances[j] / total, 0), 1)
            }
            for (index, pair) in pairs.enumerated() {
                guard decomposition.splits(on: pair.0), decomposition.splits(on: pair.1) else {
                    continue
                }
                let joint = decomposition.pairVariance(pair.0, pair.1, buffer: &buffer)
                let interaction = joint - mainVariances[pair.0] - mainVariances[pair.1]
                result.interactions[index] += min(max(interaction / total, 0), 1)
            }
        }
        guard counted > 0 else { return result }
        for j in 0..<d { result.main[j] /= Double(counted) }
        for i in result.interactions.indices { result.interactions[i] /= Double(counted) }
        return result
    }

    /// The main-effect fractions of `count` forests, each fitted on a resample (with
    /// replacement) of the scope's trials: replicate `b` draws its rows and its forest seed from
    /// `random.child(1 + b)`, so the replicates do not depend on `settings.jobs`.
    func bootstrap(random: RandomSource, count: Int) throws(AblationError) -> [[Double]] {
        guard count > 0 else { return [] }
        let slots = ReplicateSlots(count: count)
        let work: @Sendable (Int) -> Void = { _ in
            while let b = slots.nextIndex() {
                var stream = random.child(UInt64(1 + b))
                let sample = (0..<rows.count).map { _ in rows[stream.integer(below: rows.count)] }
                let seed = stream.next()
                do {
                    slots.store(
                        .success(try fractions(rows: sample, seed: seed, pairs: [], jobs: 1).main),
                        at: b)
                } catch let error as AblationError {
                    slots.store(.failure(error), at: b)
                } catch {
                    slots.store(.failure(.surrogateFailed(reason: "\(error)")), at: b)
                }
            }
        }
        let workers = max(1, min(settings.jobs, count))
        if workers == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        return try slots.collect()
    }
}

/// Slots that bootstrap workers fill, one replicate each (written by the worker that drew its
/// index, read after all workers finished).
private final class ReplicateSlots: Sendable {
    private struct State {
        var next = 0
        var results: [Result<[Double], AblationError>?]
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(results: .init(repeating: nil, count: count)))
    }

    /// The next replicate no worker has taken, or `nil` when all are taken.
    func nextIndex() -> Int? {
        state.withLock { state in
            guard state.next < state.results.count else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    func store(_ result: Result<[Double], AblationError>, at index: Int) {
        state.withLock { $0.results[index] = result }
    }

    /// The replicates in order, or the first failure.
    func collect() throws(AblationError) -> [[Double]] {
        let results = state.withLock { $0.results }
        var replicates: [[Double]] = []
        for result in results {
            switch result {
            case .success(let main): replicates.append(main)
            case .failure(let error): throw error
            case nil: continue
            }
        }
        return replicates
    }
}

extension FunctionalANOVA {
    /// Two parameter columns, the smaller first.
    struct Pair: Hashable {
        var first: Int
        var second: Int
    }
}

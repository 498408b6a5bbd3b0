/// PED-ANOVA: the importance of each parameter for reaching the best trials, as the Pearson
/// divergence between where the best trials put it and where the trials of a region put it
/// (Watanabe, Bansal & Hutter, "PED-ANOVA: Efficiently Quantifying Hyperparameter Importance
/// in Arbitrary Subspaces", IJCAI 2023, arXiv 2304.10255; conditional parameters as in
/// "Conditional PED-ANOVA", KDD 2026, arXiv 2601.20800; Optuna 5.0's
/// `PedAnovaImportanceEvaluator(target_quantile=0.1, region_quantile=1.0)`).
///
/// It answers: *within the region of the top-γ trials (all trials by default), which parameters
/// had to be set right to land in the top γ′ (10 %)?* A local question about the trials the
/// study actually ran, with no model to fit: a parameter matters when the best trials
/// concentrate on part of its range that the region's trials do not.
///
/// Steps:
/// 1. **Quantile filters.** With the `n` losses of the analysed trials (the study's first
///    value, negated when maximized), the target set `T` is the trials whose loss is at most
///    the `⌈γ′·n⌉`-th smallest, the region `R` those at most the `⌈γ·n⌉`-th smallest (all
///    trials when γ = 1).
/// 2. **Densities.** For each searched parameter, a one-dimensional Parzen estimator of its
///    values among the target trials where it is active, `p_T`, and among the region trials
///    where it is active, `p_R`, as exact masses on a grid of its domain
///    (``GridParzenEstimator``).
/// 3. **Pearson divergence.** `D = Σ_x p_R(x) (p_T(x)/p_R(x) − 1)²` over the grid points (each
///    mass plus 10⁻¹², as Optuna adds), the paper's closed form of `∫ p_R (p_T/p_R − 1)²`.
/// 4. **Conditional weighting** (condPED-ANOVA). With `α = |T ∩ active| / |T|` and
///    `β = |R ∩ active| / |R|`, the parameter's importance is `(|T|/|R|)² · α²/β · D`: a
///    parameter of a branch the best trials avoid weighs little, an unconditional one has
///    `α = β = 1`. A parameter active in fewer than 2 region trials, or in no target trial,
///    gets 0, as does one with a single value.
/// 5. **Fractions.** Each importance over their sum (all equal when the sum is 0), as Optuna's
///    `get_param_importances` normalizes them.
///
/// Cost: O(n log n) for the filters plus O(n + G²) per parameter (`G` grid points, 50 for
/// floats), no model fit: 10,000 trials × 32 parameters take milliseconds.
public enum PEDANOVA {
    /// The settings of PED-ANOVA; defaults are Optuna's.
    public struct Settings: Sendable, Equatable {
        /// γ′: the fraction of best trials whose densities are compared (Optuna
        /// `target_quantile`), in (0, 1) and below ``regionQuantile``, default 0.1.
        public var targetQuantile: Double
        /// γ: the fraction of best trials that forms the region compared against (Optuna
        /// `region_quantile`), in (γ′, 1], default 1 (all trials).
        public var regionQuantile: Double
        /// Grid points of a float parameter's domain (Optuna's `n_steps`), default 50.
        public var gridSize: Int
        /// Weight of each estimator's prior kernel (Optuna's `prior_weight`), default 1.
        public var priorWeight: Double
        /// Whether to compare with the region's density (`true`, default) or with the uniform
        /// density on the grid, which asks how much each parameter matters in the space rather
        /// than during the study (Optuna's `evaluate_on_local`).
        public var evaluatesLocally: Bool

        public init(
            targetQuantile: Double = 0.1, regionQuantile: Double = 1.0, gridSize: Int = 50,
            priorWeight: Double = 1.0, evaluatesLocally: Bool = true
        ) {
            self.targetQuantile = targetQuantile
            self.regionQuantile = regionQuantile
            self.gridSize = gridSize
            self.priorWeight = priorWeight
            self.evaluatesLocally = evaluatesLocally
        }

        /// - Throws: ``AblationError/invalidSetting(name:expected:got:)``.
        func validate() throws(AblationError) {
            guard targetQuantile > 0, targetQuantile < 1 else {
                throw .invalidSetting(
                    name: "targetQuantile", expected: "in (0, 1)", got: "\(targetQuantile)")
            }
            guard regionQuantile > targetQuantile, regionQuantile <= 1 else {
                throw .invalidSetting(
                    name: "regionQuantile", expected: "in (targetQuantile, 1]",
                    got: "\(regionQuantile)")
            }
            guard gridSize >= 2 else {
                throw .invalidSetting(
                    name: "gridSize", expected: "an integer ≥ 2", got: "\(gridSize)")
            }
            guard priorWeight >= 0, priorWeight.isFinite else {
                throw .invalidSetting(
                    name: "priorWeight", expected: "a finite number ≥ 0", got: "\(priorWeight)")
            }
        }
    }

    /// Optuna adds this to every mass before dividing.
    static let massFloor = 1e-12
    /// The fewest region trials a parameter must be active in (Optuna's
    /// `min_n_trials_in_regime`).
    static let minimumActiveTrials = 2
    /// The fewest trials PED-ANOVA ranks (Optuna returns zeros below it).
    static let minimumTrials = 2

    /// Runs PED-ANOVA on `trials` (deterministic: no randomness is involved).
    /// - Throws: ``AblationError/tooFewTrials(method:found:needed:)``.
    static func evaluate(_ trials: ImportanceTrials, settings: Settings) throws(AblationError)
        -> ImportanceResult
    {
        let n = trials.trialCount
        guard n >= minimumTrials else {
            throw .tooFewTrials(method: "PED-ANOVA", found: n, needed: minimumTrials)
        }
        // Step 1: the target and region sets.
        let sorted = trials.losses.sorted()
        let targetCutoff = cutoff(sorted, settings.targetQuantile)
        let regionCutoff = cutoff(sorted, settings.regionQuantile)
        var inTarget = [Bool](repeating: false, count: n)
        var inRegion = [Bool](repeating: false, count: n)
        var targetSize = 0
        var regionSize = 0
        for row in 0..<n {
            inTarget[row] = trials.losses[row] <= targetCutoff
            inRegion[row] = trials.losses[row] <= regionCutoff
            targetSize += inTarget[row] ? 1 : 0
            regionSize += inRegion[row] ? 1 : 0
        }
        // Steps 2–4: one weighted divergence per parameter.
        var importances = [Double](repeating: 0, count: trials.parameters.count)
        for (column, parameter) in trials.parameters.enumerated() {
            guard let grid = GridParzenEstimator.Grid(parameter.domain, gridSize: settings.gridSize)
            else { continue }
            var targetCounts = [Int](repeating: 0, count: grid.count)
            var regionCounts = [Int](repeating: 0, count: grid.count)
            var targetActive = 0
            var regionActive = 0
            trials.columns[column].withUnsafeBufferPointer { values in
                for row in 0..<n where inRegion[row] {
                    let value = values[row]
                    guard !value.isNaN else { continue }
                    let index = grid.index(of: value)
                    regionCounts[index] += 1
                    regionActive += 1
                    if inTarget[row] {
                        targetCounts[index] += 1
                        targetActive += 1
                    }
                }
            }
            guard regionActive >= minimumActiveTrials, targetActive > 0 else { continue }
            let top = GridParzenEstimator(
                counts: targetCounts, grid: grid, priorWeight: settings.priorWeight
            ).masses
            let local =
                settings.evaluatesLocally
                ? GridParzenEstimator(
                    counts: regionCounts, grid: grid, priorWeight: settings.priorWeight
                ).masses
                : [Double](repeating: 1 / Double(grid.count), count: grid.count)
            let alpha = Double(targetActive) / Double(targetSize)
            let beta = Double(regionActive) / Double(regionSize)
            let ratio = Double(targetSize) / Double(regionSize)
            importances[column] =
                ratio * ratio * alpha * alpha / beta * pearsonDivergence(top, local)
        }
        // Step 5: fractions.
        let sum = importances.reduce(0, +)
        let fractions = importances.map {
            sum > 0 ? $0 / sum : 1 / Double(max(importances.count, 1))
        }
        let order = fractions.indices.sorted { a, b in
            fractions[a] != fractions[b] ? fractions[a] > fractions[b] : a < b
        }
        return ImportanceResult(
            method: "ped-anova", trialCount: n, skippedTrialCount: trials.skippedCount,
            mainEffects: order.map {
                ParameterEffect(parameter: trials.parameters[$0].name, fraction: fractions[$0])
            },
            interactions: [], scopes: ImportanceScopes(trials).descriptions(trials))
    }

    /// The loss at or below which a quantile filter keeps trials: the `⌈q·n⌉`-th smallest of
    /// the sorted losses (all of them for `q = 1`).
    static func cutoff(_ sorted: [Double], _ quantile: Double) -> Double {
        let n = sorted.count
        guard quantile < 1 else { return sorted[n - 1] }
        let index = Int((quantile * Double(n)).rounded(.up)) - 1
        return sorted[min(max(index, 0), n - 1)]
    }

    /// `Σ_x p(x) (q(x)/p(x) − 1)²` with `q` the target masses and `p` the region's, each plus
    /// ``massFloor``.
    static func pearsonDivergence(_ target: [Double], _ region: [Double]) -> Double {
        var divergence = 0.0
        for x in target.indices {
            let p = region[x] + massFloor
            let ratio = (target[x] + massFloor) / p - 1
            divergence += p * ratio * ratio
        }
        return divergence
    }
}

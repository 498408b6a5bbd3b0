import AutoMLSearchSpace
import Foundation

/// The one-dimensional Parzen estimators of PED-ANOVA, as probability masses on a grid of a
/// parameter's domain (Watanabe, Bansal & Hutter, "PED-ANOVA: Efficiently Quantifying
/// Hyperparameter Importance in Arbitrary Subspaces", IJCAI 2023, arXiv 2304.10255, §4; the
/// bandwidths are those of Optuna's `_ScottParzenEstimator`).
///
/// **Grid.** A numeric parameter's domain is cut into evenly spaced points from `low` to `high`
/// (in the logarithm for `log: true`), as Optuna 5 cuts it: `gridSize` (50) points for a
/// `float`; `min(levels, gridSize)` for an `int` or a stepped `float` on a linear scale;
/// `min(⌈log₂(high − low + 1)⌉ + 1, gridSize)` for an `int` on a log scale. Each value goes to
/// the nearest grid point (midpoints to the lower one). A categorical parameter's grid is its
/// choices. A categorical parameter's grid is its choices.
///
/// **Kernels.** With `c_g` the number of trials at grid point `g` (`n = Σ c_g`), the estimator
/// is a mixture with weights `∝ c_g` of one kernel per occupied point, plus a prior kernel of
/// weight `priorWeight` (1):
/// - numeric: discretized Gaussians truncated to the grid, `p(x) ∝ Φ((x+½−μ)/σ) − Φ((x−½−μ)/σ)`
///   for `x = 0 … G−1`, centred at the occupied points with one bandwidth by Scott's rule,
///   `σ = max(1.059 · min(IQR/1.34, s) · n^(−1/5), 0.5/1.64)` (`s` the standard deviation
///   of the grid indices, `IQR` their interquartile range, both weighted by counts); the prior
///   is centred at `(G−1)/2` with `σ = G`;
/// - categorical: Aitchison–Aitken-style kernels as Optuna's TPE builds them: with `K` occupied
///   choices and `C` choices, kernel `g` puts `(priorWeight/(K+1) + [x = g])` on choice `x`,
///   normalized; the prior is uniform.
///
/// The masses are exact (closed form); building one estimator is O(n) plus O(G²) for the
/// mixture on the grid (O(G) normal CDFs: every observed kernel shares `σ`).
struct GridParzenEstimator: Sendable {
    /// How a parameter's values become grid indices.
    enum Grid: Sendable {
        /// Numeric: `count` evenly spaced points from `low` to `high` (in the logarithm when
        /// `logarithmic`).
        case numeric(low: Double, high: Double, count: Int, logarithmic: Bool)
        /// Categorical with `count` choices (values are choice indices).
        case categorical(count: Int)

        /// The grid of a domain, or `nil` for a single-valued domain (or a log scale with a
        /// bound ≤ 0, which no valid space has).
        init?(_ domain: Domain, gridSize: Int) {
            switch domain {
            case .fixed:
                return nil
            case .categorical(let choices):
                guard choices.count >= 2 else { return nil }
                self = .categorical(count: choices.count)
            case let .float(low, high, log, step):
                guard high > low, !log || low > 0 else { return nil }
                var count = gridSize
                if let step, step > 0, !log {
                    count = min(Int(((high - low) / step).rounded(.toNearestOrEven)) + 1, gridSize)
                }
                self = Self.numeric(low, high, count, log)
            case let .integer(low, high, log, step):
                guard high > low, !log || low > 0 else { return nil }
                let count: Int
                if log {
                    let bits = (Foundation.log(Double(high - low + 1)) / Foundation.log(2.0))
                        .rounded(.up)
                    count = min(Int(bits) + 1, gridSize)
                } else {
                    count = min(
                        Int((Double(high - low) / Double(max(step, 1))).rounded(.toNearestOrEven))
                            + 1,
                        gridSize)
                }
                self = Self.numeric(Double(low), Double(high), count, log)
            }
        }

        private static func numeric(_ low: Double, _ high: Double, _ count: Int, _ log: Bool)
            -> Grid
        {
            log
                ? .numeric(
                    low: Foundation.log(low), high: Foundation.log(high), count: max(count, 2),
                    logarithmic: true)
                : .numeric(low: low, high: high, count: max(count, 2), logarithmic: false)
        }

        /// Number of grid points `G`.
        var count: Int {
            switch self {
            case .numeric(_, _, let count, _): return count
            case .categorical(let count): return count
            }
        }

        /// The grid index of a column entry (a number, or a choice index): the nearest grid
        /// point, `⌈(x − low)/h − ½⌉` clamped to the grid (`h` the spacing; midpoints go to the
        /// lower point, as in Optuna).
        func index(of raw: Double) -> Int {
            switch self {
            case .categorical(let count):
                return min(max(Int(raw), 0), count - 1)
            case let .numeric(low, high, count, logarithmic):
                let x = logarithmic ? Foundation.log(max(raw, .leastNormalMagnitude)) : raw
                let spacing = (high - low) / Double(count - 1)
                let position = ((x - low) / spacing - 0.5).rounded(.up)
                guard position.isFinite else { return position > 0 ? count - 1 : 0 }
                return Int(min(max(position, 0), Double(count - 1)))
            }
        }
    }

    /// The estimator's probability mass at each grid point (sums to 1).
    let masses: [Double]

    /// The estimator fitted to `counts` (trials per grid point) on `grid`.
    /// `counts` must not be all zero.
    init(counts: [Int], grid: Grid, priorWeight: Double) {
        switch grid {
        case .categorical:
            masses = Self.categorical(counts: counts, priorWeight: priorWeight)
        case .numeric:
            masses = Self.numeric(counts: counts, priorWeight: priorWeight)
        }
    }

    /// Discretized truncated Gaussian kernels with Scott's bandwidth, plus the wide prior.
    private static func numeric(counts: [Int], priorWeight: Double) -> [Double] {
        let g = counts.count
        let occupied = counts.indices.filter { counts[$0] > 0 }
        let total = Double(counts.reduce(0, +))
        // Scott's rule on the grid indices, weighted by counts.
        var mean = 0.0
        for i in occupied { mean += Double(i) * Double(counts[i]) / total }
        var squares = 0.0
        for i in occupied { squares += (Double(i) - mean) * (Double(i) - mean) * Double(counts[i]) }
        let deviation = (squares / max(1, total - 1)).squareRoot()
        var cumulative: [Double] = []
        var running = 0.0
        for i in occupied {
            running += Double(counts[i])
            cumulative.append(running)
        }
        let lowerQuartile = Self.searchSorted(
            cumulative, (total / 4).rounded(.down), rightSide: false)
        let upperQuartile = Self.searchSorted(
            cumulative, (total * 3 / 4).rounded(.down), rightSide: true)
        let interquartile = Double(
            occupied[min(occupied.count - 1, upperQuartile)] - occupied[lowerQuartile])
        let scott = 1.059 * min(interquartile / 1.34, deviation) * pow(total, -0.2)
        let sigma = max(scott, 0.5 / 1.64)
        // Observed kernels share σ and sit on integers, so a kernel's mass at x depends on the
        // offset x − μ only: offsetMass[x − μ + g − 1] for offsets −(g−1) … g−1.
        let offsetMass = (0..<(2 * g - 1)).map { k in
            let offset = Double(k - (g - 1))
            return normalMass(lower: (offset - 0.5) / sigma, upper: (offset + 0.5) / sigma)
        }
        let weightTotal = total + priorWeight
        var masses = [Double](repeating: 0, count: g)
        for mu in occupied {
            let normalizer = normalMass(
                lower: (-0.5 - Double(mu)) / sigma, upper: (Double(g) - 0.5 - Double(mu)) / sigma)
            guard normalizer > 0 else { continue }
            let weight = Double(counts[mu]) / weightTotal / normalizer
            for x in 0..<g { masses[x] += weight * offsetMass[x - mu + g - 1] }
        }
        // The prior: centre (g−1)/2, σ = g.
        let priorCentre = Double(g - 1) / 2
        let priorSigma = Double(g)
        let priorNormalizer = normalMass(
            lower: (-0.5 - priorCentre) / priorSigma,
            upper: (Double(g) - 0.5 - priorCentre) / priorSigma
        )
        if priorWeight > 0, priorNormalizer > 0 {
            let weight = priorWeight / weightTotal / priorNormalizer
            for x in 0..<g {
                masses[x] +=
                    weight
                    * normalMass(
                        lower: (Double(x) - 0.5 - priorCentre) / priorSigma,
                        upper: (Double(x) + 0.5 - priorCentre) / priorSigma)
            }
        }
        return masses
    }

    /// Optuna's categorical TPE kernels (without a distance function), plus the uniform prior.
    private static func categorical(counts: [Int], priorWeight: Double) -> [Double] {
        let c = counts.count
        let occupied = counts.indices.filter { counts[$0] > 0 }
        let total = Double(counts.reduce(0, +))
        let weightTotal = total + priorWeight
        let kernels = Double(occupied.count + 1)
        let floor = priorWeight / kernels
        let rowSum = floor * Double(c) + 1
        var masses = [Double](repeating: 0, count: c)
        var spread = 0.0
        for g in occupied {
            let weight = Double(counts[g]) / weightTotal
            spread += weight * floor / rowSum
            masses[g] += weight / rowSum
        }
        let prior = priorWeight / weightTotal / Double(c)
        for x in 0..<c { masses[x] += spread + prior }
        return masses
    }

    /// NumPy's `searchsorted` on sorted `values`: the first index whose value is ≥ `target`
    /// (left side) or > `target` (right side).
    private static func searchSorted(_ values: [Double], _ target: Double, rightSide: Bool) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            let before = rightSide ? values[middle] <= target : values[middle] < target
            if before { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Φ(x), the standard normal CDF.
@inline(__always)
func standardNormalCDF(_ x: Double) -> Double {
    0.5 * erfc(-x / 2.0.squareRoot())
}

/// Φ(upper) − Φ(lower) for `lower ≤ upper`, computed on the side of the tail both lie in, so
/// masses far from the centre keep their relative precision.
func normalMass(lower: Double, upper: Double) -> Double {
    let r = 2.0.squareRoot()
    if lower >= 0 { return 0.5 * (erfc(lower / r) - erfc(upper / r)) }
    if upper <= 0 { return 0.5 * (erfc(-upper / r) - erfc(-lower / r)) }
    return 1 - 0.5 * erfc(-lower / r) - 0.5 * erfc(upper / r)
}

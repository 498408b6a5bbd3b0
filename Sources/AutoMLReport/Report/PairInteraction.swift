import AutoMLStudy
import Foundation

/// How strongly two parameters interact in a study's complete trials, without a surrogate
/// model: a two-way ANOVA of the objective on a coarse grid of the pair's values, the noise
/// subtracted. The report's heat map shows the pair with the largest share when no ablation
/// (fANOVA) gave the interactions.
///
/// For the trials where both parameters are active, each axis is cut into a few bins (one per
/// choice of a categorical or per value of a small integer range, else equal widths on the
/// axis, log axes in decades):
/// 1. Cell means `m_ij` over the `n_ij` trials of each non-empty cell; `SS_total` the sum of
///    squared deviations of the values from their mean.
/// 2. The additive fit `μ + r_i + c_j` by weighted least squares over the cells (backfitting,
///    which converges for the connected designs a random or model-based search produces).
/// 3. The interaction sum of squares `SS_int = Σ n_ij (m_ij − μ − r_i − c_j)²` on
///    `df = cells − rows − columns + 1` degrees of freedom, and the noise variance `σ²` pooled
///    within the cells.
/// 4. The share `max(0, SS_int − df · σ²) / SS_total`: what the pair explains jointly beyond
///    their separate effects, less what noise alone would give (ω², Hays 1963; Montgomery,
///    *Design and Analysis of Experiments*, §5.3).
/// 5. The interaction F-test, `F = (SS_int / df) / σ²` on `(df, n − cells)` degrees of
///    freedom, as a normal deviate by Paulson's approximation of the F distribution (Paulson
///    1942; Abramowitz & Stegun 26.6.15). A pair *interacts* when it exceeds 3.09 (p < 0.001,
///    so that testing the 15 pairs of six parameters rarely finds one by chance).
///
/// - Complexity: O(n) per pair, plus O(cells · iterations) for the fit.
struct PairInteraction: Equatable {
    var first: String
    var second: String
    /// The share of the objective's variance (over the trials where both are active) the
    /// interaction explains beyond noise, in [0, 1].
    var share: Double
    /// The trials where both parameters are active.
    var trialCount: Int
    /// The interaction's F statistic as a standard normal deviate (large: unlikely under no
    /// interaction).
    var zScore: Double

    /// Whether the interaction is beyond noise: ``zScore`` above ``criticalZ``.
    var isSignificant: Bool { zScore > Self.criticalZ }

    /// Bins per numeric axis of the estimate: coarse, so that cells hold several trials.
    static let bins = 4
    /// The fewest trials a pair needs.
    static let minimumTrials = 12
    /// The standard normal deviate of p = 0.001.
    static let criticalZ = 3.09

    /// The pair of `axes` (every pair among them) with the largest interaction share among
    /// those that interact (``isSignificant``), `nil` when none does.
    static func strongest(
        among axes: [ParameterAxis], trials: [TrialRecord]
    ) -> PairInteraction? {
        var best: PairInteraction?
        for (index, a) in axes.enumerated() {
            for b in axes.dropFirst(index + 1) {
                guard let pair = estimate(a, b, trials: trials), pair.isSignificant,
                    pair.share > 0
                else { continue }
                if pair.share > (best?.share ?? 0) { best = pair }
            }
        }
        return best
    }

    /// The interaction of `a` and `b` over `trials` (complete, with a finite value), `nil`
    /// when fewer than ``minimumTrials`` have both active or the grid leaves no degree of
    /// freedom for the interaction or the noise.
    static func estimate(_ a: ParameterAxis, _ b: ParameterAxis, trials: [TrialRecord])
        -> PairInteraction?
    {
        let columnEdges = a.edges(bins: bins)
        let rowEdges = b.edges(bins: bins)
        let columns = columnEdges.count - 1
        let rows = rowEdges.count - 1
        guard columns >= 2, rows >= 2 else { return nil }
        var observations: [(cell: Int, value: Double)] = []
        observations.reserveCapacity(trials.count)
        for trial in trials {
            guard let value = trial.value, value.isFinite,
                let x = a.position(trial.configuration[a.parameter.name]),
                let y = b.position(trial.configuration[b.parameter.name]),
                let column = a.bin(of: x, edges: columnEdges),
                let row = b.bin(of: y, edges: rowEdges)
            else { continue }
            observations.append((row * columns + column, value))
        }
        let n = observations.count
        guard n >= minimumTrials else { return nil }
        // 1. Cell means and the total sum of squares.
        var counts = [Double](repeating: 0, count: rows * columns)
        var sums = [Double](repeating: 0, count: rows * columns)
        for (cell, value) in observations {
            counts[cell] += 1
            sums[cell] += value
        }
        let grand = sums.reduce(0, +) / Double(n)
        var total = 0.0
        var within = 0.0
        for (cell, value) in observations {
            total += (value - grand) * (value - grand)
            let mean = sums[cell] / counts[cell]
            within += (value - mean) * (value - mean)
        }
        let filled = counts.indices.filter { counts[$0] > 0 }
        let usedRows = Set(filled.map { $0 / columns }).count
        let usedColumns = Set(filled.map { $0 % columns }).count
        let interactionDF = filled.count - usedRows - usedColumns + 1
        let withinDF = n - filled.count
        guard total > 0, interactionDF > 0, withinDF > 0 else { return nil }
        // 2. The additive fit μ + r_i + c_j, by backfitting over the cells.
        var rowEffects = [Double](repeating: 0, count: rows)
        var columnEffects = [Double](repeating: 0, count: columns)
        for _ in 0..<50 {
            var change = 0.0
            for row in 0..<rows {
                var weight = 0.0
                var sum = 0.0
                for column in 0..<columns where counts[row * columns + column] > 0 {
                    let cell = row * columns + column
                    weight += counts[cell]
                    sum += sums[cell] - counts[cell] * (grand + columnEffects[column])
                }
                let updated = weight > 0 ? sum / weight : 0
                change = max(change, abs(updated - rowEffects[row]))
                rowEffects[row] = updated
            }
            for column in 0..<columns {
                var weight = 0.0
                var sum = 0.0
                for row in 0..<rows where counts[row * columns + column] > 0 {
                    let cell = row * columns + column
                    weight += counts[cell]
                    sum += sums[cell] - counts[cell] * (grand + rowEffects[row])
                }
                let updated = weight > 0 ? sum / weight : 0
                change = max(change, abs(updated - columnEffects[column]))
                columnEffects[column] = updated
            }
            if change <= 1e-12 * max(sqrt(total / Double(n)), 1e-300) { break }
        }
        // 3. The interaction sum of squares and the noise variance.
        var interaction = 0.0
        for cell in filled {
            let residual =
                sums[cell] / counts[cell] - grand - rowEffects[cell / columns]
                - columnEffects[cell % columns]
            interaction += counts[cell] * residual * residual
        }
        let noise = within / Double(withinDF)
        // 4. The share beyond noise.
        let share = max(0, interaction - Double(interactionDF) * noise) / total
        // 5. The F-test.
        let z: Double
        if noise > 0 {
            let f = interaction / Double(interactionDF) / noise
            z = paulsonZ(f, Double(interactionDF), Double(withinDF))
        } else {
            z = interaction > 0 ? .infinity : 0
        }
        return PairInteraction(
            first: a.parameter.name, second: b.parameter.name, share: min(share, 1),
            trialCount: n, zScore: z)
    }

    /// The standard normal deviate equivalent to `f` under the F distribution with `d1` and
    /// `d2` degrees of freedom (Paulson's approximation: the cube root of F is nearly normal).
    static func paulsonZ(_ f: Double, _ d1: Double, _ d2: Double) -> Double {
        let a = 2 / (9 * d1)
        let b = 2 / (9 * d2)
        let root = cbrt(max(f, 0))
        return ((1 - b) * root - (1 - a)) / (b * root * root + a).squareRoot()
    }
}

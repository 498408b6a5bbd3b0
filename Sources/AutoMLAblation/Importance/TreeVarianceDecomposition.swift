import AutoMLLearners

/// The exact functional-ANOVA decomposition of one regression tree's prediction function
/// (Hutter, Hoos & Leyton-Brown, "An Efficient Approach for Assessing Hyperparameter
/// Importance", ICML 2014, §3–4).
///
/// A tree's leaves are axis-aligned boxes `B_ℓ = ∏_j I_ℓj` that partition the space, with value
/// `v_ℓ`. Under a product measure `μ = ∏_j μ_j` (``FeatureMeasure``), every marginal of the
/// tree is piecewise constant on the grid its own thresholds cut, so variances are finite sums:
///
/// 1. **Cells.** For each feature `j`, the distinct thresholds the tree splits `j` at cut its
///    axis into `m_j + 1` cells; each node's box covers a contiguous range of cells per feature
///    (one forward pass: children come after parents).
/// 2. **Leaf weights and total variance.** `w_ℓ = ∏_j μ_j(I_ℓj)`; the mean is
///    `f₀ = Σ w_ℓ v_ℓ` and the total variance `V = Σ w_ℓ (v_ℓ − f₀)²` (values are centred first,
///    which keeps the subtraction exact when the loss is large and its spread small).
/// 3. **Main effect of `j`.** The marginal `a_j(x_j) = E[f | x_j]` on cell `c` is
///    `Σ_{ℓ: I_ℓj ⊇ c} v_ℓ w_ℓ / μ_j(I_ℓj)` — each leaf adds its value times the measure of its
///    box along the other axes to the cells its interval covers, a difference array over the
///    cells — and `V_j = Σ_c μ_j(c) a_j(c)²` (centred, so `f₀` is 0). O(leaves + m_j).
/// 4. **Pairwise interaction of `j, k`.** The same on the `(m_j+1) × (m_k+1)` grid with a 2-D
///    difference array: `V_jk = Σ μ_j(c) μ_k(c′) a_jk(c, c′)²`, and the interaction variance is
///    `V_jk − V_j − V_k` (clamped at 0 against round-off). O(leaves + m_j·m_k).
///
/// The fractions `V_j / V` and `(V_jk − V_j − V_k) / V` are the tree's first-order and
/// second-order Sobol indices; fANOVA averages them over the trees of a forest.
struct TreeVarianceDecomposition {
    let featureCount: Int
    /// Per feature, the measure of each cell (`m_j + 1` entries).
    private var cellMeasures: [[Double]]
    /// Per feature, prefix sums of `cellMeasures` (`m_j + 2` entries).
    private var cellCumulative: [[Double]]
    /// Centred leaf values `v_ℓ − f₀`.
    private var values: [Double] = []
    private var weights: [Double] = []
    /// Per leaf and feature, the covered cell range `[lower, upper)`: `2 · featureCount` entries
    /// per leaf.
    private var ranges: [Int32] = []
    /// The mean `f₀` of the tree under the measure.
    private(set) var mean = 0.0
    /// The total variance `V`.
    private(set) var totalVariance = 0.0

    /// Decomposes `tree`, whose feature `j` is measured by `measures[j]`.
    /// O(nodes · features + Σ_j m_j log m_j).
    init(tree: TreeStructure, measures: [FeatureMeasure]) {
        let d = measures.count
        featureCount = d
        let nodeCount = tree.features.count
        // Step 1: the distinct thresholds per feature, and each split's cell index.
        var thresholds = [[Double]](repeating: [], count: d)
        for node in 0..<nodeCount where tree.features[node] >= 0 {
            let feature = Int(tree.features[node])
            guard feature < d else { continue }
            thresholds[feature].append(Double(tree.thresholds[node]))
        }
        for j in 0..<d {
            thresholds[j].sort()
            var unique: [Double] = []
            unique.reserveCapacity(thresholds[j].count)
            for t in thresholds[j] where unique.last != t { unique.append(t) }
            thresholds[j] = unique
        }
        cellMeasures = (0..<d).map { j in
            let cuts = thresholds[j]
            return (0...cuts.count).map { c in
                measures[j].measure(
                    above: c == 0 ? -.infinity : cuts[c - 1],
                    atMost: c == cuts.count ? .infinity : cuts[c])
            }
        }
        cellCumulative = cellMeasures.map { cells in
            var sums = [0.0]
            sums.reserveCapacity(cells.count + 1)
            for m in cells { sums.append(sums[sums.count - 1] + m) }
            return sums
        }
        // The forward pass: each node's cell ranges, children written by their parent.
        var nodeRanges = [Int32](repeating: 0, count: nodeCount * 2 * d)
        for j in 0..<d { nodeRanges[2 * j + 1] = Int32(thresholds[j].count + 1) }
        var leafValues: [Double] = []
        var leafRanges: [Int32] = []
        for node in 0..<nodeCount {
            let base = node * 2 * d
            let feature = Int(tree.features[node])
            if feature < 0 {
                let row = Int(tree.children[node]) * max(tree.valueWidth, 1)
                leafValues.append(row < tree.leafValues.count ? tree.leafValues[row] : 0)
                leafRanges.append(contentsOf: nodeRanges[base..<base + 2 * d])
                continue
            }
            let left = Int(tree.children[node])
            guard left > node, left + 1 < nodeCount, feature < d else { continue }
            let cut = Self.index(of: Double(tree.thresholds[node]), in: thresholds[feature])
            let leftBase = left * 2 * d
            let rightBase = (left + 1) * 2 * d
            for k in 0..<2 * d {
                nodeRanges[leftBase + k] = nodeRanges[base + k]
                nodeRanges[rightBase + k] = nodeRanges[base + k]
            }
            // Cells 0...cut lie at or below the threshold.
            let split = Int32(cut + 1)
            nodeRanges[leftBase + 2 * feature + 1] = min(nodeRanges[base + 2 * feature + 1], split)
            nodeRanges[rightBase + 2 * feature] = max(nodeRanges[base + 2 * feature], split)
        }
        // Step 2: leaf weights, mean and total variance.
        let leafCount = leafValues.count
        var leafWeights = [Double](repeating: 0, count: leafCount)
        var mean = 0.0
        for leaf in 0..<leafCount {
            var w = 1.0
            for j in 0..<d {
                let lower = Int(leafRanges[leaf * 2 * d + 2 * j])
                let upper = Int(leafRanges[leaf * 2 * d + 2 * j + 1])
                w *= upper > lower ? cellCumulative[j][upper] - cellCumulative[j][lower] : 0
            }
            leafWeights[leaf] = w
            mean += w * leafValues[leaf]
        }
        var variance = 0.0
        for leaf in 0..<leafCount {
            leafValues[leaf] -= mean
            variance += leafWeights[leaf] * leafValues[leaf] * leafValues[leaf]
        }
        self.values = leafValues
        self.weights = leafWeights
        self.ranges = leafRanges
        self.mean = mean
        self.totalVariance = variance
    }

    /// Whether the tree splits on feature `j` at all (otherwise its effects are 0).
    func splits(on j: Int) -> Bool { cellMeasures[j].count > 1 }

    /// Step 3: the variance `V_j` of the marginal of feature `j`. O(leaves + m_j).
    func mainEffectVariance(_ j: Int) -> Double {
        let cells = cellMeasures[j].count
        guard cells > 1 else { return 0 }
        let d = featureCount
        var difference = [Double](repeating: 0, count: cells + 1)
        for leaf in values.indices {
            let lower = Int(ranges[leaf * 2 * d + 2 * j])
            let upper = Int(ranges[leaf * 2 * d + 2 * j + 1])
            guard upper > lower else { continue }
            let own = cellCumulative[j][upper] - cellCumulative[j][lower]
            guard own > 0 else { continue }
            let contribution = values[leaf] * weights[leaf] / own
            difference[lower] += contribution
            difference[upper] -= contribution
        }
        var marginal = 0.0
        var variance = 0.0
        for c in 0..<cells {
            marginal += difference[c]
            variance += cellMeasures[j][c] * marginal * marginal
        }
        return variance
    }

    /// Step 4: the variance `V_jk` of the joint marginal of features `j` and `k` (`j ≠ k`),
    /// using `buffer` as scratch space. O(leaves + m_j·m_k).
    func pairVariance(_ j: Int, _ k: Int, buffer: inout [Double]) -> Double {
        let rows = cellMeasures[j].count
        let columns = cellMeasures[k].count
        guard rows > 1, columns > 1 else { return 0 }
        let stride = columns + 1
        let size = (rows + 1) * stride
        if buffer.count < size {
            buffer = [Double](repeating: 0, count: size)
        } else {
            for i in 0..<size { buffer[i] = 0 }
        }
        let d = featureCount
        for leaf in values.indices {
            let base = leaf * 2 * d
            let r0 = Int(ranges[base + 2 * j])
            let r1 = Int(ranges[base + 2 * j + 1])
            let c0 = Int(ranges[base + 2 * k])
            let c1 = Int(ranges[base + 2 * k + 1])
            guard r1 > r0, c1 > c0 else { continue }
            let own =
                (cellCumulative[j][r1] - cellCumulative[j][r0])
                * (cellCumulative[k][c1] - cellCumulative[k][c0])
            guard own > 0 else { continue }
            let contribution = values[leaf] * weights[leaf] / own
            buffer[r0 * stride + c0] += contribution
            buffer[r0 * stride + c1] -= contribution
            buffer[r1 * stride + c0] -= contribution
            buffer[r1 * stride + c1] += contribution
        }
        var variance = 0.0
        return buffer.withUnsafeMutableBufferPointer { grid in
            // Prefix sums along each row, then down the columns: grid[r][c] becomes a_jk(r, c).
            for r in 0..<rows {
                var running = 0.0
                let rowBase = r * stride
                let above = (r - 1) * stride
                for c in 0..<columns {
                    running += grid[rowBase + c]
                    let value = running + (r > 0 ? grid[above + c] : 0)
                    grid[rowBase + c] = value
                    variance += cellMeasures[j][r] * cellMeasures[k][c] * value * value
                }
            }
            return variance
        }
    }

    /// The index of `threshold` in the sorted `cuts` (which contain it).
    private static func index(of threshold: Double, in cuts: [Double]) -> Int {
        var low = 0
        var high = cuts.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cuts[middle] < threshold { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

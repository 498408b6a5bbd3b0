/// The best threshold of one feature for one leaf, found by scanning the leaf's gradient
/// histogram (Chen & Guestrin 2016, XGBoost, eq. 7; Ke et al. 2017, LightGBM, Alg. 1).
///
/// Rows whose bin is ≤ ``bin`` go left. With G, H the gradient and hessian sums of the leaf
/// and G_L, H_L those of the left part, the gain of the second-order approximation is
///
///     gain = G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ)
///
/// (without XGBoost's factor ½ and γ, as in LightGBM), and a leaf's Newton value is
/// −G/(H + λ).
struct HistogramSplit: Sendable, Equatable {
    /// The feature, or −1 when the leaf has no admissible split.
    var feature: Int32 = -1
    /// The last bin of the left part.
    var bin: UInt8 = 0
    /// The gain of the split (above the minimum gain when ``isValid``).
    var gain: Double = -.infinity
    /// Gradient sum of the left part.
    var leftGradient: Double = 0
    /// Hessian sum of the left part.
    var leftHessian: Double = 0
    /// Rows in the left part.
    var leftCount: Int = 0

    /// No split.
    static let none = HistogramSplit()

    /// Whether a split was found.
    var isValid: Bool { feature >= 0 }

    /// Whether `self` beats `other`: a higher gain, ties going to the lower feature (the scan
    /// order makes lower bins win within a feature).
    func isBetter(than other: HistogramSplit) -> Bool {
        guard isValid else { return false }
        guard other.isValid else { return true }
        return gain > other.gain || (gain == other.gain && feature < other.feature)
    }
}

/// What makes a split admissible, and the regularisation in the gain.
struct SplitConstraints: Sendable {
    /// Rows each side must keep (LightGBM `min_child_samples`, scikit-learn `min_samples_leaf`).
    var minSamplesLeaf: Int
    /// Hessian sum each side must keep (LightGBM `min_sum_hessian_in_leaf` / `min_child_weight`).
    var minChildWeight: Double
    /// λ, the L2 penalty on leaf values (LightGBM `lambda_l2`, scikit-learn `l2_regularization`).
    var l2Regularization: Double
    /// The gain a split must exceed (LightGBM `min_gain_to_split`).
    var minSplitGain: Double

    /// The Newton value −G/(H + λ) of a leaf (0 when the denominator vanishes).
    func leafValue(gradient: Double, hessian: Double) -> Double {
        let denominator = hessian + l2Regularization
        return denominator > 0 ? -gradient / denominator : 0
    }

    /// G²/(H + λ), the score a leaf contributes to the gain.
    @inline(__always)
    func score(gradient: Double, hessian: Double) -> Double {
        gradient * gradient / (hessian + l2Regularization)
    }

    /// The best split of one feature.
    ///
    /// - Parameters:
    ///   - sums: Per bin, the (gradient, hessian) sums of the leaf's rows.
    ///   - counts: Per bin, the leaf's rows.
    ///   - binCount: Bins of the feature.
    ///   - feature: The feature's index, stored in the result.
    ///   - gradient, hessian, count: The leaf's totals.
    /// - Complexity: O(binCount).
    @inline(__always)
    func bestSplit(
        sums: UnsafePointer<SIMD2<Double>>, counts: UnsafePointer<UInt32>, binCount: Int,
        feature: Int,
        gradient: Double, hessian: Double, count: Int
    ) -> HistogramSplit {
        var best = HistogramSplit.none
        let parentScore = score(gradient: gradient, hessian: hessian)
        var bestGain = minSplitGain
        var left = SIMD2<Double>.zero
        var leftCount = 0
        for b in 0..<(binCount - 1) {
            left += sums[b]
            leftCount &+= Int(counts[b])
            if leftCount < minSamplesLeaf { continue }
            if count - leftCount < minSamplesLeaf { break }
            let rightHessian = hessian - left.y
            if left.y < minChildWeight || rightHessian < minChildWeight { continue }
            let rightGradient = gradient - left.x
            let gain =
                score(gradient: left.x, hessian: left.y)
                + score(gradient: rightGradient, hessian: rightHessian)
                - parentScore
            if gain > bestGain {
                bestGain = gain
                best = HistogramSplit(
                    feature: Int32(feature), bin: UInt8(b), gain: gain, leftGradient: left.x,
                    leftHessian: left.y, leftCount: leftCount)
            }
        }
        return best
    }
}

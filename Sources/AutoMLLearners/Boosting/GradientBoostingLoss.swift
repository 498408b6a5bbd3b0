import Foundation

/// The objective a ``GradientBoosting`` model descends: its starting score, its per-row
/// gradient and hessian with respect to the raw score, and its mean value (for early
/// stopping).
///
/// Raw scores are stored row-major, `scoreCount` per row. The formulas are LightGBM's
/// (`src/objective/regression_objective.hpp`, `binary_objective.hpp`,
/// `multiclass_objective.hpp`):
/// - squared error: g = s − y, h = 1; start at the (weighted) mean;
/// - binary log loss: p = σ(s), g = p − y, h = p(1 − p); start at the prior log-odds;
/// - softmax over K ≥ 3 classes, one tree per class and iteration: g = pₖ − [y = k],
///   h = K/(K − 1) · pₖ(1 − pₖ) (LightGBM's factor; scikit-learn's HGB leaves it out); start at
///   log priorₖ.
///
/// Every gradient and hessian is multiplied by the row's weight.
enum GradientBoostingLoss: Sendable, Equatable {
    case squaredError
    case binaryLogLoss
    case softmax(classCount: Int)

    /// Priors are clipped to [ε, 1 − ε] so an absent class gets a finite starting score.
    static let priorClip = 1e-15

    /// Raw scores per row: one tree per iteration, or one per class.
    var scoreCount: Int {
        if case .softmax(let classCount) = self { return classCount }
        return 1
    }

    /// The starting raw scores (LightGBM's `boost_from_average`).
    /// - Parameters:
    ///   - targets: Regression values, or class indices as `Double`.
    ///   - weights: Row weights, `nil` for 1.
    func initialScores(targets: [Double], weights: [Double]?) -> [Double] {
        let total = weights?.reduce(0, +) ?? Double(targets.count)
        switch self {
        case .squaredError:
            var sum = 0.0
            for (r, y) in targets.enumerated() { sum += y * (weights?[r] ?? 1) }
            return [sum / total]
        case .binaryLogLoss:
            var positive = 0.0
            for (r, y) in targets.enumerated() where y == 1 { positive += weights?[r] ?? 1 }
            let p = min(max(positive / total, Self.priorClip), 1 - Self.priorClip)
            return [log(p / (1 - p))]
        case .softmax(let classCount):
            var mass = [Double](repeating: 0, count: classCount)
            for (r, y) in targets.enumerated() { mass[Int(y)] += weights?[r] ?? 1 }
            return mass.map { log(min(max($0 / total, Self.priorClip), 1 - Self.priorClip)) }
        }
    }

    /// Writes the gradient/hessian pair of each row of `rows` and every score into `pairs`,
    /// score-major: the pair of row `r` for score `k` is `pairs[k * rowCount + r]`.
    func computeGradients(
        scores: UnsafePointer<Double>, targets: UnsafePointer<Double>,
        weights: UnsafePointer<Double>?,
        rowCount n: Int, rows: Range<Int>, into pairs: UnsafeMutablePointer<SIMD2<Double>>
    ) {
        switch self {
        case .squaredError:
            for r in rows {
                let w = weights?[r] ?? 1
                pairs[r] = SIMD2((scores[r] - targets[r]) * w, w)
            }
        case .binaryLogLoss:
            for r in rows {
                let w = weights?[r] ?? 1
                let p = 1 / (1 + exp(-scores[r]))
                pairs[r] = SIMD2((p - targets[r]) * w, p * (1 - p) * w)
            }
        case .softmax(let k):
            let factor = Double(k) / Double(k - 1)
            for r in rows {
                let w = weights?[r] ?? 1
                let row = scores + r * k
                var largest = row[0]
                for c in 1..<k where row[c] > largest { largest = row[c] }
                var sum = 0.0
                for c in 0..<k { sum += exp(row[c] - largest) }
                let label = Int(targets[r])
                for c in 0..<k {
                    let p = exp(row[c] - largest) / sum
                    let indicator: Double = c == label ? 1 : 0
                    pairs[c * n + r] = SIMD2((p - indicator) * w, factor * p * (1 - p) * w)
                }
            }
        }
    }

    /// The weighted mean loss: half squared error, binary cross-entropy or categorical
    /// cross-entropy (scikit-learn HGB's `scoring="loss"`).
    func meanLoss(
        scores: UnsafePointer<Double>, targets: UnsafePointer<Double>,
        weights: UnsafePointer<Double>?,
        rowCount n: Int
    ) -> Double {
        var total = 0.0
        var weightSum = 0.0
        for r in 0..<n {
            let w = weights?[r] ?? 1
            let loss: Double
            switch self {
            case .squaredError:
                let residual = scores[r] - targets[r]
                loss = 0.5 * residual * residual
            case .binaryLogLoss:
                // log(1 + e^s) − y·s, computed without overflow.
                let s = scores[r]
                loss = max(s, 0) + log1p(exp(-abs(s))) - targets[r] * s
            case .softmax(let k):
                let row = scores + r * k
                var largest = row[0]
                for c in 1..<k where row[c] > largest { largest = row[c] }
                var sum = 0.0
                for c in 0..<k { sum += exp(row[c] - largest) }
                loss = largest + log(sum) - row[Int(targets[r])]
            }
            total += w * loss
            weightSum += w
        }
        return total / max(weightSum, .leastNonzeroMagnitude)
    }
}

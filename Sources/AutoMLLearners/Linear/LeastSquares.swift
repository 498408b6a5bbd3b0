import AutoMLNumerics

/// Closed-form (penalized) least squares on a ``CenteredDesign`` through the normal equations
/// `(X̃ᵀX̃ + αI) w = X̃ᵀỹ`, with the Gram matrix from one BLAS `syrk` and `X̃ᵀỹ` from one `gemv`.
enum LeastSquares {
    /// Relative pivot tolerance for ordinary least squares: a column whose `1 − R²` against the
    /// columns already chosen is at most this is treated as collinear and gets weight 0.
    static let collinearityTolerance = 1e-10

    /// The weights `w` minimizing `‖ỹ − X̃w‖² + α‖w‖²` (constant columns get 0).
    ///
    /// - `α > 0` (ridge, scikit-learn's `cholesky` solver): Cholesky of `X̃ᵀX̃ + αI`, which is
    ///   positive definite.
    /// - `α = 0` (ordinary least squares): the Gram matrix is scaled to unit diagonal (a
    ///   correlation matrix) and factorized by a rank-revealing ``PivotedCholesky``, so
    ///   collinear or duplicated columns are dropped instead of making the solve blow up; the
    ///   result is the least-squares fit on a maximal independent set of columns.
    ///
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` if a factorization fails.
    /// - Complexity: O(n·d² + d³).
    static func solve(_ design: CenteredDesign, alpha: Double, learner: String) throws(LearnerError)
        -> [Double]
    {
        let d = design.features.columns
        guard d > 0 else { return [] }
        var gram = design.features.gram()
        var rightHandSide: [Double]
        do {
            rightHandSide = try design.features.multiplied(by: design.target, transposed: true)
        } catch {
            throw .invalidTrainingData(learner: learner, reason: "\(error)")
        }
        // Constant columns take no part.
        for j in 0..<d where design.isConstant[j] {
            for k in 0..<d {
                gram[j, k] = 0
                gram[k, j] = 0
            }
            rightHandSide[j] = 0
        }
        do {
            if alpha > 0 {
                for j in 0..<d { gram[j, j] += alpha }
                var weights = try Cholesky(gram).solve(rightHandSide)
                for j in 0..<d where design.isConstant[j] { weights[j] = 0 }
                return weights
            }
            let scale = (0..<d).map { j in gram[j, j] > 0 ? gram[j, j].squareRoot() : 1 }
            for i in 0..<d {
                for j in 0..<d { gram[i, j] /= scale[i] * scale[j] }
                rightHandSide[i] /= scale[i]
            }
            let factor = try PivotedCholesky(gram, relativeTolerance: collinearityTolerance)
            let scaled = try factor.solve(rightHandSide)
            return (0..<d).map { scaled[$0] / scale[$0] }
        } catch {
            throw .invalidTrainingData(
                learner: learner, reason: "solving the normal equations failed: \(error)")
        }
    }
}

import AutoMLNumerics

extension GaussianProcess {
    /// `chol(K + νI)` for scaled inputs `z`, appended in row blocks of ``blockSize``.
    ///
    /// The fixed block order makes the factor a pure function of the inputs and
    /// hyperparameters: starting from the leading whole blocks of `prefix` (when it was built
    /// the same way for the same first rows) reproduces exactly what starting from nothing
    /// gives, at a fraction of the cost. If a block's Schur complement is not positive definite,
    /// the whole matrix is factorized at once with jitter escalation instead (`Cholesky(_:)`,
    /// which logs the jitter added).
    /// - Complexity: O(n³/3) from nothing; O(b·n²) when all but `b` rows come from `prefix`.
    static func blockFactor(
        scaled z: Matrix, kernel: MaternKernel, noise: Double, prefix: Cholesky?
    ) throws(NumericError) -> Cholesky {
        let n = z.rows
        let d = z.columns
        var reused = 0
        var factor = try Cholesky(Matrix(rows: 0, columns: 0))
        if let prefix, prefix.jitter == 0 {
            reused = min(prefix.size, n) / blockSize * blockSize
            if reused > 0 { factor = try prefix.leading(reused) }
        }
        var start = reused
        do {
            while start < n {
                let end = min(start + blockSize, n)
                let rows = try Matrix(
                    rows: end - start, columns: d, values: Array(z.storage[(start * d)..<(end * d)])
                )
                let previous = try Matrix(
                    rows: start, columns: d, values: Array(z.storage[0..<(start * d)]))
                // kernel.crossCovariance gives (previous × new); the factor wants (new × previous).
                let cross = kernel.crossCovariance(scaled: rows, previous)
                let corner = kernel.covariance(scaled: rows, diagonalNoise: noise)
                factor = try factor.appending(rows: cross, corner: corner)
                start = end
            }
            return factor
        } catch .notPositiveDefinite {
            return try Cholesky(kernel.covariance(scaled: z, diagonalNoise: noise))
        }
    }
}

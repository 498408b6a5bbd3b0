import AutoMLData
import AutoMLNumerics

/// ε-support vector regression training (libsvm's `solve_epsilon_svr`, Chang & Lin 2011, §2.3).
///
/// The dual has `2l` variables `(α, α*)`:
///
///     min ½ (α − α*)ᵀ K (α − α*) + ε Σ (α_i + α*_i) − Σ y_i (α_i − α*_i)
///     subject to  Σ (α_i − α*_i) = 0,  0 ≤ α_i, α*_i ≤ C_i,
///
/// written in the SMO form with `p = (ε − y, ε + y)`, labels `(+1, −1)` and ``RegressionQMatrix``.
/// The model is `f(x) = Σ (α_i − α*_i) K(x_i, x) − ρ`; rows with `α_i = α*_i` are dropped.
struct SVMRegressorTraining {
    let hyperparameters: SVM.Hyperparameters
    let kernel: KernelFunction

    func fit(features: Matrix, targets: [Double], weights: [Double]?) throws(LearnerError)
        -> SVMModel
    {
        let h = hyperparameters
        let rows = targets.indices.filter { (weights?[$0] ?? 1) > 0 }
        let x = rows.count == targets.count ? features : features.rows(at: rows)
        let y = rows.map { targets[$0] }
        let l = rows.count
        let bounds = rows.map { h.c * (weights?[$0] ?? 1) }
        let q = RegressionQMatrix(x: x, kernel: kernel, cacheBytes: h.cacheBytes)
        let solver = SMOSolver(
            q: q, p: y.map { h.epsilon - $0 } + y.map { h.epsilon + $0 },
            y: [Int8](repeating: 1, count: l) + [Int8](repeating: -1, count: l),
            bounds: bounds + bounds,
            tolerance: h.tolerance, shrinking: h.shrinking,
            iterationLimit: h.iterationLimit(variables: 2 * l))
        let solution = solver.solve()
        var supportRows: [Int] = []
        var coefficients: [Double] = []
        for i in 0..<l {
            let coefficient = solution.alpha[i] - solution.alpha[i + l]
            if coefficient != 0 {
                supportRows.append(i)
                coefficients.append(coefficient)
            }
        }
        let coefficientMatrix: Matrix
        do {
            coefficientMatrix = try Matrix(
                rows: 1, columns: coefficients.count, values: coefficients)
        } catch {
            // The shape is built from the values themselves; this cannot fail.
            coefficientMatrix = Matrix(rows: 1, columns: 0)
        }
        return SVMModel(
            task: .regression, featureCount: features.columns, kernel: kernel,
            supportVectors: x.rows(at: supportRows),
            classCount: 0, trainedClasses: [], supportVectorCounts: [supportRows.count],
            dualCoefficients: coefficientMatrix, intercepts: [-solution.rho],
            probabilityScalings: [],
            iterations: [solution.iterations], reachedIterationLimit: solution.reachedIterationLimit
        )
    }
}

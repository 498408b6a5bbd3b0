import AutoMLNumerics

extension LinearSVM {
    /// One binary or regression machine of a linear SVM.
    enum Machine {
        /// Labels ±1; the squared hinge or the hinge loss.
        case classification(labels: [Int8], squaredHinge: Bool)
        /// Targets; the squared or plain ε-insensitive loss.
        case regression(targets: [Double], squaredLoss: Bool)
    }

    /// Solves `machine` on the bias-augmented rows `x` with per-row bounds `C_i`, by dual
    /// coordinate descent or the primal Newton method, with liblinear's tolerances: `tol` for
    /// the dual and for primal regression, `tol · max(min(#pos, #neg), 1) / n` for primal
    /// classification.
    static func solve(
        _ machine: Machine, on x: Matrix, bounds: [Double], hyperparameters h: Hyperparameters,
        usesDual: Bool,
        random: inout RandomSource
    ) -> LinearSVMSolution {
        let empty = LinearSVMSolution(
            weights: [Double](repeating: 0, count: x.columns), iterations: 0,
            reachedIterationLimit: false)
        return x.storage.withUnsafeBufferPointer {
            (buffer: UnsafeBufferPointer<Double>) -> LinearSVMSolution in
            guard let base = buffer.baseAddress else { return empty }
            switch machine {
            case .classification(let labels, let squaredHinge):
                if usesDual {
                    return DualCoordinateDescent.classification(
                        x: base, rows: x.rows, width: x.columns, labels: labels, bounds: bounds,
                        squaredHinge: squaredHinge, tolerance: h.tolerance,
                        maxIterations: h.maxIterations,
                        random: &random)
                }
                let positives = labels.filter { $0 > 0 }.count
                let smaller = max(min(positives, labels.count - positives), 1)
                return PrimalNewton.solve(
                    x: base, rows: x.rows, width: x.columns,
                    loss: .squaredHinge(labels: labels.map { Double($0) }),
                    bounds: bounds,
                    tolerance: h.tolerance * Double(smaller) / Double(max(labels.count, 1)),
                    maxIterations: h.maxIterations)
            case .regression(let targets, let squaredLoss):
                if usesDual {
                    return DualCoordinateDescent.regression(
                        x: base, rows: x.rows, width: x.columns, targets: targets, bounds: bounds,
                        epsilon: h.epsilon,
                        squaredLoss: squaredLoss, tolerance: h.tolerance,
                        maxIterations: h.maxIterations,
                        random: &random)
                }
                return PrimalNewton.solve(
                    x: base, rows: x.rows, width: x.columns,
                    loss: .squaredEpsilonInsensitive(targets: targets, epsilon: h.epsilon),
                    bounds: bounds,
                    tolerance: h.tolerance, maxIterations: h.maxIterations)
            }
        }
    }
}

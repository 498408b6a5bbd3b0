import AutoMLData
import AutoMLNumerics

/// One binary C-SVC problem solved: signed coefficients `y_i α_i` per row of the problem and
/// the offset ρ.
struct BinarySVCSolution {
    var coefficients: [Double]
    var rho: Double
    /// `f(x_i)` for the problem's own rows (from the solver's gradient).
    var trainingDecisions: [Double]
    var iterations: Int
    var reachedIterationLimit: Bool
}

/// One-vs-one C-SVC training as in libsvm's `svm_train` (Chang & Lin 2011, §7): the rows are
/// grouped by class, each pair of classes `(a, b)` with `a < b` is a binary problem with
/// `y = +1` for `a`, and the support vectors of all pairs are stored once, grouped by class, with
/// libsvm's `(k − 1) × nSV` coefficient layout.
struct SVMClassifierTraining {
    let hyperparameters: SVM.Hyperparameters
    let kernel: KernelFunction
    let seed: UInt64

    func fit(features x: Matrix, labels: [Int], classCount: Int, weights: [Double]?)
        throws(LearnerError) -> SVMModel
    {
        // Rows of each class with positive weight, in data order.
        var members = [[Int]](repeating: [], count: classCount)
        for (row, label) in labels.enumerated() where (weights?[row] ?? 1) > 0 {
            members[label].append(row)
        }
        let trainedClasses = members.indices.filter { !members[$0].isEmpty }
        guard trainedClasses.count >= 2 else {
            throw .invalidTrainingData(
                learner: SVM.familyName, reason: "only one class has rows of positive weight")
        }
        let groups = trainedClasses.map { members[$0] }
        let k = groups.count
        let h = hyperparameters

        var solutions: [BinarySVCSolution] = []
        var scalings: [PlattScaling] = []
        var isSupport = groups.map { [Bool](repeating: false, count: $0.count) }
        var pairIndex = 0
        for a in 0..<k {
            for b in (a + 1)..<k {
                let rows = groups[a] + groups[b]
                let y =
                    [Int8](repeating: 1, count: groups[a].count)
                    + [Int8](repeating: -1, count: groups[b].count)
                let bounds = rows.map { h.c * (weights?[$0] ?? 1) }
                let problem = x.rows(at: rows)
                let solution = Self.solveBinary(
                    problem, y: y, bounds: bounds, hyperparameters: h, kernel: kernel)
                for (position, coefficient) in solution.coefficients.enumerated()
                where coefficient != 0 {
                    if position < groups[a].count {
                        isSupport[a][position] = true
                    } else {
                        isSupport[b][position - groups[a].count] = true
                    }
                }
                let decisions: [Double]
                if h.probabilityFolds >= 2 {
                    decisions = Self.crossValidatedDecisions(
                        problem, y: y, bounds: bounds, folds: h.probabilityFolds,
                        hyperparameters: h, kernel: kernel,
                        random: RandomSource(seed: seed).child(UInt64(pairIndex)))
                } else {
                    decisions = solution.trainingDecisions
                }
                scalings.append(
                    PlattScaling.fit(decisionValues: decisions, positive: y.map { $0 > 0 }))
                solutions.append(solution)
                pairIndex += 1
            }
        }

        // Support vectors grouped by class; coefficients in libsvm's layout: for pair (a, b),
        // those of a's vectors sit in row b − 1, those of b's vectors in row a.
        var start = [Int](repeating: 0, count: k + 1)
        for c in 0..<k { start[c + 1] = start[c] + isSupport[c].filter { $0 }.count }
        let supportCount = start[k]
        var supportRows: [Int] = []
        supportRows.reserveCapacity(supportCount)
        for c in 0..<k {
            for (position, flag) in isSupport[c].enumerated() where flag {
                supportRows.append(groups[c][position])
            }
        }
        var coefficients = Matrix(rows: k - 1, columns: supportCount)
        pairIndex = 0
        for a in 0..<k {
            for b in (a + 1)..<k {
                let solution = solutions[pairIndex]
                var column = start[a]
                for position in 0..<groups[a].count where isSupport[a][position] {
                    coefficients[b - 1, column] = solution.coefficients[position]
                    column += 1
                }
                column = start[b]
                let offset = groups[a].count
                for position in 0..<groups[b].count where isSupport[b][position] {
                    coefficients[a, column] = solution.coefficients[offset + position]
                    column += 1
                }
                pairIndex += 1
            }
        }
        return SVMModel(
            task: .classification, featureCount: x.columns, kernel: kernel,
            supportVectors: x.rows(at: supportRows), classCount: classCount,
            trainedClasses: trainedClasses,
            supportVectorCounts: (0..<k).map { start[$0 + 1] - start[$0] },
            dualCoefficients: coefficients,
            intercepts: solutions.map { -$0.rho }, probabilityScalings: scalings,
            iterations: solutions.map(\.iterations),
            reachedIterationLimit: solutions.contains { $0.reachedIterationLimit })
    }

    /// Solves one binary C-SVC dual: `Q = y yᵀ ∘ K`, `p = −1`, `0 ≤ α_i ≤ C_i`.
    static func solveBinary(
        _ x: Matrix, y: [Int8], bounds: [Double], hyperparameters h: SVM.Hyperparameters,
        kernel: KernelFunction
    ) -> BinarySVCSolution {
        let n = y.count
        let q = ClassificationQMatrix(x: x, y: y, kernel: kernel, cacheBytes: h.cacheBytes)
        let solver = SMOSolver(
            q: q, p: [Double](repeating: -1, count: n), y: y, bounds: bounds,
            tolerance: h.tolerance,
            shrinking: h.shrinking, iterationLimit: h.iterationLimit(variables: n))
        let solution = solver.solve()
        // ∇_i = (Qα)_i − 1 = y_i Σ_j y_j α_j K_ij − 1, so f(x_i) = y_i (∇_i + 1) − ρ.
        var coefficients = [Double](repeating: 0, count: n)
        var decisions = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let yi = Double(y[i])
            coefficients[i] = yi * solution.alpha[i]
            decisions[i] = yi * (solution.gradient[i] + 1) - solution.rho
        }
        return BinarySVCSolution(
            coefficients: coefficients, rho: solution.rho, trainingDecisions: decisions,
            iterations: solution.iterations, reachedIterationLimit: solution.reachedIterationLimit)
    }

    /// Decision values of each row from a machine trained without its fold (libsvm's
    /// `svm_binary_svc_probability`): folds of a seeded permutation; a fold whose training part
    /// holds one class only gets `±1`.
    static func crossValidatedDecisions(
        _ x: Matrix, y: [Int8], bounds: [Double], folds: Int,
        hyperparameters h: SVM.Hyperparameters,
        kernel: KernelFunction, random: RandomSource
    ) -> [Double] {
        let n = y.count
        var generator = random
        let order = generator.permutation(n)
        var decisions = [Double](repeating: 0, count: n)
        let foldCount = min(folds, n)
        for fold in 0..<foldCount {
            let begin = fold * n / foldCount
            let end = (fold + 1) * n / foldCount
            let held = Array(order[begin..<end])
            let kept = Array(order[..<begin] + order[end...])
            let positives = kept.filter { y[$0] > 0 }.count
            let negatives = kept.count - positives
            if positives == 0 || negatives == 0 {
                let value: Double = positives > 0 ? 1 : (negatives > 0 ? -1 : 0)
                for row in held { decisions[row] = value }
                continue
            }
            let train = x.rows(at: kept)
            let solution = solveBinary(
                train, y: kept.map { y[$0] }, bounds: kept.map { bounds[$0] }, hyperparameters: h,
                kernel: kernel)
            let support = solution.coefficients.indices.filter { solution.coefficients[$0] != 0 }
            let vectors = train.rows(at: support)
            let values = kernel.matrix(x.rows(at: held), vectors)
            let weights = support.map { solution.coefficients[$0] }
            for (r, row) in held.enumerated() {
                var sum = -solution.rho
                for s in 0..<support.count { sum += weights[s] * values[r, s] }
                decisions[row] = sum
            }
        }
        return decisions
    }
}

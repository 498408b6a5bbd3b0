import AutoMLData
import AutoMLNumerics

/// One-vs-rest linear SVM classification (liblinear's `train` for `k > 2` classes; one machine
/// for two): machine `c` separates trained class `c` (`y = +1`) from all others, and each gets a
/// Platt sigmoid on its training decision values.
struct LinearSVMClassifierTraining {
    let hyperparameters: LinearSVM.Hyperparameters
    let squaredHinge: Bool
    /// Dual coordinate descent, or the primal Newton method (squared hinge only).
    let usesDual: Bool

    /// - Parameters:
    ///   - x: The kept rows, bias column appended when fitting an intercept.
    ///   - labels: Class index per kept row.
    ///   - bounds: `C_i` per kept row.
    ///   - featureCount: Columns of the original features.
    func fit(
        x: Matrix, labels: [Int], classCount: Int, bounds: [Double], featureCount: Int,
        random: inout RandomSource
    ) throws(LearnerError) -> LinearSVMModel {
        var present = [Bool](repeating: false, count: classCount)
        for label in labels { present[label] = true }
        let trainedClasses = present.indices.filter { present[$0] }
        guard trainedClasses.count >= 2 else {
            throw .invalidTrainingData(
                learner: LinearSVM.familyName, reason: "only one class has rows of positive weight")
        }
        let h = hyperparameters
        // Binary: one machine with the second class positive (scikit-learn's convention).
        let positives = trainedClasses.count == 2 ? [trainedClasses[1]] : trainedClasses
        var weights = Matrix(rows: positives.count, columns: featureCount)
        var intercepts: [Double] = []
        var iterations: [Int] = []
        var reachedLimit = false
        for (machine, positive) in positives.enumerated() {
            let y = labels.map { $0 == positive ? Int8(1) : Int8(-1) }
            let solution = LinearSVM.solve(
                .classification(labels: y, squaredHinge: squaredHinge), on: x, bounds: bounds,
                hyperparameters: h,
                usesDual: usesDual, random: &random)
            let (w, b) = LinearSVM.split(
                solution.weights, featureCount: featureCount, hyperparameters: h)
            for c in 0..<featureCount { weights[machine, c] = w[c] }
            intercepts.append(b)
            iterations.append(solution.iterations)
            reachedLimit = reachedLimit || solution.reachedIterationLimit
        }
        // Training decision values for the sigmoids: the augmented rows times [w, w_bias].
        var scalings: [PlattScaling] = []
        let width = x.columns
        for (machine, positive) in positives.enumerated() {
            var decisions = [Double](repeating: 0, count: x.rows)
            for r in 0..<x.rows {
                var sum = intercepts[machine]
                for c in 0..<featureCount { sum += weights[machine, c] * x.storage[r * width + c] }
                decisions[r] = sum
            }
            scalings.append(
                PlattScaling.fit(decisionValues: decisions, positive: labels.map { $0 == positive })
            )
        }
        return LinearSVMModel(
            task: .classification, featureCount: featureCount, weights: weights,
            intercepts: intercepts,
            classCount: classCount, trainedClasses: trainedClasses, probabilityScalings: scalings,
            iterations: iterations,
            reachedIterationLimit: reachedLimit)
    }
}

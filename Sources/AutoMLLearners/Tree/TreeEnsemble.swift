import AutoMLData
import AutoMLNumerics

/// Trees whose predictions are averaged: the class distributions (classification) or values
/// (regression) of the leaves the row reaches, summed over the trees and divided by their
/// number (scikit-learn's forest `predict_proba` / `predict`). A decision tree is the case of
/// one tree.
struct TreeEnsemble: Sendable, Equatable, Codable {
    var task: LearningTask
    var featureCount: Int
    /// Number of classes (0 for regression).
    var classCount: Int
    var trees: [FlatTree]

    /// Bytes held by the trees' node and leaf arrays.
    var parameterBytes: Int { trees.reduce(0) { $0 + $1.parameterBytes } }

    /// Averaged predictions for every row of `features` (`featureCount` columns, checked by the
    /// caller). Features are compared as `Float`, as at training time. O(rows · trees · depth).
    func predict(_ features: Matrix) -> Prediction {
        let n = features.rows
        let width = max(classCount, 1)
        var sums = [Double](repeating: 0, count: n * width)
        let rows = Self.floatRows(features)
        rows.withUnsafeBufferPointer { rowBuffer in
            sums.withUnsafeMutableBufferPointer { output in
                guard let rowPointer = rowBuffer.baseAddress, let outputPointer = output.baseAddress else { return }
                for tree in trees {
                    tree.accumulate(
                        rows: rowPointer, rowCount: n, featureCount: featureCount, scale: 1, into: outputPointer)
                }
            }
        }
        let treeCount = Double(max(trees.count, 1))
        for i in sums.indices { sums[i] /= treeCount }
        guard task == .classification else { return .values(sums) }
        return Self.classes(probabilities: sums, rows: n, classCount: width)
    }

    /// Labels (first class of highest probability, as NumPy's argmax) and the probability matrix.
    static func classes(probabilities: [Double], rows n: Int, classCount k: Int) -> Prediction {
        var labels = [Int](repeating: 0, count: n)
        for r in 0..<n {
            var best = 0
            for c in 1..<max(k, 1) where probabilities[r * k + c] > probabilities[r * k + best] { best = c }
            labels[r] = best
        }
        let matrix = (try? Matrix(rows: n, columns: k, values: probabilities)) ?? Matrix(rows: n, columns: k)
        return .classes(labels: labels, probabilities: matrix)
    }

    /// The rows of `features` as contiguous `Float`s (rounded to nearest, like NumPy's `astype`).
    static func floatRows(_ features: Matrix) -> [Float] {
        features.storage.map { Float($0) }
    }

    /// Why the trees cannot be used for prediction, or `nil` when they can.
    func structuralProblem() -> String? {
        guard featureCount >= 1 else { return "featureCount must be ≥ 1" }
        let width = max(classCount, 1)
        guard (task == .classification) == (classCount >= 2) else {
            return "a \(task.rawValue) model with \(classCount) classes"
        }
        for (index, tree) in trees.enumerated() {
            guard tree.valueWidth == width else { return "tree \(index) has \(tree.valueWidth) values per leaf, expected \(width)" }
            if let problem = tree.structuralProblem(featureCount: featureCount) { return "tree \(index): \(problem)" }
        }
        return nil
    }
}

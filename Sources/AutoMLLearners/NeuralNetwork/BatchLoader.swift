import AutoMLData
import AutoMLNumerics

/// Copies chosen training rows into an ``MLPWorkspace`` (features, targets, weights) and scores
/// the network on held-out rows for early stopping, both through the workspace's buffers.
struct BatchLoader {
    let features: Matrix
    let labels: [Int]
    let values: [Double]
    let weights: [Double]?
    let workspace: MLPWorkspace

    /// Loads `rows` (at most the workspace's capacity) into the batch buffers. O(rows · d).
    func load(_ rows: ArraySlice<Int>) {
        let d = features.columns
        let input = workspace.layers[0]
        features.storage.withUnsafeBufferPointer { x in
            guard let base = x.baseAddress else { return }
            for (i, row) in rows.enumerated() {
                (input + i * d).update(from: base + row * d, count: d)
            }
        }
        for (i, row) in rows.enumerated() {
            if !labels.isEmpty { workspace.labels[i] = labels[row] }
            if !values.isEmpty { workspace.values[i] = values[row] }
            if let weights { workspace.weights[i] = weights[row] }
        }
    }

    /// The early-stopping score at `parameters` on `rows`: (weighted) accuracy for
    /// classification, (weighted) R² for regression (scikit-learn's `score`). R² is computed on
    /// the training scale of the target, which standardization does not change.
    func score(parameters: UnsafePointer<Double>, rows: [Int]) -> Double {
        let architecture = workspace.architecture
        let last = architecture.layerCount
        let outputs = architecture.layerSizes[last]
        var correct = 0.0
        var squaredError = 0.0
        var total = 0.0
        var start = 0
        while start < rows.count {
            let m = min(workspace.capacity, rows.count - start)
            load(rows[start..<(start + m)])
            architecture.forward(parameters: parameters, rows: m, layers: workspace.layers)
            let prediction = workspace.layers[last]
            for i in 0..<m {
                let w = weights == nil ? 1 : workspace.weights[i]
                total += w
                switch architecture.output {
                case .identity:
                    let residual = prediction[i] - workspace.values[i]
                    squaredError += w * residual * residual
                case .logistic:
                    if (prediction[i] > 0.5 ? 1 : 0) == workspace.labels[i] { correct += w }
                case .softmax:
                    var best = 0
                    for j in 1..<outputs
                    where prediction[i * outputs + j] > prediction[i * outputs + best] { best = j }
                    if best == workspace.labels[i] { correct += w }
                }
            }
            start += m
        }
        guard architecture.output == .identity else { return correct / total }
        var mean = 0.0
        for row in rows { mean += (weights?[row] ?? 1) * values[row] }
        mean /= total
        var spread = 0.0
        for row in rows {
            spread += (weights?[row] ?? 1) * (values[row] - mean) * (values[row] - mean)
        }
        // scikit-learn's r2_score for a constant truth: 1 when predicted exactly, else 0.
        guard spread > 0 else { return squaredError == 0 ? 1 : 0 }
        return 1 - squaredError / spread
    }
}

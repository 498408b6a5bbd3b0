import AutoMLData
import AutoMLLearners
import AutoMLNumerics

/// Ensemble selection (Caruana, Niculescu-Mizil, Crew & Ksikes, ICML 2004): start empty, then
/// repeatedly add — with replacement — the member whose inclusion makes the average of the
/// chosen members score best; return the counts of the best prefix.
enum GreedySelection {
    /// How often each of `predictions` is picked in the best prefix of `iterations` rounds.
    /// Ties go to the earlier (better-ranked) member.
    static func counts(
        _ predictions: [Prediction], target: Target, metric: Metric, iterations: Int
    ) throws(EnsembleError) -> [Int] {
        let classCount = target.classes.count
        let rows = target.count
        let width = target.task == .classification ? classCount : 1
        let outputs: [[Double]] = predictions.map { prediction in
            switch prediction {
            case .classes(_, let p): return p.storage
            case .values(let v): return v
            }
        }
        var sum = [Double](repeating: 0, count: rows * width)
        var counts = [Int](repeating: 0, count: predictions.count)
        var bestCounts = counts
        var bestScore = -Double.infinity
        var candidate = sum
        for round in 1...iterations {
            var chosen = 0
            var chosenScore = -Double.infinity
            for (member, output) in outputs.enumerated() {
                let scale = 1 / Double(round)
                for i in 0..<sum.count { candidate[i] = (sum[i] + output[i]) * scale }
                let score = try oriented(
                    candidate, rows: rows, width: width, target: target, metric: metric)
                if score > chosenScore {
                    chosenScore = score
                    chosen = member
                }
            }
            counts[chosen] += 1
            VectorMath.addScaled(outputs[chosen], times: 1, to: &sum)
            if chosenScore > bestScore {
                bestScore = chosenScore
                bestCounts = counts
            }
        }
        return bestCounts
    }

    /// The score with higher always better.
    private static func oriented(
        _ output: [Double], rows: Int, width: Int, target: Target, metric: Metric
    ) throws(EnsembleError) -> Double {
        let prediction: Prediction
        if target.task == .classification {
            var probabilities = Matrix(rows: rows, columns: width)
            probabilities.storage = output
            prediction = .classes(
                labels: Combiner.argmaxRows(probabilities), probabilities: probabilities)
        } else {
            prediction = .values(output)
        }
        let score = try EnsembleBuilder.score(prediction, target: target, metric: metric)
        return metric.isHigherBetter ? score : -score
    }
}

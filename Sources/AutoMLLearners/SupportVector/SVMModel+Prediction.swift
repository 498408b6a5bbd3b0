import AutoMLData
import AutoMLNumerics

extension SVMModel {
    /// Rows of kernel values computed at once: bounds the scratch to about 32 MB.
    private static var kernelBufferElements: Int { 1 << 22 }

    /// Predictions for every row of `features`.
    ///
    /// The kernel values between a block of rows and all support vectors are one BLAS call
    /// (`dgemm`, or `dgemv` for a single row) plus the kernel's map; each machine's decision
    /// values are then `dgemv`s of that block with its coefficients. Classification labels are
    /// the one-vs-one votes; probabilities the coupled Platt sigmoids (see ``SVM``).
    /// - Throws: ``LearnerError/featureCountMismatch(learner:expected:got:)``.
    /// - Complexity: O(rows · nSV · (featureCount + k)).
    public func predict(_ features: Matrix) throws(LearnerError) -> Prediction {
        try checkWidth(features)
        let decisions = decisionValues(features)
        switch task {
        case .regression:
            return .values(decisions.storage)
        case .classification:
            return classify(decisions)
        }
    }

    /// `rows × machines` decision values: `f_ab(x)` per one-vs-one machine, or the regression
    /// value.
    func decisionValues(_ features: Matrix) -> Matrix {
        let m = features.rows
        let count = supportVectors.rows
        let pairs = machinePairs
        let machines = pairs.count
        var result = Matrix(rows: m, columns: machines)
        for r in 0..<m {
            for machine in 0..<machines {
                result.storage[r * machines + machine] = intercepts[machine]
            }
        }
        guard m > 0, count > 0 else { return result }
        let block = max(1, min(m, Self.kernelBufferElements / count))
        let kernelValues = UnsafeMutablePointer<Double>.allocate(capacity: block * count)
        let column = UnsafeMutablePointer<Double>.allocate(capacity: block)
        defer {
            kernelValues.deallocate()
            column.deallocate()
        }
        var first = 0
        while first < m {
            let rows = min(block, m - first)
            kernelFunction.values(
                rowsOf: features, from: first, count: rows, against: supportVectors,
                squaredNorms: supportVectorNorms, into: kernelValues)
            for (machine, pair) in pairs.enumerated() {
                accumulate(pair, kernelValues: kernelValues, rows: rows, into: column)
                for r in 0..<rows { result.storage[(first + r) * machines + machine] += column[r] }
            }
            first += rows
        }
        return result
    }

    /// The machines in order: `(a, b)` for `a < b` over the trained classes, or one `(0, 0)`
    /// for regression.
    private var machinePairs: [(Int, Int)] {
        guard task == .classification else { return [(0, 0)] }
        let k = trainedClasses.count
        return (0..<k).flatMap { a in ((a + 1)..<k).map { (a, $0) } }
    }

    /// `Σ coefficient · K(x, sv)` of machine `(a, b)` for `rows` rows of kernel values (one
    /// `dgemv` per class of support vectors): `a`'s vectors with coefficient row `b − 1`, `b`'s
    /// with row `a` (libsvm's layout); regression uses all vectors and the one row.
    private func accumulate(
        _ pair: (Int, Int), kernelValues: UnsafePointer<Double>, rows: Int,
        into out: UnsafeMutablePointer<Double>
    ) {
        let count = supportVectors.rows
        dualCoefficients.storage.withUnsafeBufferPointer { buffer in
            guard let coefficients = buffer.baseAddress else { return }
            guard task == .classification else {
                BufferBLAS.gemv(
                    rows: rows, columns: count, a: kernelValues, lda: count, x: coefficients, y: out
                )
                return
            }
            let (a, b) = pair
            let startA = classStarts[a]
            let startB = classStarts[b]
            BufferBLAS.gemv(
                rows: rows, columns: supportVectorCounts[a], a: kernelValues + startA, lda: count,
                x: coefficients + (b - 1) * count + startA, y: out)
            BufferBLAS.gemv(
                rows: rows, columns: supportVectorCounts[b], a: kernelValues + startB, lda: count,
                x: coefficients + a * count + startB, beta: 1, y: out)
        }
    }

    /// Where each class's support vectors start.
    private var classStarts: [Int] {
        var starts = [0]
        for n in supportVectorCounts.dropLast() { starts.append((starts.last ?? 0) + n) }
        return starts
    }

    /// Labels by one-vs-one voting and probabilities by pairwise coupling of the Platt sigmoids.
    private func classify(_ decisions: Matrix) -> Prediction {
        let m = decisions.rows
        let k = trainedClasses.count
        let machines = decisions.columns
        var labels = [Int](repeating: 0, count: m)
        var probabilities = Matrix(rows: m, columns: classCount)
        var votes = [Int](repeating: 0, count: k)
        var pairwise = [Double](repeating: 0, count: k * k)
        var q = [Double](repeating: 0, count: k * k)
        var qp = [Double](repeating: 0, count: k)
        var p = [Double](repeating: 0, count: k)
        let minimum = 1e-7
        for r in 0..<m {
            for c in 0..<k { votes[c] = 0 }
            var machine = 0
            for a in 0..<k {
                for b in (a + 1)..<k {
                    let f = decisions.storage[r * machines + machine]
                    if f > 0 { votes[a] += 1 } else { votes[b] += 1 }
                    let probability = min(
                        max(probabilityScalings[machine].probability(f), minimum), 1 - minimum)
                    pairwise[a * k + b] = probability
                    pairwise[b * k + a] = 1 - probability
                    machine += 1
                }
            }
            var winner = 0
            for c in 1..<k where votes[c] > votes[winner] { winner = c }
            labels[r] = trainedClasses[winner]
            if k == 2 {
                p[0] = pairwise[1]
                p[1] = pairwise[2]
            } else {
                pairwise.withUnsafeBufferPointer { pr in
                    q.withUnsafeMutableBufferPointer { pq in
                        qp.withUnsafeMutableBufferPointer { pqp in
                            p.withUnsafeMutableBufferPointer { pp in
                                guard let rBase = pr.baseAddress, let qBase = pq.baseAddress,
                                    let qpBase = pqp.baseAddress, let pBase = pp.baseAddress
                                else { return }
                                PairwiseCoupling.couple(
                                    rBase, k: k, q: qBase, qp: qpBase, into: pBase)
                            }
                        }
                    }
                }
            }
            for c in 0..<k { probabilities.storage[r * classCount + trainedClasses[c]] = p[c] }
        }
        return .classes(labels: labels, probabilities: probabilities)
    }
}

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
        let k = trainedClasses.count
        let machines = task == .regression ? 1 : k * (k - 1) / 2
        var result = Matrix(rows: m, columns: machines)
        guard m > 0 else { return result }
        for machine in 0..<machines {
            for r in 0..<m { result.storage[r * machines + machine] = intercepts[machine] }
        }
        guard count > 0 else { return result }
        let width = featureCount
        let block = max(1, min(m, Self.kernelBufferElements / count))
        var kernelValues = [Double](repeating: 0, count: block * count)
        var column = [Double](repeating: 0, count: block)
        // Class ranges in the support vector order.
        var start = [0]
        for n in supportVectorCounts { start.append((start.last ?? 0) + n) }
        features.storage.withUnsafeBufferPointer { px in
            supportVectors.storage.withUnsafeBufferPointer { psv in
                supportVectorNorms.withUnsafeBufferPointer { pn in
                    dualCoefficients.storage.withUnsafeBufferPointer { pc in
                        kernelValues.withUnsafeMutableBufferPointer { pk in
                            column.withUnsafeMutableBufferPointer { pcol in
                                guard let x = px.baseAddress, let sv = psv.baseAddress, let norms = pn.baseAddress,
                                    let coefficients = pc.baseAddress, let kv = pk.baseAddress,
                                    let out = pcol.baseAddress
                                else { return }
                                var first = 0
                                while first < m {
                                    let rows = min(block, m - first)
                                    kernelFunction.values(
                                        a: x + first * width, rows: rows, b: sv, rows: count, width: width,
                                        squaredNormsB: norms, into: kv)
                                    if task == .regression {
                                        UnsafeBLAS.multiply(
                                            rows: rows, columns: count, kv, rowStride: count, coefficients, into: out)
                                        for r in 0..<rows { result.storage[first + r] += out[r] }
                                    } else {
                                        var machine = 0
                                        for a in 0..<k {
                                            for b in (a + 1)..<k {
                                                // a's vectors with row b − 1, b's vectors with row a.
                                                UnsafeBLAS.multiply(
                                                    rows: rows, columns: start[a + 1] - start[a], kv + start[a],
                                                    rowStride: count, coefficients + (b - 1) * count + start[a],
                                                    into: out)
                                                UnsafeBLAS.multiply(
                                                    rows: rows, columns: start[b + 1] - start[b], kv + start[b],
                                                    rowStride: count, coefficients + a * count + start[b],
                                                    into: out, beta: 1)
                                                for r in 0..<rows {
                                                    result.storage[(first + r) * machines + machine] += out[r]
                                                }
                                                machine += 1
                                            }
                                        }
                                    }
                                    first += rows
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
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
                    let probability = min(max(probabilityScalings[machine].probability(f), minimum), 1 - minimum)
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
                                PairwiseCoupling.couple(rBase, k: k, q: qBase, qp: qpBase, into: pBase)
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

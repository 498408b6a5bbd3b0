import AutoMLNumerics

/// The k nearest training rows of each query row, nearest first.
struct Neighbors {
    /// Neighbours per query row.
    let count: Int
    /// `queries × count` training-row indices, row-major.
    var indices: [Int]
    /// `queries × count` distances (exact, not squared), ascending within each row.
    var distances: [Double]
}

/// Brute-force nearest-neighbour search over a stored training matrix.
///
/// Euclidean (scikit-learn's `algorithm="brute"` path):
/// 1. ‖x‖² of every training row is computed once, at construction.
/// 2. For a block of ``queryBlock`` query rows and a block of ``trainingBlock`` training rows,
///    BLAS `dgemm` gives −2·Q·Xᵀ (`dgemv` when the block is one row); adding ‖x‖² (during the
///    selection) gives ‖q − x‖² − ‖q‖², which ranks the training rows of each query row like
///    the distance.
/// 3. A partial selection keeps the k smallest (score, index) pairs per query row in a sorted
///    list of length k, updated only when a score beats the current k-th: O(n) per row for
///    small k, no full sort. Once the list is full, chunks of 8 scores whose minimum does not
///    beat the k-th are skipped after one branch-free minimum.
/// 4. The winners' distances are recomputed exactly as Σ (q − x)², which removes the
///    cancellation of the expansion (a duplicate row gets distance exactly 0), and the k are
///    re-sorted by (distance, index).
///
/// Manhattan skips steps 1–2 and scores blocks by a direct Σ |q − x| loop.
/// Ties go to the lower training index throughout. One score tile (``queryBlock`` ×
/// ``trainingBlock`` doubles, 4 MiB) stays in the last-level cache between the BLAS call and
/// the selection (sizes chosen by timing 64–256 × 512–4096 on synth_cls_50k).
struct NeighborSearch: Sendable {
    /// Query rows per block.
    static let queryBlock = 256
    /// Training rows per block.
    static let trainingBlock = 2048

    /// The stored `n × d` training rows.
    let training: Matrix
    /// ‖x‖² per training row (Euclidean only; empty for Manhattan).
    let squaredNorms: [Double]
    let metric: KNearestNeighbors.DistanceMetric

    init(training: Matrix, metric: KNearestNeighbors.DistanceMetric) {
        self.training = training
        self.metric = metric
        guard metric == .euclidean else {
            squaredNorms = []
            return
        }
        let d = training.columns
        squaredNorms = training.storage.withUnsafeBufferPointer { x in
            (0..<training.rows).map { r in
                var sum = 0.0
                for c in 0..<d { sum += x[r * d + c] * x[r * d + c] }
                return sum
            }
        }
    }

    /// The `k` nearest training rows of every row of `queries` (`k ≤ training.rows`,
    /// `queries.columns == training.columns`). O(q·n·d) time, O(q·k + tile) memory.
    func nearest(_ queries: Matrix, count k: Int) -> Neighbors {
        let q = queries.rows
        let n = training.rows
        let d = training.columns
        var result = Neighbors(
            count: k, indices: [Int](repeating: 0, count: q * k),
            distances: [Double](repeating: 0, count: q * k))
        guard q > 0, k > 0 else { return result }
        let tileColumns = min(Self.trainingBlock, n)
        var tile = [Double](repeating: 0, count: min(Self.queryBlock, q) * tileColumns)
        queries.storage.withUnsafeBufferPointer { queryBuffer in
            training.storage.withUnsafeBufferPointer { trainingBuffer in
                squaredNorms.withUnsafeBufferPointer { norms in
                    tile.withUnsafeMutableBufferPointer { tileBuffer in
                        result.indices.withUnsafeMutableBufferPointer { bestIndex in
                            result.distances.withUnsafeMutableBufferPointer { bestScore in
                                guard let T = tileBuffer.baseAddress,
                                    let I = bestIndex.baseAddress,
                                    let S = bestScore.baseAddress
                                else { preconditionFailure("q, k and n ≥ k are positive") }
                                // The rows are empty without features, yet still have an address.
                                guard let Q = queryBuffer.baseAddress,
                                    let X = trainingBuffer.baseAddress
                                else {
                                    preconditionFailure(
                                        "an array's buffer has an address even when empty")
                                }
                                var start = 0
                                while start < q {
                                    let rows = min(Self.queryBlock, q - start)
                                    let block = Q + start * d
                                    let blockIndex = I + start * k
                                    let blockScore = S + start * k
                                    for slot in 0..<(rows * k) {
                                        blockScore[slot] = .infinity
                                        blockIndex[slot] = Int.max
                                    }
                                    var from = 0
                                    while from < n {
                                        let columns = min(tileColumns, n - from)
                                        scoreTile(
                                            block, rows: rows, against: X + from * d,
                                            columns: columns, width: d,
                                            into: T)
                                        let tileNorms =
                                            metric == .euclidean
                                            ? norms.baseAddress.map { $0 + from } : nil
                                        for r in 0..<rows {
                                            select(
                                                T + r * columns, norms: tileNorms, count: columns,
                                                offset: from, k: k,
                                                scores: blockScore + r * k,
                                                indices: blockIndex + r * k)
                                        }
                                        from += columns
                                    }
                                    for r in 0..<rows {
                                        finish(
                                            query: block + r * d, width: d, training: X, n: n, k: k,
                                            scores: blockScore + r * k, indices: blockIndex + r * k)
                                    }
                                    start += rows
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Fills `tile` (`rows × columns`, row stride `columns`) with the ranking scores of the query
    /// block against the training block: −2·q·x (Euclidean; ``select`` adds ‖x‖²) or
    /// Σ |q − x| (Manhattan).
    private func scoreTile(
        _ block: UnsafePointer<Double>, rows: Int, against x: UnsafePointer<Double>, columns: Int,
        width d: Int,
        into tile: UnsafeMutablePointer<Double>
    ) {
        switch metric {
        case .euclidean:
            if rows == 1 {
                BufferBLAS.gemv(
                    rows: columns, columns: d, alpha: -2, a: x, lda: d, x: block, y: tile)
            } else {
                BufferBLAS.gemm(
                    transposeB: true, m: rows, n: columns, k: d, alpha: -2, a: block, lda: d, b: x,
                    ldb: d,
                    c: tile, ldc: columns)
            }
        case .manhattan:
            for r in 0..<rows {
                let query = block + r * d
                let row = tile + r * columns
                for j in 0..<columns {
                    let point = x + j * d
                    var sum = 0.0
                    for c in 0..<d { sum += abs(query[c] - point[c]) }
                    row[j] = sum
                }
            }
        }
    }

    /// Offers the `count` scores of one tile row (training indices `offset…`, plus ‖x‖² when
    /// `norms` is given) to the sorted best-k list of one query row.
    @inline(__always)
    private func select(
        _ tileRow: UnsafePointer<Double>, norms: UnsafePointer<Double>?, count: Int, offset: Int,
        k: Int,
        scores: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int>
    ) {
        var worst = scores[k - 1]
        var isFilled = indices[k - 1] != Int.max
        // Indices only grow during the scan, so an equal score never beats a stored neighbour;
        // it does take an unfilled slot (index Int.max), so even ∞ scores fill the list.
        if let norms {
            // Eight scores at a time: most chunks hold none below the k-th best and are skipped
            // after one vector minimum.
            var j = 0
            if isFilled {
                while j + 8 <= count {
                    var smallest = tileRow[j] + norms[j]
                    for lane in 1..<8 {
                        let value = tileRow[j + lane] + norms[j + lane]
                        smallest = value < smallest ? value : smallest
                    }
                    if smallest < worst {
                        for lane in 0..<8 {
                            let value = tileRow[j + lane] + norms[j + lane]
                            guard value < worst else { continue }
                            insert(
                                value, index: offset + j + lane, k: k, scores: scores,
                                indices: indices)
                            worst = scores[k - 1]
                        }
                    }
                    j += 8
                }
            }
            for j in j..<count {
                let s = tileRow[j] + norms[j]
                guard s < worst || (!isFilled && s == worst) else { continue }
                insert(s, index: offset + j, k: k, scores: scores, indices: indices)
                worst = scores[k - 1]
                isFilled = indices[k - 1] != Int.max
            }
        } else {
            for j in 0..<count {
                let s = tileRow[j]
                guard s < worst || (!isFilled && s == worst) else { continue }
                insert(s, index: offset + j, k: k, scores: scores, indices: indices)
                worst = scores[k - 1]
                isFilled = indices[k - 1] != Int.max
            }
        }
    }

    /// Inserts (score, index) into a list sorted by (score, index), dropping the last entry.
    @inline(__always)
    private func insert(
        _ s: Double, index: Int, k: Int, scores: UnsafeMutablePointer<Double>,
        indices: UnsafeMutablePointer<Int>
    ) {
        var p = k - 1
        while p > 0 && (scores[p - 1] > s || (scores[p - 1] == s && indices[p - 1] > index)) {
            scores[p] = scores[p - 1]
            indices[p] = indices[p - 1]
            p -= 1
        }
        scores[p] = s
        indices[p] = index
    }

    /// Turns one query row's ranking scores into exact distances, sorted by (distance, index).
    /// A slot still unfilled (possible only if a score was NaN after overflow) triggers an exact
    /// rescan of the whole training set for that row.
    private func finish(
        query: UnsafePointer<Double>, width d: Int, training x: UnsafePointer<Double>, n: Int,
        k: Int,
        scores: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int>
    ) {
        if indices[k - 1] == Int.max {
            for slot in 0..<k {
                scores[slot] = .infinity
                indices[slot] = Int.max
            }
            for j in 0..<n {
                let s = exactDistance(query, x + j * d, width: d)
                if s < scores[k - 1] || indices[k - 1] == Int.max {
                    insert(s, index: j, k: k, scores: scores, indices: indices)
                }
            }
            return
        }
        for slot in 0..<k { scores[slot] = exactDistance(query, x + indices[slot] * d, width: d) }
        // Insertion sort by (distance, index): the list is nearly sorted already.
        for i in 1..<max(k, 1) {
            let s = scores[i]
            let index = indices[i]
            var p = i
            while p > 0 && (scores[p - 1] > s || (scores[p - 1] == s && indices[p - 1] > index)) {
                scores[p] = scores[p - 1]
                indices[p] = indices[p - 1]
                p -= 1
            }
            scores[p] = s
            indices[p] = index
        }
    }

    /// ‖q − x‖₂ or ‖q − x‖₁ computed directly.
    @inline(__always)
    private func exactDistance(_ q: UnsafePointer<Double>, _ x: UnsafePointer<Double>, width d: Int)
        -> Double
    {
        var sum = 0.0
        switch metric {
        case .euclidean:
            for c in 0..<d {
                let difference = q[c] - x[c]
                sum += difference * difference
            }
            return sum.squareRoot()
        case .manhattan:
            for c in 0..<d { sum += abs(q[c] - x[c]) }
            return sum
        }
    }
}

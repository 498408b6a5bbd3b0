import AutoMLNumerics

/// The points an acquisition maximization scored, best first: the raw candidates and the
/// local-search results, ranked by index so that no point is copied until asked for.
struct RankedPoints {
    /// The raw candidates, one per row.
    let candidates: Matrix
    /// Their scores.
    let scores: [Double]
    /// Local-search results, after the candidates in ``order``'s numbering.
    private(set) var refined: [(point: [Double], score: Double)] = []
    /// Indices best first: `i < candidates.rows` is candidate `i`, the others are
    /// `refined[i − candidates.rows]`. Ties keep candidates first, then refined points, each
    /// in their own order (a stable sort).
    private(set) var order: [Int]

    init(candidates: Matrix, scores: [Double]) {
        self.candidates = candidates
        self.scores = scores
        var order = Array(0..<candidates.rows)
        order.withUnsafeMutableBufferPointer { buffer in
            scores.withUnsafeBufferPointer { s in buffer.sort { s[$0] > s[$1] } }
        }
        self.order = order
    }

    /// How many points are ranked.
    var count: Int { order.count }

    /// The point at `rank` (0 is the best).
    func point(at rank: Int) -> [Double] {
        let index = order[rank]
        return index < candidates.rows
            ? candidates.row(index) : refined[index - candidates.rows].point
    }

    /// The score at `rank`.
    func score(at rank: Int) -> Double { score(ofIndex: order[rank]) }

    private func score(ofIndex index: Int) -> Double {
        index < candidates.rows ? scores[index] : refined[index - candidates.rows].score
    }

    /// Adds local-search results and ranks them in.
    mutating func insert(_ points: [(point: [Double], score: Double)]) {
        let first = candidates.rows + refined.count
        refined.append(contentsOf: points)
        order.append(contentsOf: first..<(first + points.count))
        let ranked = self
        order.sort { ranked.score(ofIndex: $0) > ranked.score(ofIndex: $1) }
    }
}

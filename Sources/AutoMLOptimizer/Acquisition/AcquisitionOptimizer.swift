import AutoMLNumerics
import AutoMLSearchSpace
import Foundation

/// Maximizes an acquisition function over the unit cube of a search space, in the manner of
/// Optuna's GP sampler and BoTorch's `optimize_acqf` (raw samples, then local refinement):
///
/// 1. **Candidates.** ``candidateCount`` points: a scrambled Sobol set
///    (``SobolSequence``, or uniform draws past its 40 dimensions) and, for a quarter of them,
///    perturbations of the best observed points (each parameter moved with probability
///    `min(1, 2/P)`, continuous ones by a Gaussian step of log-uniform size in [0.003, 0.3],
///    categoricals to a random choice). Every candidate is snapped to the configuration it
///    stands for (`UnitCubeEncoding.canonicalize`), so scores are scores of real
///    configurations. All are scored in one batched prediction.
/// 2. **Local search** from the ``localSearchCount`` best: BFGS (``BFGSMinimizer``, analytic
///    gradient of the acquisition) on the active continuous coordinates, kept in `[0, 1]` by
///    projection, alternated with the best single discrete move (an integer or stepped value
///    one step up or down, a categorical switched to another choice), until no move helps.
///
/// The result is every point scored, best first, so the caller can take the best one that is
/// not a duplicate of a trial already made.
struct AcquisitionOptimizer: Sendable {
    /// Raw candidates scored per call.
    var candidateCount = 2048
    /// Share of the candidates that perturb the best observed points (when there are any).
    var perturbationShare = 0.25
    /// Candidates refined by local search.
    var localSearchCount = 4
    /// BFGS iterations per continuous refinement.
    var localIterations = 25
    /// Alternations of continuous refinement and discrete moves per start.
    var discreteRounds = 4

    /// A refinement stops once an iteration gains less than this fraction of the score
    /// (SciPy's L-BFGS-B default `ftol`, which BoTorch's and Optuna's acquisition searches
    /// inherit): a start already at a local optimum, which the gradient test alone would keep
    /// polishing for every iteration allowed.
    static let stallTolerance = 2.2e-9

    /// Scored points (canonical), best first.
    /// - Parameters:
    ///   - scorer: the acquisition to maximize.
    ///   - encoding: the space's unit-cube encoding.
    ///   - anchors: canonical points to perturb, best first (the best observed trials).
    ///   - random: the generator for shifts and perturbations.
    func rankedPoints(
        _ scorer: AcquisitionScorer, encoding: UnitCubeEncoding, anchors: [[Double]],
        random: inout RandomSource
    ) throws(NumericError) -> RankedPoints {
        let candidates = try self.candidates(encoding: encoding, anchors: anchors, random: &random)
        var ranked = RankedPoints(candidates: candidates, scores: try scorer.scores(candidates))

        var starts: [(point: [Double], score: Double)] = []
        for rank in 0..<ranked.count where starts.count < localSearchCount {
            let point = ranked.point(at: rank)
            if !starts.contains(where: { $0.point == point }) {
                starts.append((point, ranked.score(at: rank)))
            }
        }
        var refined: [(point: [Double], score: Double)] = []
        for start in starts {
            refined.append(try localSearch(from: start, scorer: scorer, encoding: encoding))
        }
        ranked.insert(refined)
        return ranked
    }

    /// The raw candidate set, canonical, one per row.
    func candidates(
        encoding: UnitCubeEncoding, anchors: [[Double]], random: inout RandomSource
    ) throws(NumericError) -> Matrix {
        let d = encoding.dimension
        let total = max(candidateCount, 1)
        let perturbed = anchors.isEmpty ? 0 : Int(Double(total) * perturbationShare)
        let spread = total - perturbed
        var points = Matrix(rows: total, columns: d)
        if d <= SobolSequence.maximumDimension {
            let sobol = try SobolSequence.points(count: spread, dimension: d, seed: random.next())
            points.storage.replaceSubrange(0..<(spread * d), with: sobol.storage)
        } else {
            for k in 0..<(spread * d) { points.storage[k] = random.uniform() }
        }
        let parameterCount = max(encoding.coordinateRanges.filter { !$0.isEmpty }.count, 1)
        let moveProbability = min(1, 2 / Double(parameterCount))
        for i in 0..<perturbed {
            // Half the perturbations go to the best point, the rest spread over the others.
            let anchor =
                i % 2 == 0 || anchors.count == 1
                ? anchors[0] : anchors[random.integer(below: anchors.count)]
            let row = perturbation(
                of: anchor, encoding: encoding, moveProbability: moveProbability, random: &random)
            points.storage.replaceSubrange(((spread + i) * d)..<((spread + i + 1) * d), with: row)
        }
        points.storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<total {
                encoding.canonicalize(
                    UnsafeMutableBufferPointer(rebasing: p[(i * d)..<((i + 1) * d)]))
            }
        }
        return points
    }

    private func perturbation(
        of anchor: [Double], encoding: UnitCubeEncoding, moveProbability: Double,
        random: inout RandomSource
    ) -> [Double] {
        var point = anchor
        let ranges = encoding.coordinateRanges.filter { !$0.isEmpty }
        guard !ranges.isEmpty else { return point }
        let forced = random.integer(below: ranges.count)
        let scale = exp(random.uniform(log(0.003), log(0.3)))
        for (index, range) in ranges.enumerated()
        where index == forced || random.uniform() < moveProbability {
            switch encoding.coordinates[range.lowerBound] {
            case .continuous:
                point[range.lowerBound] = min(
                    max(point[range.lowerBound] + scale * random.normal(), 0), 1)
            case .ordinal(_, let levels):
                let step = max(scale, 1 / Double(max(levels, 1)))
                point[range.lowerBound] = min(
                    max(point[range.lowerBound] + step * random.normal(), 0), 1)
            case .oneHot:
                let choice = random.integer(below: range.count)
                for (offset, k) in range.enumerated() { point[k] = offset == choice ? 1 : 0 }
            }
        }
        return point
    }

    /// Alternates BFGS on the continuous coordinates with the best discrete move.
    private func localSearch(
        from start: (point: [Double], score: Double), scorer: AcquisitionScorer,
        encoding: UnitCubeEncoding
    ) throws(NumericError) -> (point: [Double], score: Double) {
        var current = start
        for _ in 0..<max(discreteRounds, 1) {
            let free = current.point.withUnsafeBufferPointer {
                encoding.continuousCoordinates(activeAt: $0)
            }
            if !free.isEmpty {
                current = refineContinuous(current, coordinates: free, scorer: scorer)
            }
            let neighbours = encoding.discreteNeighbours(of: current.point)
            guard !neighbours.isEmpty else { break }
            let matrix = try Matrix(
                rows: neighbours.count, columns: encoding.dimension,
                values: neighbours.flatMap { $0 })
            let scores = try scorer.scores(matrix)
            guard let best = scores.indices.max(by: { scores[$0] < scores[$1] }),
                scores[best] > current.score + 1e-12
            else { break }
            current = (neighbours[best], scores[best])
        }
        return current
    }

    /// BFGS on `coordinates` of the point, the others fixed, inside `[0, 1]` by projection.
    private func refineContinuous(
        _ start: (point: [Double], score: Double), coordinates: [Int], scorer: AcquisitionScorer
    ) -> (point: [Double], score: Double) {
        let minimizer = BFGSMinimizer(
            maximumIterations: localIterations, gradientTolerance: 1e-7, initialStep: 0.02,
            lineSearchTolerance: 0.1, functionTolerance: Self.stallTolerance)
        // Coordinates on a face of the cube whose ascent direction leaves it stay where they
        // are (the first step of a projected-gradient method): a line search along them only
        // meets the clamp, and would spend dozens of evaluations finding no progress.
        let slope = scorer.scoreWithGradient(at: start.point).gradient
        let coordinates = coordinates.filter { k in
            !(start.point[k] <= 0 && slope[k] < 0) && !(start.point[k] >= 1 && slope[k] > 0)
        }
        guard !coordinates.isEmpty else { return start }
        var full = start.point
        let x0 = coordinates.map { start.point[$0] }
        let result = try? minimizer.minimize(from: x0) { x, gradient in
            for (i, k) in coordinates.enumerated() { full[k] = min(max(x[i], 0), 1) }
            let (value, g) = scorer.scoreWithGradient(at: full)
            for (i, k) in coordinates.enumerated() {
                gradient[i] = full[k] == x[i] ? -g[k] : 0
            }
            return -value
        }
        guard let result, -result.value > start.score else { return start }
        var point = start.point
        for (i, k) in coordinates.enumerated() { point[k] = min(max(result.point[i], 0), 1) }
        return (point, -result.value)
    }
}

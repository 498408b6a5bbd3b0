@testable import AutoMLOptimizer
import AutoMLNumerics
import AutoMLSearchSpace
import Foundation
import Testing

/// A GP on `loss(x)` observed at 21 evenly spaced points of [0, 1] (one float parameter), as
/// an EI scorer with the best observed loss as incumbent.
private func scorer(_ loss: (Double) -> Double) throws -> AcquisitionScorer {
    let xs = (0...20).map { Double($0) / 20 }
    let ys = xs.map(loss)
    let mean = ys.reduce(0, +) / Double(ys.count)
    let spread = (ys.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(ys.count)).squareRoot()
    let targets = ys.map { ($0 - mean) / spread }
    let model = try GaussianProcess(
        inputs: try Matrix(xs.map { [$0] }), targets: targets,
        hyperparameters: GPHyperparameters(
            lengthscales: [0.3], signalVariance: 1, noiseVariance: 1e-6))
    return AcquisitionScorer(
        model: model, function: .logExpectedImprovement, best: try #require(targets.min()),
        feasibility: nil)
}

private let line = UnitCubeEncoding(
    SearchSpace(unordered: [
        Parameter(name: "x", domain: .float(low: 0, high: 1, log: false, step: nil))
    ]))

@Suite struct AcquisitionOptimizerTests {
    @Test("an acquisition rising out of the cube is maximized on its face")
    func optimumOnAFace() throws {
        var random = RandomSource(seed: 4)
        let ranked = try AcquisitionOptimizer().rankedPoints(
            try scorer { $0 }, encoding: line, anchors: [[0.05]], random: &random)
        #expect(ranked.point(at: 0) == [0])
        #expect((0..<ranked.count).allSatisfy { ranked.score(at: $0) <= ranked.score(at: 0) })
    }

    @Test("a start on a face whose ascent points inside still moves inside")
    func optimumNearAFace() throws {
        var random = RandomSource(seed: 4)
        let acquisition = try scorer { ($0 - 0.125) * ($0 - 0.125) }
        let ranked = try AcquisitionOptimizer().rankedPoints(
            acquisition, encoding: line, anchors: [[0.1]], random: &random)
        let best = ranked.point(at: 0)[0]
        #expect(best > 0.05 && best < 0.2, "best \(best)")
        // The refined optimum scores at least as well as a fine grid.
        let grid = try Matrix((0...1000).map { [Double($0) / 1000] })
        #expect(try acquisition.scores(grid).max()! <= ranked.score(at: 0) + 1e-9)
    }
}

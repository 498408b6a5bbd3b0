import AutoMLData
import AutoMLEnsemble
import AutoMLLearners
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// Hand-checkable library: 4 rows, 2 classes, truth [0, 1, 1, 0]. Each member gives P(class 1):
//   A: 0.2 0.8 0.4 0.6 → labels 0 1 0 1, accuracy 0.50
//   B: 0.4 0.6 0.9 0.1 → labels 0 1 1 0, accuracy 1.00
//   C: 0.6 0.7 0.7 0.3 → labels 1 1 1 0, accuracy 0.75
private func member(_ id: Int, _ p1: [Double], score: Double) -> EnsembleMember {
    var probabilities = Matrix(rows: p1.count, columns: 2)
    for (r, p) in p1.enumerated() {
        probabilities[r, 0] = 1 - p
        probabilities[r, 1] = p
    }
    return EnsembleMember(
        id: id,
        outOfFold: .classes(labels: p1.map { $0 > 0.5 ? 1 : 0 }, probabilities: probabilities),
        score: score)
}

private let truth = Target.classification(labels: [0, 1, 1, 0], classes: ["no", "yes"])
private let library = [
    member(0, [0.2, 0.8, 0.4, 0.6], score: 0.5),
    member(1, [0.4, 0.6, 0.9, 0.1], score: 1.0),
    member(2, [0.6, 0.7, 0.7, 0.3], score: 0.75),
]

private func secondColumn(_ prediction: Prediction) -> [Double] {
    guard case .classes(_, let p) = prediction else { return [] }
    return (0..<p.rows).map { p[$0, 1] }
}

@Suite struct EnsembleBuilderTests {
    @Test("soft voting averages the probabilities: (A+B+C)/3")
    func softVoting() throws {
        let ensemble = try EnsembleBuilder.build(
            .init(strategy: .votingSoft), from: library, target: truth, metric: .accuracy)
        let expected = [0.4, 0.7, 2.0 / 3, 1.0 / 3]
        #expect(
            zip(secondColumn(ensemble.outOfFold), expected).allSatisfy {
                isClose($0, $1, tolerance: 1e-12)
            })
        #expect(ensemble.score == 1.0)
        #expect(ensemble.memberIDs == [1, 2, 0])  // best first
    }

    @Test("hard voting takes the majority label and reports vote shares")
    func hardVoting() throws {
        let ensemble = try EnsembleBuilder.build(
            .init(strategy: .votingHard), from: library, target: truth, metric: .accuracy)
        guard case .classes(let labels, _) = ensemble.outOfFold else {
            Issue.record("not classes"); return
        }
        #expect(labels == [0, 1, 1, 0])
        #expect(
            zip(secondColumn(ensemble.outOfFold), [1.0 / 3, 1, 2.0 / 3, 1.0 / 3]).allSatisfy {
                isClose($0, $1, tolerance: 1e-12)
            })
    }

    @Test("weighted voting weighs members by their accuracy (1, 0.75, 0.5 over 2.25)")
    func weightedVoting() throws {
        let ensemble = try EnsembleBuilder.build(
            .init(strategy: .votingWeighted), from: library, target: truth, metric: .accuracy)
        #expect(
            zip(ensemble.weights, [1 / 2.25, 0.75 / 2.25, 0.5 / 2.25]).allSatisfy {
                isClose($0, $1, tolerance: 1e-12)
            })
        let row0 = (1 / 2.25) * 0.4 + (0.75 / 2.25) * 0.6 + (0.5 / 2.25) * 0.2
        #expect(isClose(secondColumn(ensemble.outOfFold)[0], row0, tolerance: 1e-12))
    }

    @Test("model averaging weighs by likelihood: A 0.8²·0.4², B 0.6²·0.9², C 0.4·0.7³")
    func bayesianAveraging() throws {
        let ensemble = try EnsembleBuilder.build(
            .init(strategy: .bayesianAveraging), from: library, target: truth, metric: .accuracy)
        // B, C, A (ranked order).
        let raw = [0.6 * 0.6 * 0.9 * 0.9, 0.4 * 0.7 * 0.7 * 0.7, 0.8 * 0.8 * 0.4 * 0.4]
        let total = raw.reduce(0, +)
        #expect(
            zip(ensemble.weights, raw.map { $0 / total }).allSatisfy {
                isClose($0, $1, tolerance: 1e-12)
            })
    }

    @Test("greedy selection keeps the best member alone when no addition beats it")
    func greedyKeepsBest() throws {
        let ensemble = try EnsembleBuilder.build(
            .init(strategy: .greedy, greedyIterations: 10), from: library, target: truth,
            metric: .accuracy)
        #expect(ensemble.memberIDs == [1] && ensemble.weights == [1] && ensemble.score == 1)
    }

    @Test("greedy selection under log loss mixes two members with opposite mistakes")
    func greedyMixes() throws {
        // D errs on row 2, E on row 3; each has log loss (3·ln(1/0.9) + ln(1/0.3))/4 ≈ 0.3800.
        // Their average gives the true class 0.9, 0.9, 0.6, 0.6: (2·ln(1/0.9) + 2·ln(1/0.6))/4 ≈ 0.3081.
        let d = member(3, [0.1, 0.9, 0.3, 0.1], score: 0.38)
        let e = member(4, [0.1, 0.9, 0.9, 0.7], score: 0.38)
        let ensemble = try EnsembleBuilder.build(
            .init(strategy: .greedy, greedyIterations: 20), from: [d, e], target: truth,
            metric: .logLoss)
        #expect(ensemble.memberIDs == [3, 4])
        #expect(ensemble.weights == [0.5, 0.5])
        let expected = (2 * log(1 / 0.9) + 2 * log(1 / 0.6)) / 4
        #expect(isClose(ensemble.score, expected, tolerance: 1e-12))
    }

    @Test("regression soft and weighted averages are the hand-computed ones")
    func regression() throws {
        let y = Target.regression([1, 2, 3, 4])
        let members = [
            EnsembleMember(id: 7, outOfFold: .values([1, 2, 3, 5]), score: 0.5),
            EnsembleMember(id: 8, outOfFold: .values([2, 2, 2, 4]), score: 0.5.squareRoot()),
        ]
        let soft = try EnsembleBuilder.build(
            .init(strategy: .votingSoft), from: members, target: y, metric: .rmse)
        #expect(soft.outOfFold == .values([1.5, 2, 2.5, 4.5]))
        #expect(isClose(soft.score, 0.1875.squareRoot(), tolerance: 1e-12))
        let weighted = try EnsembleBuilder.build(
            .init(strategy: .votingWeighted), from: members, target: y, metric: .rmse)
        let w = [1 / 0.5, 1 / 0.5.squareRoot()]
        #expect(isClose(weighted.weights[0], w[0] / (w[0] + w[1]), tolerance: 1e-12))
        #expect(throws: EnsembleError.self) {
            try EnsembleBuilder.build(
                .init(strategy: .votingHard), from: members, target: y, metric: .rmse)
        }
    }

    @Test(
        "blending names the rows it scores: the ones its meta-learner did not see, which get a fold spread"
    )
    func blendingScoredRows() throws {
        // 40 rows; two members off by ±1 on alternate rows, a linear meta-learner on half.
        let truth = Target.regression((0..<40).map { Double($0 % 7) })
        let values = (0..<40).map { Double($0 % 7) }
        let members = [
            EnsembleMember(
                id: 1, outOfFold: .values(values.enumerated().map { $1 + ($0 % 2 == 0 ? 1 : 0) }),
                score: 0.7),
            EnsembleMember(
                id: 2, outOfFold: .values(values.enumerated().map { $1 - ($0 % 3 == 0 ? 1 : 0) }),
                score: 0.6),
        ]
        let blend = try EnsembleBuilder.build(
            .init(strategy: .blending, blendingFraction: 0.5, seed: 3), from: members,
            target: truth, metric: .rmse)
        let rows = try #require(blend.scoredRows)
        #expect(rows.count == 20 && Set(rows).count == 20 && rows.allSatisfy { $0 < 40 })
        #expect(blend.outOfFold.rowCount == 20)
        guard case .values(let predicted) = blend.outOfFold else {
            Issue.record("a regression blend predicts values")
            return
        }
        let squares = zip(predicted, rows).map { pair in
            let error = pair.0 - Double(pair.1 % 7)
            return error * error
        }
        let rmse = (squares.reduce(0, +) / 20).squareRoot()
        #expect(isClose(blend.score, rmse, tolerance: 1e-12))
        let folds = try Splitter.kFold(count: 40, folds: 5, shuffle: true, seed: 1)
        let spread = try FoldSpread.standardDeviation(
            of: blend.outOfFold, target: truth, metric: .rmse, folds: folds, rows: rows)
        #expect(try #require(spread) >= 0)
        let soft = try EnsembleBuilder.build(
            .init(strategy: .votingSoft), from: members, target: truth, metric: .rmse)
        #expect(soft.scoredRows == nil)
    }

    @Test("the library is cut to the best member_count members")
    func librarySize() throws {
        let ensemble = try EnsembleBuilder.build(
            .init(strategy: .votingSoft, memberCount: 2), from: library, target: truth,
            metric: .accuracy)
        #expect(ensemble.memberIDs == [1, 2])
    }

    @Test("members that do not match the target and bad settings are refused")
    func refusals() {
        let short = EnsembleMember(id: 9, outOfFold: .values([1, 2]), score: 1)
        #expect(throws: EnsembleError.mismatchedMember(id: 9, reason: "2 predictions for 4 rows")) {
            try EnsembleBuilder.build(
                .init(strategy: .votingSoft), from: library + [short], target: truth,
                metric: .accuracy)
        }
        #expect(throws: EnsembleError.self) {
            try EnsembleBuilder.build(
                .init(strategy: .votingSoft, memberCount: 0), from: library, target: truth,
                metric: .accuracy)
        }
        #expect(throws: EnsembleError.self) {
            try EnsembleBuilder.build(
                .init(strategy: .blending, blendingFraction: 1.5), from: library, target: truth,
                metric: .accuracy)
        }
    }
}

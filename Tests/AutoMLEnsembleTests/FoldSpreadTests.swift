import AutoMLData
import AutoMLEnsemble
import AutoMLLearners
import AutoMLNumerics
import Foundation
import Testing

@Suite struct FoldSpreadTests {
    // Regression, 6 rows in 3 folds; absolute errors per row 1, 3 | 2, 2 | 0, 4.
    // MAE per fold: 2, 2, 2 → spread 0; RMSE per fold: √5, 2, √8.
    let truth = Target.regression([0, 0, 0, 0, 0, 0])
    let prediction = Prediction.values([1, 3, 2, -2, 0, 4])
    let folds = [
        Split(train: [2, 3, 4, 5], validation: [0, 1]),
        Split(train: [0, 1, 4, 5], validation: [2, 3]),
        Split(train: [0, 1, 2, 3], validation: [4, 5]),
    ]

    @Test func theSpreadIsTheSampleStandardDeviationOfTheFoldScores() throws {
        let rmse = try #require(
            try FoldSpread.standardDeviation(
                of: prediction, target: truth, metric: .rmse, folds: folds))
        let scores = [Double(5).squareRoot(), 2, Double(8).squareRoot()]
        let mean = scores.reduce(0, +) / 3
        let expected = (scores.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
        #expect(abs(rmse - expected) < 1e-12)
        let mae = try #require(
            try FoldSpread.standardDeviation(
                of: prediction, target: truth, metric: .mae, folds: folds))
        #expect(abs(mae) < 1e-12)
    }

    @Test func classProbabilitiesAreScoredPerFold() throws {
        // Accuracy per fold: 1, 0.5 → spread √0.125.
        var probabilities = Matrix(rows: 4, columns: 2)
        for (row, p) in [0.9, 0.2, 0.3, 0.6].enumerated() {
            probabilities[row, 0] = p
            probabilities[row, 1] = 1 - p
        }
        let prediction = Prediction.classes(labels: [0, 1, 1, 0], probabilities: probabilities)
        let truth = Target.classification(labels: [0, 1, 0, 0], classes: ["a", "b"])
        let spread = try #require(
            try FoldSpread.standardDeviation(
                of: prediction, target: truth, metric: .accuracy,
                folds: [
                    Split(train: [2, 3], validation: [0, 1]),
                    Split(train: [0, 1], validation: [2, 3]),
                ]))
        #expect(abs(spread - 0.125.squareRoot()) < 1e-12)
    }

    @Test func aPredictionOfSomeRowsIsScoredPerFoldAndScaledToAWholeFold() throws {
        // Blending scores only the rows its meta-learner did not see: here rows 3, 2, 1, 0 (in
        // that order), so fold 1 holds errors 1, 3 (RMSE √5), fold 2 errors 2, 2 (RMSE 2) and
        // fold 3 nothing. Spread: the two scores' deviation |√5 − 2| / √2, times √(4 / 6).
        let spread = try #require(
            try FoldSpread.standardDeviation(
                of: .values([-2, 2, 3, 1]), target: truth, metric: .rmse, folds: folds,
                rows: [3, 2, 1, 0]))
        let expected = abs(Double(5).squareRoot() - 2) / Double(2).squareRoot()
        #expect(abs(spread - expected * (4.0 / 6).squareRoot()) < 1e-12)
        // Only one fold with two scored rows: no spread.
        #expect(
            try FoldSpread.standardDeviation(
                of: .values([1, 3, 0]), target: truth, metric: .rmse, folds: folds,
                rows: [0, 1, 4]) == nil)
    }

    @Test func predictionsThatDoNotMatchTheirRowsHaveNoFoldSpread() throws {
        #expect(
            try FoldSpread.standardDeviation(
                of: .values([1, 2]), target: truth, metric: .rmse, folds: folds) == nil)
        #expect(
            try FoldSpread.standardDeviation(
                of: .values([1, 2]), target: truth, metric: .rmse, folds: folds, rows: [0, 9])
                == nil)
        #expect(
            try FoldSpread.standardDeviation(
                of: prediction, target: truth, metric: .rmse, folds: Array(folds.prefix(1)))
                == nil)
    }
}

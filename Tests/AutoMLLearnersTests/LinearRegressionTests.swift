import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// Reference values from scikit-learn 1.9.1 on Examples/diabetes.csv (raw features, as the
// anchors use them):
//   LinearRegression().coef_, Ridge(alpha=1).coef_,
//   Lasso(alpha=0.1, tol=1e-14, max_iter=10⁶).coef_ (features 0, 5, 7 exactly zero),
//   ElasticNet(alpha=0.01, l1_ratio=0.5, tol=1e-14, max_iter=10⁶).coef_ (feature 5 zero);
//   every intercept_ is 152.133484162896 up to rounding, the target mean, because the features
//   are centered.
//
// Hand examples:
//   Ridge, one feature: x = (1, 2, 3), y = (1, 2, 2), α = 1. Centered: x̃ = (−1, 0, 1),
//   ỹ = (−2/3, 1/3, 1/3); w = x̃ᵀỹ / (x̃ᵀx̃ + α) = 1 / 3; b = 5/3 − 2·(1/3) = 1.
//   Ridge, two features: rows (1, 1), (−1, 0), (0, −1), (0, 0) (means 0), y = (3, 0, 0, 1)
//   (mean 1): X̃ᵀX̃ = [[2, 1], [1, 2]], X̃ᵀỹ = (3, 3); (X̃ᵀX̃ + I) w = (3, 3) → w = (3/4, 3/4),
//   b = 1.

private let diabetesOLS: [Double] = [
    -10.009866299810684, -239.81564367242328, 519.8459200544612, 324.3846455023239,
    -792.1756385522311,
    476.7390210052578, 101.04326793803438, 177.06323767134694, 751.2736995571038, 67.62669218370489,
]
private let diabetesRidge: [Double] = [
    29.46611189347694, -83.15427636187536, 306.35268015068624, 201.62773437326973,
    5.909614367497441,
    -29.51549507968966, -152.04028006186422, 117.31173160030147, 262.94429001431223,
    111.87895643952365,
]
private let diabetesLasso: [Double] = [
    0, -155.3431106246688, 517.2162412030532, 275.08722292825655, -52.55203581190209, 0,
    -210.13950903523502, 0,
    483.9171745719605, 33.66219214313,
]
private let diabetesElasticNet: [Double] = [
    33.149529875720376, -35.242972565621564, 211.0274745656741, 144.55976801923623,
    21.930702966865415, 0,
    -115.61921077662946, 100.65756804003728, 185.32517347774996, 96.25698662545199,
]
private let diabetesMean = 152.13348416289597

/// Regression families by catalog name, fitted with overrides.
private func fit(
    _ family: String, _ data: TrainingData, _ overrides: [String: HyperparameterValue] = [:]
) throws
    -> LinearModel
{
    let entry = try #require(LearnerCatalog.family(named: family))
    let model = try entry.learner(overrides).fit(data, seed: 0)
    return try #require(model as? LinearModel)
}

private func values(_ prediction: Prediction) throws -> [Double] {
    guard case .values(let values) = prediction else {
        throw LearnerError.unreadableModel(reason: "expected values")
    }
    return values
}

/// `n × d` standard-normal features.
private func gaussianFeatures(rows n: Int, columns d: Int, seed: UInt64) throws -> Matrix {
    var random = RandomSource(seed: seed)
    return try Matrix(rows: n, columns: d, values: (0..<(n * d)).map { _ in random.normal() })
}

/// Raw diabetes features (no standardization) and target.
private func diabetes() throws -> TrainingData {
    try exampleTrainingData("diabetes.csv", standardize: false).0
}

private let regressionFamilies = ["linear_regression", "ridge", "lasso", "elastic_net"]

@Suite struct LinearRegressionTests {
    // MARK: Accuracy against the anchors

    @Test(
        "5-fold CV RMSE on diabetes is within 5% of scikit-learn's 54.527 (OLS) and 58.357 (ridge)")
    func diabetesRMSE() throws {
        let ols = try crossValidatedScore("linear_regression", on: "diabetes.csv")
        #expect(ols <= 54.527 * 1.05 && ols >= 54.527 * 0.95, "OLS RMSE \(ols)")
        let ridge = try crossValidatedScore("ridge", on: "diabetes.csv")
        #expect(ridge <= 58.357 * 1.05 && ridge >= 58.357 * 0.95, "ridge RMSE \(ridge)")
    }

    @Test("the regression families take raw features, as scikit-learn's anchors do")
    func catalogEntries() throws {
        for name in regressionFamilies {
            let family = try #require(LearnerCatalog.family(named: name))
            #expect(!family.scalesFeatures, "\(name)")
            #expect(family.tasks == [.regression], "\(name)")
        }
    }

    // MARK: Agreement with scikit-learn and hand examples

    @Test("OLS, ridge, lasso and elastic net on diabetes match scikit-learn's coefficients")
    func diabetesMatchesScikitLearn() throws {
        let data = try diabetes()
        let cases: [(String, [String: HyperparameterValue], [Double], Double)] = [
            ("linear_regression", [:], diabetesOLS, 1e-6),
            ("ridge", [:], diabetesRidge, 1e-8),
            (
                "lasso", ["alpha": 0.1, "tolerance": 1e-14, "maximum_iterations": 1_000_000],
                diabetesLasso, 1e-6
            ),
            (
                "elastic_net",
                ["alpha": 0.01, "tolerance": 1e-14, "maximum_iterations": 1_000_000],
                diabetesElasticNet, 1e-6
            ),
        ]
        for (family, overrides, expected, tolerance) in cases {
            let model = try fit(family, data, overrides)
            let weights = model.coefficients.storage
            let worst = zip(weights, expected).map { abs($0 - $1) / max(abs($1), 1) }.max() ?? 0
            #expect(worst <= tolerance, "\(family): relative difference \(worst)")
            #expect(
                expected.indices.filter { expected[$0] == 0 }.allSatisfy { weights[$0] == 0 },
                "\(family) zeros")
            #expect(
                isClose(model.intercepts[0], diabetesMean, tolerance: 1e-9), "\(family) intercept")
        }
    }

    @Test("ridge equals the hand-computed closed form on one and two features")
    func ridgeHandExamples() throws {
        let one = TrainingData(
            features: try Matrix([[1], [2], [3]]), target: .regression([1, 2, 2]))
        let model = try Ridge().fit(one)
        #expect(isClose(model.coefficients.storage, [1.0 / 3], tolerance: 1e-14))
        #expect(isClose(model.intercepts[0], 1, tolerance: 1e-14))
        let two = TrainingData(
            features: try Matrix([[1, 1], [-1, 0], [0, -1], [0, 0]]),
            target: .regression([3, 0, 0, 1]))
        let model2 = try Ridge().fit(two)
        #expect(isClose(model2.coefficients.storage, [0.75, 0.75], tolerance: 1e-14))
        #expect(isClose(model2.intercepts[0], 1, tolerance: 1e-14))
        #expect(
            isClose(try values(try model2.predict(try Matrix([[2, -2]]))), [1], tolerance: 1e-14))
    }

    @Test("OLS recovers the exact coefficients of noiseless data")
    func olsRecoversCoefficients() throws {
        let features = try gaussianFeatures(rows: 50, columns: 4, seed: 3)
        let beta = [2.0, -1, 0.5, 3]
        let y = (0..<50).map { i in 7 + (0..<4).reduce(0) { $0 + beta[$1] * features[i, $1] } }
        let model = try LinearRegression().fit(
            TrainingData(features: features, target: .regression(y)))
        #expect(isClose(model.coefficients.storage, beta, tolerance: 1e-12))
        #expect(isClose(model.intercepts[0], 7, tolerance: 1e-12))
    }

    @Test("OLS on duplicated, collinear and constant columns stays finite and fits exactly")
    func olsCollinearColumns() throws {
        let base = try gaussianFeatures(rows: 40, columns: 2, seed: 4)
        // Columns: x1, x2, x1 + x2, 2·x1, the constant 5, x1 again.
        let rows = (0..<40).map { i -> [Double] in
            let (a, b) = (base[i, 0], base[i, 1])
            return [a, b, a + b, 2 * a, 5, a]
        }
        let features = try Matrix(rows)
        let y = (0..<40).map { 1 + 3 * base[$0, 0] - 2 * base[$0, 1] }
        let model = try LinearRegression().fit(
            TrainingData(features: features, target: .regression(y)))
        let weights = model.coefficients.storage
        #expect(weights.allSatisfy { $0.isFinite && abs($0) < 10 }, "weights \(weights)")
        #expect(weights[4] == 0)
        #expect(weights.filter { $0 != 0 }.count == 2)  // rank 2 besides the constant
        #expect(isClose(try values(try model.predict(features)), y, tolerance: 1e-10))
    }

    @Test("lasso sets the weights of irrelevant features exactly to zero")
    func lassoZerosIrrelevantFeatures() throws {
        let features = try gaussianFeatures(rows: 200, columns: 10, seed: 6)
        var random = RandomSource(seed: 7)
        let y = (0..<200).map { i in
            3 * features[i, 0] - 2 * features[i, 1] + 1.5 * features[i, 2] + 0.1 * random.normal()
        }
        let model = try Lasso(.init(alpha: 0.1)).fit(
            TrainingData(features: features, target: .regression(y)))
        let weights = model.coefficients.storage
        #expect(model.isConverged)
        #expect(weights[3...].allSatisfy { $0 == 0 }, "weights \(weights)")
        // Each relevant weight is shrunk by about α = 0.1 towards zero.
        #expect(
            isClose(Array(weights[0..<3]), [2.9, -1.9, 1.4], tolerance: 0.05), "weights \(weights)")
        // Ridge keeps every weight non-zero.
        #expect(
            try Ridge().fit(TrainingData(features: features, target: .regression(y))).coefficients
                .storage.allSatisfy { $0 != 0 })
    }

    @Test("a constant target gives zero weights and the constant as intercept")
    func constantTarget() throws {
        let features = try gaussianFeatures(rows: 10, columns: 3, seed: 8)
        for family in regressionFamilies {
            let model = try fit(
                family,
                TrainingData(
                    features: features, target: .regression([Double](repeating: 4, count: 10))))
            #expect(model.coefficients.storage.allSatisfy { abs($0) < 1e-12 }, "\(family)")
            #expect(isClose(model.intercepts[0], 4, tolerance: 1e-12), "\(family)")
        }
    }

    // MARK: Weights

    @Test("integer weights give the same model as repeated rows", arguments: regressionFamilies)
    func weightsEqualRepetition(family: String) throws {
        let data = try diabetes()
        let counts = (0..<data.features.rows).map { 1 + $0 % 3 }
        var weighted = data
        weighted.weights = counts.map(Double.init)
        let repeatedRows = counts.indices.flatMap { i in [Int](repeating: i, count: counts[i]) }
        guard case .regression(let y) = data.target else { return }
        let repeated = TrainingData(
            features: data.features.rows(at: repeatedRows),
            target: .regression(repeatedRows.map { y[$0] }))
        let overrides: [String: HyperparameterValue] =
            family == "lasso" || family == "elastic_net"
            ? ["alpha": 0.01, "tolerance": 1e-12, "maximum_iterations": 100_000] : [:]
        let a = try fit(family, weighted, overrides)
        let b = try fit(family, repeated, overrides)
        let worst =
            zip(a.coefficients.storage, b.coefficients.storage).map {
                abs($0 - $1) / max(abs($1), 1)
            }.max() ?? 0
        #expect(worst < 1e-6, "\(family): \(worst)")
        #expect(isClose(a.intercepts[0], b.intercepts[0], tolerance: 1e-6))
    }

    @Test("rows with zero weight do not change the fit")
    func zeroWeightRows() throws {
        let clean = TrainingData(
            features: try Matrix([[1], [2], [3]]), target: .regression([1, 2, 2]))
        let padded = TrainingData(
            features: try Matrix([[1], [2], [100], [3]]), target: .regression([1, 2, -50, 2]),
            weights: [1, 1, 0, 1])
        for family in regressionFamilies {
            let overrides: [String: HyperparameterValue] =
                family == "linear_regression" ? [:] : ["alpha": 0.01]
            let a = try fit(family, clean, overrides)
            let b = try fit(family, padded, overrides)
            #expect(
                isClose(a.coefficients.storage, b.coefficients.storage, tolerance: 1e-12),
                "\(family)")
            #expect(isClose(a.intercepts, b.intercepts, tolerance: 1e-12), "\(family)")
        }
    }

    // MARK: Refusals

    @Test("every hyperparameter rule refuses its violating value", arguments: regressionFamilies)
    func rulesRefuseViolations(family name: String) throws {
        let family = try #require(LearnerCatalog.family(named: name))
        let rules: [HyperparameterRule] =
            switch name {
            case "ridge": Ridge.rules
            case "lasso": Lasso.rules
            case "elastic_net": ElasticNet.rules
            default: LinearRegression.rules
            }
        for rule in rules {
            let error = #expect(throws: LearnerError.self) {
                _ = try family.learner([rule.name: .real(rule.violatingValue)])
            }
            guard case .invalidHyperparameter(let learner, let key, _, _)? = error else {
                Issue.record("\(name).\(rule.name): got \(String(describing: error))")
                continue
            }
            #expect(learner == name)
            #expect(key == rule.name)
        }
        #expect(throws: LearnerError.self) { _ = try family.learner(["penalty": "l1"]) }
    }

    @Test("fitting refuses invalid training data", arguments: InvalidTrainingCase.all)
    func refusesInvalidData(_ c: InvalidTrainingCase) {
        for family in regressionFamilies {
            let error = #expect(throws: LearnerError.self) { _ = try fit(family, c.data) }
            guard case .invalidTrainingData(let learner, let reason)? = error else {
                Issue.record(
                    "\(family): expected invalidTrainingData, got \(String(describing: error))")
                continue
            }
            #expect(learner == family)
            #expect(reason.contains(c.reasonFragment), "\(family) reason: \(reason)")
        }
    }

    @Test("a classification target is refused")
    func refusesClassification() throws {
        let data = TrainingData(
            features: try Matrix([[1], [2], [3]]),
            target: .classification(labels: [0, 1, 1], classes: ["a", "b"]))
        for family in regressionFamilies {
            let error = #expect(throws: LearnerError.self) { _ = try fit(family, data) }
            guard case .invalidTrainingData(_, let reason)? = error else { continue }
            #expect(reason.contains("regression target"))
        }
    }

    // MARK: Model

    @Test(
        "fits are deterministic and survive a JSON round trip with identical predictions",
        arguments: regressionFamilies)
    func deterministicAndCodable(family: String) throws {
        let data = try diabetes()
        let model = try fit(family, data)
        #expect(model == (try fit(family, data)))
        let decoded = try roundTripped(model)
        #expect(decoded == model)
        #expect(decoded.learner == family)
        #expect(identical(try decoded.predict(data.features), try model.predict(data.features)))
        #expect(model.parameterBytes == 11 * 8)
    }
}

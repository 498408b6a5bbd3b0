import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// Reference values from scikit-learn 1.9.1 on the bundled examples standardized with
// StandardScaler (our Standardizer also divides by the population standard deviation):
//   LogisticRegression(tol=1e-12, max_iter=10000) on iris: coef_.T (4 × 3, row-major) below,
//   36 iterations; predict_proba of rows 0, 50, 100 below.
//   LogisticRegression(l1_ratio=1, C=0.5, solver="saga", tol=1e-14, max_iter=200000) on iris
//   (the L1 penalty): coef_.T below, with 7 of 12 weights exactly zero.
//   LogisticRegression(tol=1e-12, max_iter=10000) on breast_cancer: coef_ and intercept_ below.

private let irisL2Coefficients: [Double] = [
    -1.0740658549623208, 0.58781006052282, 0.4862557944395006, 1.160115017746385,
    -0.3618405879761317,
    -0.7982744297702541, -1.9306919390299186, -0.3634308606392221, 2.294122799669143,
    -1.8115561311793735,
    -0.826269755177687, 2.637825886357061,
]
private let irisL2Probabilities: [Double] = [
    9.8469555337444237e-01, 1.5304384608925508e-02, 6.2016632323646108e-08, 4.7296344448078554e-03,
    8.6489709607152188e-01, 1.3037326948367020e-01, 1.4921139604917063e-05, 6.2248715240026294e-03,
    9.9376020733639248e-01,
]
private let irisL1Coefficients: [Double] = [
    0, 0, 0, 0.6901358810731995, 0, -0.2533419763569327, -4.029054866662681, 0, 2.384142590070888,
    0, 0,
    4.061536123264923,
]
private let breastCancerCoefficients: [Double] = [
    -0.36309271458457604, -0.38767528327383116, -0.3510622995646282, -0.4356092343761109,
    -0.161831743813392,
    0.5626539978855003, -0.8599168401328704, -0.9622797983074421, 0.07620922298507593,
    0.322225619225838,
    -1.2909424522769957, 0.2689219792382855, -0.6599752411273107, -1.0125572476196583,
    -0.2772130440141056,
    0.7363236166867161, 0.1105389836403033, -0.33340679056100603, 0.29579324468049295,
    0.680920093819333,
    -1.0292628640094716, -1.3146082460161848, -0.8233480287766906, -1.010706259312854,
    -0.670680835197718,
    0.04456404485216221, -0.8733340569253163, -0.912003127740793, -0.8878373648720389,
    -0.479818999275774,
]
private let breastCancerIntercept = 0.21450294876483833

private typealias Settings = LogisticRegression.Hyperparameters

/// A converged-to-the-bone learner for comparisons with scikit-learn's reference values.
private func tight(_ settings: Settings = .init()) throws -> LogisticRegression {
    var settings = settings
    settings.tolerance = 1e-12
    settings.maximumIterations = 10_000
    return try LogisticRegression(settings)
}

/// Class probabilities and labels of a classification prediction.
private func classes(_ prediction: Prediction) throws -> (labels: [Int], probabilities: Matrix) {
    guard case .classes(let labels, let probabilities) = prediction else {
        throw LearnerError.unreadableModel(reason: "expected class predictions")
    }
    return (labels, probabilities)
}

/// `n × d` standard-normal features and labels from a noisy linear rule with `k` classes.
private func syntheticClasses(rows n: Int, features d: Int, classes k: Int, seed: UInt64) throws
    -> TrainingData
{
    var random = RandomSource(seed: seed)
    let x = try Matrix(rows: n, columns: d, values: (0..<(n * d)).map { _ in random.normal() })
    let labels = (0..<n).map { i -> Int in
        let score = x[i, 0] + 0.5 * x[i, 1 % d] + 0.7 * random.normal()
        return min(k - 1, max(0, Int((score + 1.5) / 3 * Double(k))))
    }
    return TrainingData(
        features: x, target: .classification(labels: labels, classes: (0..<k).map { "c\($0)" }))
}

@Suite struct LogisticRegressionTests {
    // MARK: Accuracy against the anchors

    @Test("5-fold CV accuracy on iris is at least 0.93 (scikit-learn: 0.9600)")
    func irisAccuracy() throws {
        #expect(try crossValidatedScore("logistic_regression", on: "iris.csv") >= 0.93)
    }

    @Test("5-fold CV accuracy on breast_cancer is at least 0.95 (scikit-learn: 0.9789)")
    func breastCancerAccuracy() throws {
        #expect(try crossValidatedScore("logistic_regression", on: "breast_cancer.csv") >= 0.95)
    }

    @Test("5-fold CV accuracy on wine is at least 0.95 (scikit-learn: 0.9832)")
    func wineAccuracy() throws {
        #expect(try crossValidatedScore("logistic_regression", on: "wine.csv") >= 0.95)
    }

    // MARK: Agreement with scikit-learn

    @Test("the multinomial L2 fit on iris matches scikit-learn's weights and probabilities")
    func irisMatchesScikitLearn() throws {
        let (data, _) = try exampleTrainingData("iris.csv")
        let model = try tight().fit(data)
        #expect(model.isConverged)
        #expect(model.coefficients.rows == 4 && model.coefficients.columns == 3)
        let differences = zip(model.coefficients.storage, irisL2Coefficients).map { abs($0 - $1) }
        #expect(
            isClose(model.coefficients.storage, irisL2Coefficients, tolerance: 1e-5),
            "max difference \(differences.max() ?? 0)")
        let rows = data.features.rows(at: [0, 50, 100])
        let (labels, probabilities) = try classes(try model.predict(rows))
        #expect(labels == [0, 1, 2])
        #expect(isClose(probabilities.storage, irisL2Probabilities, tolerance: 1e-6))
    }

    @Test("the binary L2 fit on breast_cancer matches scikit-learn's weights and intercept")
    func breastCancerMatchesScikitLearn() throws {
        let (data, _) = try exampleTrainingData("breast_cancer.csv")
        let model = try tight().fit(data)
        #expect(model.coefficients.columns == 1)
        #expect(model.outputClasses == [0, 1])
        #expect(isClose(model.coefficients.storage, breastCancerCoefficients, tolerance: 1e-5))
        #expect(isClose(model.intercepts[0], breastCancerIntercept, tolerance: 1e-5))
    }

    @Test("the L1 fit on iris (OWL-QN) has scikit-learn's zero pattern and weights")
    func irisL1MatchesScikitLearn() throws {
        let (data, _) = try exampleTrainingData("iris.csv")
        let model = try tight(Settings(penalty: .l1, c: 0.5)).fit(data)
        let zeros = irisL1Coefficients.indices.filter { irisL1Coefficients[$0] == 0 }
        #expect(
            zeros.allSatisfy { model.coefficients.storage[$0] == 0 },
            "weights \(model.coefficients.storage)")
        #expect(isClose(model.coefficients.storage, irisL1Coefficients, tolerance: 1e-4))
    }

    @Test("the elastic-net penalty lies between L2 and L1 in sparsity")
    func elasticNetSparsity() throws {
        let (data, _) = try exampleTrainingData("breast_cancer.csv")
        func zeroCount(_ settings: Settings) throws -> Int {
            try LogisticRegression(settings).fit(data).coefficients.storage.filter { $0 == 0 }.count
        }
        let l2 = try zeroCount(Settings(c: 0.05))
        let elastic = try zeroCount(Settings(penalty: .elasticnet, c: 0.05, l1Ratio: 0.5))
        let l1 = try zeroCount(Settings(penalty: .l1, c: 0.05))
        #expect(l2 == 0)
        #expect(elastic > 0)
        #expect(l1 >= elastic)
        #expect(l1 < 30)
    }

    // MARK: The objective

    @Test(
        "the gradient equals central finite differences (binary and multinomial)",
        arguments: [1, 4])
    func gradientMatchesFiniteDifferences(outputs: Int) throws {
        var random = RandomSource(seed: 5)
        let (n, d) = (13, 3)
        let features = try Matrix(
            rows: n, columns: d, values: (0..<(n * d)).map { _ in random.normal() })
        let targets = (0..<n).map { i in i % (outputs == 1 ? 2 : outputs) }
        let raw = (0..<n).map { _ in random.uniform(0.2, 2) }
        let total = raw.reduce(0, +)
        var objective = LogisticObjective(
            features: features, targets: targets, weights: raw.map { $0 / total }, outputs: outputs,
            l2: 0.3)
        let point = (0..<objective.parameterCount).map { _ in random.normal() }
        var gradient = [Double](repeating: 0, count: point.count)
        _ = objective.evaluate(point, gradient: &gradient)
        var scratch = gradient
        let h = 1e-6
        for k in point.indices {
            var plus = point
            var minus = point
            plus[k] += h
            minus[k] -= h
            let numeric =
                (objective.evaluate(plus, gradient: &scratch)
                    - objective.evaluate(minus, gradient: &scratch)) / (2 * h)
            #expect(
                isClose(gradient[k], numeric, tolerance: 1e-8),
                "component \(k): \(gradient[k]) vs \(numeric)")
        }
    }

    @Test("at zero weights the loss is log k and the intercept gradient is the prior minus 1/k")
    func lossAtZero() throws {
        let features = try Matrix([[1], [2], [3], [4]])
        var objective = LogisticObjective(
            features: features, targets: [0, 1, 2, 2], weights: [0.25, 0.25, 0.25, 0.25],
            outputs: 3, l2: 1)
        var gradient = [Double](repeating: 0, count: objective.parameterCount)
        let loss = objective.evaluate([Double](repeating: 0, count: 6), gradient: &gradient)
        #expect(isClose(loss, log(3.0), tolerance: 1e-15))
        // ∂/∂bⱼ = 1/3 − share of class j: [1/3 − 1/4, 1/3 − 1/4, 1/3 − 1/2].
        let expected: [Double] = [1.0 / 12, 1.0 / 12, -1.0 / 6]
        #expect(isClose(Array(gradient[3...]), expected, tolerance: 1e-15))
    }

    // MARK: Predictions

    @Test("probability rows sum to 1 and labels are the most probable class")
    func probabilitiesSumToOne() throws {
        let (data, _) = try exampleTrainingData("wine.csv")
        let (labels, probabilities) = try classes(
            try LogisticRegression().fit(data).predict(data.features))
        for i in 0..<probabilities.rows {
            let row = probabilities.row(i)
            #expect(isClose(row.reduce(0, +), 1, tolerance: 1e-12))
            #expect(row.allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect(row[labels[i]] == row.max())
        }
    }

    @Test("a class absent from the training labels gets probability 0 and is never predicted")
    func absentClass() throws {
        let (data, _) = try exampleTrainingData("iris.csv")
        guard case .classification(let labels, let names) = data.target else { return }
        let kept = labels.indices.filter { labels[$0] != 1 }
        let subset = TrainingData(
            features: data.features.rows(at: kept),
            target: .classification(labels: kept.map { labels[$0] }, classes: names))
        let model = try LogisticRegression().fit(subset)
        #expect(model.outputClasses == [0, 2])
        #expect(model.coefficients.columns == 1)
        let (predicted, probabilities) = try classes(try model.predict(data.features))
        #expect(probabilities.columns == 3)
        #expect((0..<150).allSatisfy { probabilities[$0, 1] == 0 })
        #expect(!predicted.contains(1))
        // Every setosa and every virginica is right.
        #expect(zip(predicted, labels).filter { $0 == $1 }.count == 100)
    }

    // MARK: Weights

    @Test("integer weights give the same model as repeated rows")
    func weightsEqualRepetition() throws {
        let data = try syntheticClasses(rows: 60, features: 3, classes: 3, seed: 2)
        let counts = (0..<60).map { 1 + $0 % 3 }
        var weighted = data
        weighted.weights = counts.map(Double.init)
        let repeatedRows = (0..<60).flatMap { i in [Int](repeating: i, count: counts[i]) }
        guard case .classification(let labels, let names) = data.target else { return }
        let repeated = TrainingData(
            features: data.features.rows(at: repeatedRows),
            target: .classification(labels: repeatedRows.map { labels[$0] }, classes: names))
        let a = try tight().fit(weighted)
        let b = try tight().fit(repeated)
        #expect(isClose(a.coefficients, b.coefficients, tolerance: 1e-7))
        #expect(isClose(a.intercepts, b.intercepts, tolerance: 1e-7))
    }

    @Test("balanced class weights equal explicit weights n / (k · count)")
    func balancedClassWeights() throws {
        let (data, _) = try exampleTrainingData("breast_cancer.csv")
        guard case .classification(let labels, _) = data.target else { return }
        let counts = data.target.classCounts  // 212 malignant, 357 benign
        var explicit = data
        explicit.weights = labels.map { 569.0 / (2 * Double(counts[$0])) }
        let balanced = try LogisticRegression(Settings(classWeight: .balanced)).fit(data)
        #expect(balanced == (try LogisticRegression().fit(explicit)))
        #expect(balanced != (try LogisticRegression().fit(data)))
    }

    // MARK: Refusals

    @Test("every hyperparameter rule refuses its violating value")
    func rulesRefuseViolations() throws {
        let family = try #require(LearnerCatalog.family(named: "logistic_regression"))
        #expect(LogisticRegression.rules.count == 4)
        for rule in LogisticRegression.rules {
            let error = #expect(throws: LearnerError.self) {
                _ = try family.learner([rule.name: .real(rule.violatingValue)])
            }
            guard case .invalidHyperparameter(_, let name, _, _)? = error else {
                Issue.record(
                    "\(rule.name): expected invalidHyperparameter, got \(String(describing: error))"
                )
                continue
            }
            #expect(name == rule.name)
        }
        #expect(throws: LearnerError.self) { _ = try family.learner(["penalty": "l3"]) }
        #expect(throws: LearnerError.self) { _ = try family.learner(["class_weight": "auto"]) }
        #expect(throws: LearnerError.self) { _ = try family.learner(["max_iter": 10]) }
    }

    @Test("the catalog decodes every setting from snake_case JSON, 'none' included")
    func catalogDecodesSettings() throws {
        let family = try #require(LearnerCatalog.family(named: "logistic_regression"))
        #expect(family.scalesFeatures)
        #expect(family.tasks == [.classification])
        let learner = try family.learner([
            "penalty": "none", "c": 2.5, "l1_ratio": 0.25, "maximum_iterations": 50,
            "tolerance": 1e-6,
            "class_weight": "balanced",
        ])
        #expect(learner.hyperparametersJSON.contains("\"penalty\":\"none\""))
        #expect(learner.hyperparametersJSON.contains("\"class_weight\":\"balanced\""))
        #expect(
            Settings()
                == Settings(
                    penalty: .l2, c: 1, l1Ratio: 0.5, maximumIterations: 100, tolerance: 1e-4))
    }

    @Test("fitting refuses invalid training data", arguments: InvalidTrainingCase.all)
    func refusesInvalidData(_ c: InvalidTrainingCase) {
        let error = #expect(throws: LearnerError.self) { _ = try LogisticRegression().fit(c.data) }
        guard case .invalidTrainingData(let learner, let reason)? = error else {
            Issue.record("expected invalidTrainingData, got \(String(describing: error))")
            return
        }
        #expect(learner == "logistic_regression")
        #expect(reason.contains(c.reasonFragment), "reason: \(reason)")
    }

    @Test("a regression target and a single class with weight are refused")
    func refusesWrongTargets() throws {
        let features = try Matrix([[1], [2], [3]])
        #expect(throws: LearnerError.self) {
            _ = try LogisticRegression().fit(
                TrainingData(features: features, target: .regression([1, 2, 3])))
        }
        let error = #expect(throws: LearnerError.self) {
            _ = try LogisticRegression().fit(
                TrainingData(
                    features: features,
                    target: .classification(labels: [0, 1, 1], classes: ["a", "b"]),
                    weights: [0, 1, 1]))
        }
        guard case .invalidTrainingData(_, let reason)? = error else { return }
        #expect(reason.contains("only one class ('b')"))
    }

    // MARK: Robustness and determinism

    @Test("separable data without a penalty stops at the iteration limit with finite weights")
    func separableWithoutPenalty() throws {
        let features = try Matrix([[-2], [-1], [1], [2]])
        let data = TrainingData(
            features: features, target: .classification(labels: [0, 0, 1, 1], classes: ["a", "b"]))
        let model = try LogisticRegression(Settings(penalty: .unpenalized)).fit(data)
        #expect(model.coefficients.storage.allSatisfy { $0.isFinite })
        #expect(model.coefficients[0, 0] > 5)
        let (labels, _) = try classes(try model.predict(features))
        #expect(labels == [0, 0, 1, 1])
    }

    @Test("the same data gives a bit-identical model whatever the seed")
    func deterministic() throws {
        let data = try syntheticClasses(rows: 200, features: 5, classes: 4, seed: 9)
        let a = try LogisticRegression().fit(data, seed: 1)
        let b = try LogisticRegression().fit(data, seed: 2)
        #expect(a == b)
    }

    @Test("a fitted model survives a JSON round trip with identical predictions")
    func jsonRoundTrip() throws {
        let (data, _) = try exampleTrainingData("iris.csv")
        let model = try LogisticRegression().fit(data)
        let decoded = try roundTripped(model)
        #expect(decoded == model)
        #expect(identical(try decoded.predict(data.features), try model.predict(data.features)))
        #expect(model.parameterBytes == (12 + 3) * 8)
    }
}

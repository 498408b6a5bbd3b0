import AutoMLData
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

@testable import AutoMLLearners

// The separable toy problem, worked by hand:
//   class "a" (label 0): (2, 0), (3, 1), (3, −1);   class "b" (label 1): (−2, 0), (−3, 1), (−3, −1).
//   The maximal-margin line is x₁ = 0 with w = (½, 0), b = 0: the nearest points (±2, 0) sit at
//   f = ±1, the others at f = ±3/2. w = Σ y_i α_i x_i over the two support vectors gives
//   4α = ½, so α = 1/8 for both (below C = 1, so the soft margin equals the hard one), and the
//   margin 2/‖w‖ is 4.

/// Six points in the plane, linearly separable by x₁ = 0.
private func toyProblem() throws -> TrainingData {
    TrainingData(
        features: try Matrix([[2, 0], [3, 1], [3, -1], [-2, 0], [-3, 1], [-3, -1]]),
        target: .classification(labels: [0, 0, 0, 1, 1, 1], classes: ["a", "b"]))
}

/// `n` rows of a two-class problem with overlapping classes (so some α reach C).
private func noisyBinary(rows: Int, seed: UInt64) throws -> TrainingData {
    let data = try SyntheticClassification(
        .init(
            rowCount: rows, featureCount: 5, informativeCount: 3, redundantCount: 1,
            labelNoise: 0.1, seed: seed)
    ).generate()
    return TrainingData(
        features: data.features,
        target: .classification(labels: data.target.map { Int($0) }, classes: ["0", "1"]))
}

private func labelsAndProbabilities(_ prediction: Prediction) throws -> ([Int], Matrix) {
    guard case .classes(let labels, let probabilities) = prediction else {
        throw LearnerError.unreadableModel(reason: "expected class predictions")
    }
    return (labels, probabilities)
}

@Suite struct SVMTests {
    // MARK: Known solutions

    @Test(
        "a separable toy problem gives the hand-computed support vectors, coefficients and margin")
    func separableToy() throws {
        let model = try SVM(.init(kernel: .linear)).fit(try toyProblem())
        #expect(model.supportVectorCounts == [1, 1])
        #expect(model.supportVectors == (try Matrix([[2, 0], [-2, 0]])))
        // libsvm's layout for two classes: one row, y_i α_i per support vector.
        #expect(isClose(model.dualCoefficients.storage, [0.125, -0.125], tolerance: 1e-9))
        #expect(isClose(model.intercepts[0], 0, tolerance: 1e-9))
        // w = Σ coefficient · sv, margin 2/‖w‖.
        var w = [0.0, 0.0]
        for s in 0..<model.supportVectors.rows {
            for c in 0..<2 { w[c] += model.dualCoefficients[0, s] * model.supportVectors[s, c] }
        }
        #expect(isClose(w, [0.5, 0], tolerance: 1e-9))
        #expect(isClose(2 / (w[0] * w[0] + w[1] * w[1]).squareRoot(), 4, tolerance: 1e-8))
        let decisions = model.decisionValues(try Matrix([[2, 0], [3, 1], [-2, 0], [0, 5]]))
        #expect(isClose(decisions.storage, [1, 1.5, -1, 0], tolerance: 1e-9))
        let (labels, probabilities) = try labelsAndProbabilities(
            try model.predict(try toyProblem().features))
        #expect(labels == [0, 0, 0, 1, 1, 1])
        for r in 0..<6 {
            #expect(isClose(probabilities[r, 0] + probabilities[r, 1], 1, tolerance: 1e-12))
        }
    }

    @Test("the SMO solution satisfies the KKT conditions within the tolerance on random data")
    func kktConditions() throws {
        let data = try noisyBinary(rows: 120, seed: 3)
        let c = 2.0
        let tolerance = 1e-3
        let model = try SVM(.init(c: c, tolerance: tolerance)).fit(data)
        guard case .classification(let labels, _) = data.target else { return }
        // α_i and y_i per training row (zero for rows that are not support vectors).
        var alpha = [Double](repeating: 0, count: labels.count)
        let decisions = model.decisionValues(data.features).storage
        for s in 0..<model.supportVectors.rows {
            let row = try #require(
                (0..<labels.count).first { data.features.row($0) == model.supportVectors.row(s) })
            alpha[row] = abs(model.dualCoefficients[0, s])
        }
        let y = labels.map { $0 == 0 ? 1.0 : -1.0 }  // class 0 is the positive side
        #expect(abs(zip(alpha, y).reduce(0) { $0 + $1.0 * $1.1 }) < 1e-9, "Σ y_i α_i = 0")
        #expect(alpha.allSatisfy { $0 >= 0 && $0 <= c + 1e-12 })
        #expect(alpha.contains { $0 > 0 && $0 < c }, "some free variables")
        #expect(alpha.contains { $0 == c }, "some bounded variables")
        // Float kernel rows (as libsvm) leave a little slack on top of the tolerance.
        let slack = tolerance + 1e-5
        for i in 0..<labels.count {
            let margin = y[i] * decisions[i]
            if alpha[i] == 0 {
                #expect(margin >= 1 - slack, "row \(i): α = 0 needs y f ≥ 1, got \(margin)")
            } else if alpha[i] == c {
                #expect(margin <= 1 + slack, "row \(i): α = C needs y f ≤ 1, got \(margin)")
            } else {
                #expect(abs(margin - 1) <= slack, "row \(i): free α needs y f = 1, got \(margin)")
            }
        }
    }

    @Test("the cache budget and shrinking change the work, not the solution")
    func cacheAndShrinkingAgree() throws {
        let data = try noisyBinary(rows: 150, seed: 5)
        let reference = try SVM().fit(data)
        // 0.001 MB holds only two rows, so rows are evicted and recomputed all the time.
        for h in [SVM.Hyperparameters(cacheSize: 0.001), SVM.Hyperparameters(shrinking: false)] {
            let model = try SVM(h).fit(data)
            #expect(model.supportVectorCounts == reference.supportVectorCounts)
            #expect(isClose(model.intercepts, reference.intercepts, tolerance: 1e-3))
            #expect(isClose(model.dualCoefficients, reference.dualCoefficients, tolerance: 1e-2))
            let (labels, _) = try labelsAndProbabilities(try model.predict(data.features))
            let (referenceLabels, _) = try labelsAndProbabilities(
                try reference.predict(data.features))
            #expect(labels == referenceLabels)
        }
    }

    @Test("every kernel fits iris well above chance", arguments: SVMKernel.allCases)
    func kernels(_ kernel: SVMKernel) throws {
        let (data, _) = try exampleTrainingData("iris.csv")
        let model = try SVM(.init(kernel: kernel)).fit(data)
        let (labels, probabilities) = try labelsAndProbabilities(try model.predict(data.features))
        guard case .classification(let truth, _) = data.target else { return }
        let accuracy = try Metric.accuracy.score(truth: truth, predicted: labels, classCount: 3)
        #expect(accuracy >= (kernel == .sigmoid ? 0.8 : 0.9), "\(kernel): \(accuracy)")
        for r in 0..<probabilities.rows {
            let sum = (0..<3).reduce(0.0) { $0 + probabilities[r, $1] }
            #expect(isClose(sum, 1, tolerance: 1e-9))
        }
    }

    // MARK: Scores on the examples

    @Test("5-fold CV accuracy on iris is at least 0.93")
    func irisAccuracy() throws {
        #expect(try crossValidatedScore("svm", on: "iris.csv") >= 0.93)
    }

    @Test("5-fold CV accuracy on breast_cancer is at least 0.95")
    func breastCancerAccuracy() throws {
        #expect(try crossValidatedScore("svm", on: "breast_cancer.csv") >= 0.95)
    }

    @Test("5-fold CV RMSE of ε-SVR on diabetes is at most 72 (scikit-learn's SVR: 70.6)")
    func diabetesRegression() throws {
        let rmse = try crossValidatedScore("svm", on: "diabetes.csv")
        #expect(rmse <= 72, "RMSE \(rmse)")
        #expect(rmse >= 60, "an SVR with C = 1 on raw targets underfits; RMSE \(rmse)")
    }

    @Test("probabilities from internal cross-validation are valid and follow the seed")
    func crossValidatedProbabilities() throws {
        let (data, _) = try exampleTrainingData("iris.csv")
        let learner = try SVM(.init(probabilityFolds: 3))
        let first = try learner.fit(data, seed: 11)
        #expect(
            try first.predict(data.features)
                == (try learner.fit(data, seed: 11).predict(data.features)))
        let (labels, probabilities) = try labelsAndProbabilities(try first.predict(data.features))
        let (defaultLabels, _) = try labelsAndProbabilities(
            try SVM().fit(data).predict(data.features))
        #expect(labels == defaultLabels, "labels are the votes, whatever the sigmoids")
        for r in 0..<probabilities.rows {
            #expect(isClose((0..<3).reduce(0.0) { $0 + probabilities[r, $1] }, 1, tolerance: 1e-9))
        }
    }

    // MARK: Weights, limits, settings

    @Test("weights of 2 everywhere give the model of C = 2; zero weights drop rows")
    func sampleWeights() throws {
        let data = try noisyBinary(rows: 80, seed: 9)
        var doubled = data
        doubled.weights = [Double](repeating: 2, count: 80)
        #expect(try SVM().fit(doubled) == (try SVM(.init(c: 2)).fit(data)))
        var dropped = data
        dropped.weights = (0..<80).map { $0 < 60 ? 1 : 0 }
        let subset = TrainingData(
            features: data.features.rows(at: Array(0..<60)),
            target: data.target.rows(at: Array(0..<60)))
        // γ = scale would see all 80 rows in one case and 60 in the other (as in scikit-learn).
        let fixedGamma = try SVM(.init(gamma: .value(0.2)))
        #expect(try fixedGamma.fit(dropped) == (try fixedGamma.fit(subset)))
    }

    @Test("a model stopped by max_iterations says so and still predicts")
    func iterationLimit() throws {
        let data = try noisyBinary(rows: 80, seed: 2)
        let limited = try SVM(.init(maxIterations: 3)).fit(data)
        #expect(limited.reachedIterationLimit)
        #expect(limited.iterations == [3])
        _ = try limited.predict(data.features)
        #expect(try SVM().fit(data).reachedIterationLimit == false)
    }

    @Test("gamma reads \"scale\", \"auto\" or a number; scale is 1/(d·Var X)")
    func gammaSettings() throws {
        let svm = try #require(LearnerCatalog.family(named: "svm"))
        _ = try svm.learner(["gamma": "auto"])
        _ = try svm.learner(["gamma": 0.25])
        // Mean 1, variance 1 over all entries.
        let data = TrainingData(
            features: try Matrix([[0, 2], [2, 0], [0, 0], [2, 2]]),
            target: .classification(labels: [0, 0, 1, 1], classes: ["a", "b"]))
        #expect(try SVM().fit(data).gamma == 0.5)
        #expect(try SVM(.init(gamma: .auto)).fit(data).gamma == 0.5)
        #expect(try SVM(.init(gamma: .value(3))).fit(data).gamma == 3)
        let json = try HyperparameterCoding.encoder().encode(SVM.Hyperparameters())
        #expect(String(decoding: json, as: UTF8.self).contains("\"gamma\":\"scale\""))
    }

    // MARK: Refusals

    @Test("each rule refuses a value derived from it", arguments: SVM.rules)
    func refusesRuleViolations(_ rule: HyperparameterRule) throws {
        let svm = try #require(LearnerCatalog.family(named: "svm"))
        let error = #expect(throws: LearnerError.self) {
            _ = try svm.learner([rule.name: .real(rule.violatingValue)])
        }
        guard case .invalidHyperparameter(let learner, let name, _, _)? = error else {
            Issue.record("expected invalidHyperparameter, got \(String(describing: error))")
            return
        }
        #expect(learner == "svm")
        #expect(name == rule.name)
    }

    @Test("gamma ≤ 0, an unknown gamma word and probability_folds = 1 are refused")
    func refusesOtherSettings() throws {
        #expect(throws: LearnerError.self) { _ = try SVM(.init(gamma: .value(0))) }
        #expect(throws: LearnerError.self) { _ = try SVM(.init(gamma: .value(-.infinity))) }
        #expect(throws: LearnerError.self) { _ = try SVM(.init(probabilityFolds: 1)) }
        let svm = try #require(LearnerCatalog.family(named: "svm"))
        #expect(throws: LearnerError.self) { _ = try svm.learner(["gamma": "wide"]) }
        #expect(throws: LearnerError.self) { _ = try svm.learner(["kernel": "precomputed"]) }
    }

    @Test("fitting refuses invalid training data", arguments: InvalidTrainingCase.all)
    func refusesInvalidData(_ c: InvalidTrainingCase) {
        let error = #expect(throws: LearnerError.self) { _ = try SVM().fit(c.data) }
        guard case .invalidTrainingData(let learner, let reason)? = error else {
            Issue.record("expected invalidTrainingData, got \(String(describing: error))")
            return
        }
        #expect(learner == "svm")
        #expect(reason.contains(c.reasonFragment), "reason: \(reason)")
    }

    @Test("a second class of zero weight leaves one class and is refused")
    func refusesSingleWeightedClass() throws {
        var data = try toyProblem()
        data.weights = [1, 1, 1, 0, 0, 0]
        #expect(
            throws: LearnerError.invalidTrainingData(
                learner: "svm", reason: "only one class has rows of positive weight")
        ) { _ = try SVM().fit(data) }
    }

    // MARK: Models

    @Test("a class missing from the training rows gets probability 0 and is never predicted")
    func absentClass() throws {
        let data = TrainingData(
            features: try toyProblem().features,
            target: .classification(labels: [0, 0, 0, 2, 2, 2], classes: ["a", "b", "c"]))
        let model = try SVM(.init(kernel: .linear)).fit(data)
        #expect(model.trainedClasses == [0, 2])
        let (labels, probabilities) = try labelsAndProbabilities(try model.predict(data.features))
        #expect(labels == [0, 0, 0, 2, 2, 2])
        #expect((0..<6).allSatisfy { probabilities[$0, 1] == 0 })
    }

    @Test("classifier and regressor survive a JSON round trip with identical predictions")
    func jsonRoundTrip() throws {
        let (iris, _) = try exampleTrainingData("iris.csv")
        let classifier = try SVM().fit(iris)
        let decodedClassifier = try roundTripped(classifier)
        #expect(decodedClassifier == classifier)
        #expect(
            identical(
                try decodedClassifier.predict(iris.features), try classifier.predict(iris.features))
        )
        let (diabetes, _) = try exampleTrainingData("diabetes.csv")
        let regressor = try SVM().fit(diabetes)
        #expect(
            identical(
                try roundTripped(regressor).predict(diabetes.features),
                try regressor.predict(diabetes.features)))
        #expect(ModelRegistry.modelType(named: "svm") is SVMModel.Type)
        #expect(classifier.parameterBytes > classifier.supportVectors.storage.count * 8)
    }

    @Test("a model file of a newer version or with mismatched parts is refused")
    func refusesBadModelFiles() throws {
        let model = try SVM().fit(try toyProblem())
        var object = try #require(
            try JSONSerialization.jsonObject(with: try JSONEncoder().encode(model))
                as? [String: Any])
        object["version"] = 2
        #expect(throws: LearnerError.unsupportedVersion(found: 2, supported: 1)) {
            _ = try JSONDecoder().decode(
                SVMModel.self, from: try JSONSerialization.data(withJSONObject: object))
        }
        object["version"] = 1
        object["supportVectorCounts"] = [5, 5]
        #expect(throws: LearnerError.self) {
            _ = try JSONDecoder().decode(
                SVMModel.self, from: try JSONSerialization.data(withJSONObject: object))
        }
    }

    @Test("the same seed gives bit-identical predictions")
    func sameSeedSameModel() throws {
        let (data, _) = try exampleTrainingData("wine.csv")
        let learner = try SVM(.init(probabilityFolds: 2))
        #expect(
            identical(
                try learner.fit(data, seed: 4).predict(data.features),
                try learner.fit(data, seed: 4).predict(data.features)))
    }

    @Test("single-row predictions equal the rows of a batch prediction")
    func rowByRow() throws {
        let (data, _) = try exampleTrainingData("wine.csv")
        let model = try SVM().fit(data)
        let (labels, probabilities) = try labelsAndProbabilities(try model.predict(data.features))
        for r in stride(from: 0, to: data.features.rows, by: 17) {
            let (rowLabels, rowProbabilities) = try labelsAndProbabilities(
                try model.predict(data.features.rows(at: [r])))
            #expect(rowLabels == [labels[r]])
            #expect(isClose(rowProbabilities.storage, probabilities.row(r), tolerance: 1e-12))
        }
    }

    @Test("predicting with the wrong width throws featureCountMismatch")
    func wrongWidth() throws {
        let model = try SVM().fit(try toyProblem())
        #expect(throws: LearnerError.featureCountMismatch(learner: "svm", expected: 2, got: 3)) {
            _ = try model.predict(Matrix(rows: 1, columns: 3))
        }
    }
}

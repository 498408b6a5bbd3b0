import AutoMLData
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

@testable import AutoMLLearners

// The separable toy problem (as in SVMTests): class "a" at (2, 0), (3, 1), (3, −1), class "b"
// mirrored through the origin. Without an intercept the maximal-margin weights are w = (½, 0),
// held up by (±2, 0) with α = 1/8 each; with the hinge loss and C = 10 > 1/8 the soft-margin
// solution is that hard-margin one. For the binary machine the second class is positive, so
// scikit-learn's LinearSVC gives coef_ = (−½, 0).

private func toyProblem() throws -> TrainingData {
    TrainingData(
        features: try Matrix([[2, 0], [3, 1], [3, -1], [-2, 0], [-3, 1], [-3, -1]]),
        target: .classification(labels: [0, 0, 0, 1, 1, 1], classes: ["a", "b"]))
}

private func labels(_ prediction: Prediction) throws -> [Int] {
    guard case .classes(let labels, _) = prediction else {
        throw LearnerError.unreadableModel(reason: "expected class predictions")
    }
    return labels
}

@Suite struct LinearSVMTests {
    // MARK: Known solutions

    @Test(
        "the hinge loss on a separable toy problem gives the maximal-margin weights",
        arguments: [true, false])
    func separableToy(dual: Bool) throws {
        // The primal solver takes squared losses only: check it on the squared hinge with a
        // large C, where the solution approaches the hard margin as 1/C.
        let h =
            dual
            ? LinearSVM.Hyperparameters(c: 10, loss: .hinge, tolerance: 1e-8, fitIntercept: false)
            : LinearSVM.Hyperparameters(
                c: 1e4, loss: .squaredHinge, tolerance: 1e-10, fitIntercept: false, dual: false)
        let model = try LinearSVM(h).fit(try toyProblem())
        #expect(isClose(model.weights.storage, [-0.5, 0], tolerance: dual ? 1e-6 : 1e-3))
        #expect(model.intercepts == [0])
        #expect(try labels(try model.predict(try toyProblem().features)) == [0, 0, 0, 1, 1, 1])
    }

    @Test("dual coordinate descent and the primal Newton method reach the same weights")
    func dualAndPrimalAgree() throws {
        let (data, _) = try exampleTrainingData("breast_cancer.csv")
        let dual = try LinearSVM(.init(tolerance: 1e-6, maxIterations: 20_000, dual: true)).fit(
            data)
        let primal = try LinearSVM(.init(tolerance: 1e-8, dual: false)).fit(data)
        #expect(!dual.reachedIterationLimit && !primal.reachedIterationLimit)
        #expect(
            isClose(dual.weights, primal.weights, tolerance: 1e-3),
            "\(maximumDifference(dual.weights, primal.weights))")
        #expect(isClose(dual.intercepts, primal.intercepts, tolerance: 1e-3))
    }

    @Test("the primal solution has a vanishing gradient of ½‖w‖² + C Σ max(0, 1 − y wᵀx)²")
    func primalOptimality() throws {
        let (data, _) = try exampleTrainingData("wine.csv")
        let c = 0.5
        let model = try LinearSVM(.init(c: c, tolerance: 1e-10, dual: false)).fit(data)
        guard case .classification(let truth, _) = data.target else { return }
        let d = data.features.columns
        // One-vs-rest machine for class 1; the bias enters as a feature of value 1.
        let machine = 1
        var gradient = model.weights.row(machine) + [model.intercepts[machine]]
        for r in 0..<data.features.rows {
            let y = truth[r] == machine ? 1.0 : -1.0
            var f = model.intercepts[machine]
            for k in 0..<d { f += model.weights[machine, k] * data.features[r, k] }
            let violation = 1 - y * f
            guard violation > 0 else { continue }
            for k in 0..<d { gradient[k] -= 2 * c * violation * y * data.features[r, k] }
            gradient[d] -= 2 * c * violation * y
        }
        let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(norm < 1e-6, "‖∇f‖ = \(norm)")
    }

    // MARK: Scores on the examples

    @Test("5-fold CV accuracy on iris is at least 0.93")
    func irisAccuracy() throws {
        #expect(try crossValidatedScore("linear_svm", on: "iris.csv") >= 0.93)
    }

    @Test("5-fold CV accuracy on breast_cancer is at least 0.95")
    func breastCancerAccuracy() throws {
        #expect(try crossValidatedScore("linear_svm", on: "breast_cancer.csv") >= 0.95)
    }

    @Test("5-fold CV RMSE of LinearSVR on diabetes is at most 65 (scikit-learn: 63.0)")
    func diabetesRegression() throws {
        let rmse = try crossValidatedScore("linear_svm", on: "diabetes.csv")
        #expect(rmse <= 65, "RMSE \(rmse)")
    }

    @Test("squared ε-insensitive regression runs in the primal and fits diabetes as well")
    func squaredRegression() throws {
        let rmse = try crossValidatedScore(
            "linear_svm", on: "diabetes.csv", overrides: ["loss": "squared_epsilon_insensitive"])
        #expect(rmse <= 60, "RMSE \(rmse)")
    }

    // MARK: Probabilities and weights

    @Test("probabilities are valid; labels are the argmax of the decision values")
    func probabilities() throws {
        let (data, _) = try exampleTrainingData("iris.csv")
        let model = try LinearSVM().fit(data)
        guard case .classes(let labels, let probabilities) = try model.predict(data.features) else {
            return
        }
        let decisions = model.decisionValues(data.features)
        for r in 0..<data.features.rows {
            let sum = (0..<3).reduce(0.0) { $0 + probabilities[r, $1] }
            #expect(isClose(sum, 1, tolerance: 1e-12))
            let best = (0..<3).max { decisions[r, $0] < decisions[r, $1] } ?? 0
            #expect(labels[r] == best)
        }
    }

    @Test("weights of 3 everywhere give the model of C = 3")
    func sampleWeights() throws {
        let (data, _) = try exampleTrainingData("wine.csv")
        var weighted = data
        weighted.weights = [Double](repeating: 3, count: data.features.rows)
        #expect(try LinearSVM().fit(weighted) == (try LinearSVM(.init(c: 3)).fit(data)))
        #expect(
            try LinearSVM(.init(dual: true)).fit(weighted, seed: 1)
                == (try LinearSVM(.init(c: 3, dual: true)).fit(data, seed: 1)))
    }

    @Test("a model stopped by max_iterations says so")
    func iterationLimit() throws {
        let (data, _) = try exampleTrainingData("breast_cancer.csv")
        let model = try LinearSVM(.init(maxIterations: 2, dual: true)).fit(data)
        #expect(model.reachedIterationLimit)
        #expect(model.iterations == [2])
    }

    // MARK: Refusals

    @Test("each rule refuses a value derived from it", arguments: LinearSVM.rules)
    func refusesRuleViolations(_ rule: HyperparameterRule) throws {
        let family = try #require(LearnerCatalog.family(named: "linear_svm"))
        let error = #expect(throws: LearnerError.self) {
            _ = try family.learner([rule.name: .real(rule.violatingValue)])
        }
        guard case .invalidHyperparameter(let learner, let name, _, _)? = error else {
            Issue.record("expected invalidHyperparameter, got \(String(describing: error))")
            return
        }
        #expect(learner == "linear_svm")
        #expect(name == rule.name)
    }

    @Test("a loss of the other task, or the primal with a non-squared loss, is refused at fit")
    func refusesLossMismatch() throws {
        let (iris, _) = try exampleTrainingData("iris.csv")
        let (diabetes, _) = try exampleTrainingData("diabetes.csv")
        for (h, data) in [
            (LinearSVM.Hyperparameters(loss: .epsilonInsensitive), iris),
            (LinearSVM.Hyperparameters(loss: .squaredHinge), diabetes),
            (LinearSVM.Hyperparameters(loss: .hinge, dual: false), iris),
            (LinearSVM.Hyperparameters(dual: false), diabetes),
        ] {
            let error = #expect(throws: LearnerError.self) { _ = try LinearSVM(h).fit(data) }
            guard case .invalidHyperparameter(_, let name, _, _)? = error else {
                Issue.record("expected invalidHyperparameter, got \(String(describing: error))")
                continue
            }
            #expect(name == "loss" || name == "dual")
        }
    }

    @Test("fitting refuses invalid training data", arguments: InvalidTrainingCase.all)
    func refusesInvalidData(_ c: InvalidTrainingCase) {
        let error = #expect(throws: LearnerError.self) { _ = try LinearSVM().fit(c.data) }
        guard case .invalidTrainingData(let learner, let reason)? = error else {
            Issue.record("expected invalidTrainingData, got \(String(describing: error))")
            return
        }
        #expect(learner == "linear_svm")
        #expect(reason.contains(c.reasonFragment), "reason: \(reason)")
    }

    @Test("no feature columns and no intercept is refused")
    func refusesEmptyFeatures() throws {
        let data = TrainingData(
            features: Matrix(rows: 3, columns: 0), target: .regression([1, 2, 3]))
        #expect(throws: LearnerError.self) {
            _ = try LinearSVM(.init(fitIntercept: false)).fit(data)
        }
    }

    // MARK: Models

    @Test("classifier and regressor survive a JSON round trip with identical predictions")
    func jsonRoundTrip() throws {
        let (iris, _) = try exampleTrainingData("iris.csv")
        let classifier = try LinearSVM().fit(iris)
        #expect(try roundTripped(classifier) == classifier)
        #expect(
            identical(
                try roundTripped(classifier).predict(iris.features),
                try classifier.predict(iris.features)))
        let (diabetes, _) = try exampleTrainingData("diabetes.csv")
        let regressor = try LinearSVM().fit(diabetes)
        #expect(
            identical(
                try roundTripped(regressor).predict(diabetes.features),
                try regressor.predict(diabetes.features)))
        #expect(ModelRegistry.modelType(named: "linear_svm") is LinearSVMModel.Type)
        #expect(regressor.parameterBytes == 11 * 8)
    }

    @Test("the same seed gives bit-identical models; the dual's coordinate order follows the seed")
    func sameSeedSameModel() throws {
        let (data, _) = try exampleTrainingData("wine.csv")
        let learner = try LinearSVM(.init(dual: true))
        #expect(try learner.fit(data, seed: 8) == (try learner.fit(data, seed: 8)))
        #expect(
            identical(
                try learner.fit(data, seed: 8).predict(data.features),
                try learner.fit(data, seed: 8).predict(data.features)))
    }
}

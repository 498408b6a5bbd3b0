import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// Hand-computed first round (x = 1…10, labels 0 0 0 0 0 1 1 1 0 1, equal weights 1/10):
//   The Gini-best stump splits at 5.5 (weighted Gini 0.16; the next best, 8.5, gives 0.475)
//   and misclassifies only x = 9, so err = 0.1 and the SAMME weight with K = 2 is
//   log((1 − 0.1)/0.1) + log(1) = log 9. With that one tree, a row it assigns to class 1 scores
//   +1 for class 1 and −1 for class 0, d = 2, and predict_proba = softmax(−1, 1) = (1, e²)/(1 + e²).

@Suite struct AdaBoostTests {
    private static let x: [Double] = (1...10).map(Double.init)
    private static let labels = [0, 0, 0, 0, 0, 1, 1, 1, 0, 1]

    @Test(
        "defaults are scikit-learn's: 50 trees, learning rate 1, linear loss, stumps / depth-3 trees"
    )
    func defaults() {
        let h = AdaBoost.Hyperparameters()
        #expect(h.treeCount == 50 && h.learningRate == 1 && h.loss == .linear && h.maxDepth == nil)
        #expect(AdaBoost.familyName == "adaboost")
    }

    @Test("the first SAMME tree gets weight log 9 and one-tree probabilities (1, e²)/(1 + e²)")
    func firstRound() throws {
        let data = classes(try column(Self.x), Self.labels)
        let model = try AdaBoost(.init(treeCount: 1)).fit(data)
        #expect(model.treeCount == 1)
        #expect(isClose(model.treeWeights[0], log(9), tolerance: 1e-12))
        let rows = probabilityRows(try model.predict(try column([1, 10])))
        let e2 = exp(2.0)
        #expect(isClose(rows[0], [e2 / (1 + e2), 1 / (1 + e2)], tolerance: 1e-12))
        #expect(isClose(rows[1], [1 / (1 + e2), e2 / (1 + e2)], tolerance: 1e-12))
        // The second round reweights x = 9 to 9/18 of the mass, so boosting goes on.
        #expect(try AdaBoost(.init(treeCount: 5)).fit(data).treeCount > 1)
    }

    @Test("boosting stops after a perfect tree, which gets weight 1")
    func stopsWhenPerfect() throws {
        let separable = classes(try column(Self.x), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
        let model = try AdaBoost().fit(separable)
        #expect(model.treeCount == 1 && model.treeWeights == [1])
        // Two feature values, so any bootstrap sample holding both splits at 1.5 and fits exactly.
        let step = TrainingData(
            features: try column([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]),
            target: .regression([3, 3, 3, 3, 3, 7, 7, 7, 7, 7]))
        let regression = try AdaBoost().fit(step)
        #expect(regression.treeCount == 1 && regression.treeWeights == [1])
        #expect(predictedValues(try regression.predict(try column([0, 20]))) == [3, 7])
    }

    @Test("a first tree no better than chance is refused")
    func refusesChance() throws {
        let constant = classes(try column([1, 1, 1, 1]), [0, 1, 0, 1])
        let error = #expect(throws: LearnerError.self) { _ = try AdaBoost().fit(constant) }
        guard case .invalidTrainingData(_, let reason)? = error else {
            Issue.record("expected invalidTrainingData, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("no better than chance"))
    }

    @Test(
        "CV accuracy matches scikit-learn 1.9.1 on the same folds exactly (SAMME has no randomness here)"
    )
    func matchesScikitLearn() throws {
        // AdaBoostClassifier(random_state=0) on CrossValidation.folds(seed: 0): iris 142/150,
        // breast_cancer 554/569 (fold accuracies averaged).
        #expect(
            isClose(
                try crossValidatedScore("adaboost", on: "iris.csv"), 142.0 / 150, tolerance: 1e-12))
        #expect(try crossValidatedScore("adaboost", on: "breast_cancer.csv") >= 0.97)
    }

    @Test("AdaBoost.R2 on diabetes: 5-fold RMSE ≤ 61 for each loss")
    func regression() throws {
        // scikit-learn 1.9.1 on the same folds, 10 seeds: 57.7 (linear loss).
        for loss in ["linear", "square", "exponential"] {
            let rmse = try crossValidatedScore(
                "adaboost", on: "diabetes.csv",
                overrides: ["loss": .string(loss), "tree_count": 20])
            #expect(rmse <= 61, "\(loss): \(rmse)")
        }
    }

    @Test("the regression prediction is one of the trees' predictions (a weighted median)")
    func weightedMedian() throws {
        let data = try rawExample("diabetes.csv")
        let model = try AdaBoost(.init(treeCount: 9)).fit(data, seed: 2)
        let values = predictedValues(try model.predict(data.features))
        #expect(values.count == 442 && values.allSatisfy(\.isFinite))
        // Every prediction is some tree's leaf value: at most 9 trees × 8 leaves distinct values.
        #expect(Set(values).count <= 8 * model.treeCount)
    }

    @Test("the same seed gives the same model; another seed a different regression model")
    func seeded() throws {
        let data = try rawExample("diabetes.csv")
        let learner = try AdaBoost(.init(treeCount: 10))
        let base = try learner.fit(data, seed: 1)
        #expect(try learner.fit(data, seed: 1) == base)
        #expect(try learner.fit(data, seed: 2) != base)
    }

    @Test("JSON round trips give identical predictions")
    func roundTrip() throws {
        for name in ["wine.csv", "diabetes.csv"] {
            let data = try rawExample(name)
            let model = try AdaBoost(.init(treeCount: 10)).fit(data)
            let restored = try roundTripped(model)
            #expect(restored == model)
            #expect(
                identical(try restored.predict(data.features), try model.predict(data.features)))
        }
        #expect(
            rowsSumToOne(
                try AdaBoost(.init(treeCount: 10)).fit(try rawExample("iris.csv")).predict(
                    try rawExample("iris.csv").features)))
        #expect(ModelRegistry.modelType(named: "adaboost") is AdaBoostModel.Type)
    }

    @Test("a class missing from the training rows gets probability 0")
    func absentClass() throws {
        let data = classes(try column(Self.x), Self.labels.map { $0 * 2 }, classCount: 3)
        let prediction = try AdaBoost(.init(treeCount: 3)).fit(data).predict(try column([1, 10]))
        #expect(rowsSumToOne(prediction))
        #expect(probabilityRows(prediction).allSatisfy { $0[1] == 0 })
    }

    @Test("every rule refuses its violating value")
    func refusesHyperparameters() throws {
        #expect(AdaBoost.rules.count == 3)
        try expectRulesRefused("adaboost", rules: AdaBoost.rules)
        let family = try #require(LearnerCatalog.family(named: "adaboost"))
        #expect(throws: LearnerError.self) { _ = try family.learner(["loss": "huber"]) }
        #expect(throws: LearnerError.self) { _ = try family.learner(["n_estimators": 10]) }
    }

    @Test("fitting refuses invalid training data", arguments: InvalidTrainingCase.all)
    func refusesInvalidData(_ c: InvalidTrainingCase) {
        let error = #expect(throws: LearnerError.self) {
            _ = try AdaBoost(.init(treeCount: 3)).fit(c.data)
        }
        guard case .invalidTrainingData(let learner, let reason)? = error else {
            Issue.record("expected invalidTrainingData, got \(String(describing: error))")
            return
        }
        #expect(learner == "adaboost")
        #expect(reason.contains(c.reasonFragment), "reason: \(reason)")
    }
}

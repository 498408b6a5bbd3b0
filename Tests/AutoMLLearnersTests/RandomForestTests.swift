import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct RandomForestTests {
    private static var small: [String: HyperparameterValue] { ["tree_count": 20] }

    @Test("defaults are scikit-learn's: 100 trees, bootstrap, no out-of-bag score, one thread")
    func defaults() {
        let h = RandomForest.Hyperparameters()
        #expect(h.treeCount == 100 && h.bootstrap && !h.oobScore && h.jobs == 1)
        #expect(
            h.maxFeatures == nil && h.maxDepth == nil && h.maxSamples == nil && h.criterion == nil)
        #expect(h.minSamplesSplit == 2 && h.minSamplesLeaf == 1 && h.minImpurityDecrease == 0)
        #expect(RandomForest.familyName == "random_forest")
    }

    @Test("5-fold CV with 20 trees: iris ≥ 0.93, breast_cancer ≥ 0.94, diabetes RMSE ≤ 62")
    func crossValidated() throws {
        // scikit-learn 1.9.1 (100 trees) on the same folds, 5 seeds: 0.956, 0.960, RMSE 58.7.
        #expect(
            try crossValidatedScore("random_forest", on: "iris.csv", overrides: Self.small) >= 0.93)
        #expect(
            try crossValidatedScore("random_forest", on: "breast_cancer.csv", overrides: Self.small)
                >= 0.94)
        #expect(
            try crossValidatedScore("random_forest", on: "diabetes.csv", overrides: Self.small)
                <= 62)
    }

    @Test("the model is the same for 1 and 2 threads and for the same seed")
    func threadCountIndependent() throws {
        for name in ["wine.csv", "diabetes.csv"] {
            let data = try rawExample(name)
            let one = try RandomForest(.init(treeCount: 12, jobs: 1)).fit(data, seed: 4)
            let two = try RandomForest(.init(treeCount: 12, jobs: 2)).fit(data, seed: 4)
            #expect(one == two, "\(name)")
            #expect(identical(try one.predict(data.features), try two.predict(data.features)))
            #expect(try RandomForest(.init(treeCount: 12, jobs: 3)).fit(data, seed: 4) == one)
            #expect(try RandomForest(.init(treeCount: 12)).fit(data, seed: 5) != one)
        }
    }

    @Test("the out-of-bag score is close to the cross-validated score")
    func outOfBag() throws {
        let data = try rawExample("breast_cancer.csv")
        let model = try RandomForest(.init(treeCount: 20, oobScore: true)).fit(data)
        let oob = try #require(model.outOfBagScore)
        let cv = try crossValidatedScore(
            "random_forest", on: "breast_cancer.csv", overrides: ["tree_count": 20])
        #expect(abs(oob - cv) < 0.02, "OOB \(oob), CV \(cv)")
        let regression = try RandomForest(.init(treeCount: 20, oobScore: true)).fit(
            try rawExample("diabetes.csv"))
        let r2 = try #require(regression.outOfBagScore)
        #expect(r2 > 0.3 && r2 < 0.55, "OOB R² \(r2); CV R² of scikit-learn's forest is 0.42")
        #expect(try RandomForest(.init(treeCount: 5)).fit(data).outOfBagScore == nil)
    }

    @Test("probabilities are the mean of the trees' leaf distributions; rows sum to 1")
    func probabilities() throws {
        let data = try rawExample("iris.csv")
        let model = try RandomForest(.init(treeCount: 7)).fit(data)
        let prediction = try model.predict(data.features)
        #expect(rowsSumToOne(prediction))
        // Fully grown trees on distinct rows give pure leaves: each probability is a multiple of 1/7.
        for row in probabilityRows(prediction) {
            for p in row { #expect(abs(p * 7 - (p * 7).rounded()) < 1e-9) }
        }
        #expect(model.treeCount == 7)
    }

    @Test("max_samples draws smaller bootstrap samples, which give smaller trees")
    func maxSamples() throws {
        let data = try rawExample("breast_cancer.csv")
        let full = try RandomForest(.init(treeCount: 5)).fit(data)
        let half = try RandomForest(.init(treeCount: 5, maxSamples: 0.3)).fit(data)
        #expect(half.nodeCount < full.nodeCount)
    }

    @Test("JSON round trips give identical predictions; the model reports its size")
    func roundTrip() throws {
        for name in ["wine.csv", "diabetes.csv"] {
            let data = try rawExample(name)
            let model = try RandomForest(.init(treeCount: 5, oobScore: true)).fit(data)
            let restored = try roundTripped(model)
            #expect(restored == model)
            #expect(
                identical(try restored.predict(data.features), try model.predict(data.features)))
            #expect(model.parameterBytes >= model.nodeCount * 12)
        }
        #expect(ModelRegistry.modelType(named: "random_forest") is RandomForestModel.Type)
    }

    @Test("every rule refuses its violating value; oob_score and max_samples need bootstrap")
    func refusesHyperparameters() throws {
        #expect(RandomForest.rules.count == 7)
        try expectRulesRefused("random_forest", rules: RandomForest.rules)
        let family = try #require(LearnerCatalog.family(named: "random_forest"))
        #expect(throws: LearnerError.self) {
            _ = try family.learner(["bootstrap": false, "oob_score": true])
        }
        #expect(throws: LearnerError.self) {
            _ = try family.learner(["bootstrap": false, "max_samples": 0.5])
        }
        #expect(throws: LearnerError.self) { _ = try family.learner(["max_features": 2]) }
        #expect(throws: Never.self) {
            _ = try family.learner(["max_features": "log2", "max_samples": 0.5])
        }
    }

    @Test("fitting refuses invalid training data", arguments: InvalidTrainingCase.all)
    func refusesInvalidData(_ c: InvalidTrainingCase) {
        let error = #expect(throws: LearnerError.self) {
            _ = try RandomForest(.init(treeCount: 3)).fit(c.data)
        }
        guard case .invalidTrainingData(let learner, let reason)? = error else {
            Issue.record("expected invalidTrainingData, got \(String(describing: error))")
            return
        }
        #expect(learner == "random_forest")
        #expect(reason.contains(c.reasonFragment), "reason: \(reason)")
    }
}

import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct ExtraTreesTests {
    private static var small: [String: HyperparameterValue] { ["tree_count": 20] }

    @Test("defaults are scikit-learn's: 100 trees on the whole set (no bootstrap)")
    func defaults() {
        let h = ExtraTrees.Hyperparameters()
        #expect(
            h.treeCount == 100 && !h.bootstrap && !h.oobScore && h.jobs == 1 && h.maxFeatures == nil
        )
        #expect(ExtraTrees.familyName == "extra_trees")
    }

    @Test("5-fold CV with 20 trees: iris ≥ 0.93, breast_cancer ≥ 0.95, diabetes RMSE ≤ 61")
    func crossValidated() throws {
        // scikit-learn 1.9.1 (100 trees) on the same folds, 5 seeds: 0.959, 0.965, RMSE 57.6.
        #expect(
            try crossValidatedScore("extra_trees", on: "iris.csv", overrides: Self.small) >= 0.93)
        #expect(
            try crossValidatedScore("extra_trees", on: "breast_cancer.csv", overrides: Self.small)
                >= 0.95)
        #expect(
            try crossValidatedScore("extra_trees", on: "diabetes.csv", overrides: Self.small) <= 61)
    }

    @Test("the model is the same for 1 and 2 threads and for the same seed")
    func threadCountIndependent() throws {
        for name in ["breast_cancer.csv", "diabetes.csv"] {
            let data = try rawExample(name)
            let one = try ExtraTrees(.init(treeCount: 12)).fit(data, seed: 9)
            let two = try ExtraTrees(.init(treeCount: 12, jobs: 2)).fit(data, seed: 9)
            #expect(one == two, "\(name)")
            #expect(identical(try one.predict(data.features), try two.predict(data.features)))
            #expect(try ExtraTrees(.init(treeCount: 12)).fit(data, seed: 10) != one)
        }
    }

    @Test("without bootstrap every tree fits the distinct training rows exactly")
    func fitsTrainingRows() throws {
        let data = try rawExample("diabetes.csv")
        let model = try ExtraTrees(.init(treeCount: 4)).fit(data)
        guard case .regression(let truth) = data.target else { return }
        #expect(isClose(predictedValues(try model.predict(data.features)), truth, tolerance: 1e-9))
    }

    @Test("with bootstrap the out-of-bag score is close to the cross-validated score")
    func outOfBag() throws {
        let data = try rawExample("breast_cancer.csv")
        let model = try ExtraTrees(.init(treeCount: 20, bootstrap: true, oobScore: true)).fit(data)
        let oob = try #require(model.outOfBagScore)
        let cv = try crossValidatedScore(
            "extra_trees", on: "breast_cancer.csv",
            overrides: ["tree_count": 20, "bootstrap": true])
        #expect(abs(oob - cv) < 0.02, "OOB \(oob), CV \(cv)")
    }

    @Test("JSON round trips give identical predictions")
    func roundTrip() throws {
        for name in ["iris.csv", "diabetes.csv"] {
            let data = try rawExample(name)
            let model = try ExtraTrees(.init(treeCount: 5)).fit(data)
            let restored = try roundTripped(model)
            #expect(restored == model)
            #expect(
                identical(try restored.predict(data.features), try model.predict(data.features)))
            #expect(rowsSumToOne(try model.predict(data.features)))
        }
        #expect(ModelRegistry.modelType(named: "extra_trees") is ExtraTreesModel.Type)
    }

    @Test("every rule refuses its violating value; oob_score needs bootstrap")
    func refusesHyperparameters() throws {
        try expectRulesRefused("extra_trees", rules: ExtraTrees.rules)
        let family = try #require(LearnerCatalog.family(named: "extra_trees"))
        #expect(throws: LearnerError.self) { _ = try family.learner(["oob_score": true]) }
        #expect(throws: Never.self) {
            _ = try family.learner(["oob_score": true, "bootstrap": true])
        }
    }

    @Test("fitting refuses invalid training data", arguments: InvalidTrainingCase.all)
    func refusesInvalidData(_ c: InvalidTrainingCase) {
        let error = #expect(throws: LearnerError.self) {
            _ = try ExtraTrees(.init(treeCount: 3)).fit(c.data)
        }
        guard case .invalidTrainingData(let learner, let reason)? = error else {
            Issue.record("expected invalidTrainingData, got \(String(describing: error))")
            return
        }
        #expect(learner == "extra_trees")
        #expect(reason.contains(c.reasonFragment), "reason: \(reason)")
    }
}

import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// Hand-computed splits (x = 1…8, one feature):
//   labels 0 0 0 0 1 0 0 1. Weighted child impurities of the seven candidate splits:
//   Gini:    .357 .333 .300 .250 .367 .333 .214  → best after x = 7 (threshold 7.5):
//            left {6 × 0, 1 × 1}: Gini 12/49, weight 7/8 → 3/14; right {1} pure.
//   entropy: .755 .689 .607 .500 .796 .738 .518  → best after x = 4 (threshold 4.5):
//            left {4 × 0} pure; right {0, 0, 1, 1}: entropy 1, weight 1/2.
//   Regression, x = 1…6, y = 1 1 2 8 9 10: S_L²/N_L + S_R²/N_R is 169.2, 212.25, 248.33, 216.5,
//   188.2 → best after x = 3 (threshold 3.5), leaf means 4/3 and 9; root variance 545/36,
//   children's weighted variance ½·2/9 + ½·2/3 = 4/9, so the split decreases impurity by
//   545/36 − 4/9 = 529/36 ≈ 14.69.

@Suite struct DecisionTreeTests {
    private static let gapLabels = [0, 0, 0, 0, 1, 0, 0, 1]

    private func stump(_ criterion: SplitCriterion) throws -> DecisionTreeModel {
        try DecisionTree(.init(criterion: criterion, maxDepth: 1)).fit(
            classes(try column((1...8).map(Double.init)), Self.gapLabels))
    }

    // MARK: Hand-made splits

    @Test("Gini picks the split after x = 7, at the midpoint 7.5, with leaf distributions 6/7 : 1/7 and 0 : 1")
    func giniSplit() throws {
        let model = try stump(.gini)
        #expect(model.nodeCount == 3 && model.leafCount == 2 && model.depth == 1)
        let rows = probabilityRows(try model.predict(try column([1, 7.5, Double(Float(7.5).nextUp), 8])))
        #expect(isClose(rows[0], [6.0 / 7, 1.0 / 7], tolerance: 1e-15))
        #expect(isClose(rows[1], [6.0 / 7, 1.0 / 7], tolerance: 1e-15), "x = 7.5 goes left (x ≤ threshold)")
        #expect(rows[2] == [0, 1], "the next float above 7.5 goes right")
        #expect(rows[3] == [0, 1])
    }

    @Test("entropy picks the split after x = 4, at 4.5, with a pure left leaf and a 1 : 1 right leaf")
    func entropySplit() throws {
        let model = try stump(.entropy)
        let rows = probabilityRows(try model.predict(try column([4.5, Double(Float(4.5).nextUp), 8])))
        #expect(rows == [[1, 0], [0.5, 0.5], [0.5, 0.5]])
    }

    @Test("squared error splits 1 1 2 | 8 9 10 at 3.5 and predicts the leaf means 4/3 and 9")
    func squaredErrorSplit() throws {
        let data = TrainingData(features: try column([1, 2, 3, 4, 5, 6]), target: .regression([1, 1, 2, 8, 9, 10]))
        let model = try DecisionTree(.init(maxDepth: 1)).fit(data)
        let values = predictedValues(try model.predict(try column([0, 3.5, 3.6, 100])))
        #expect(isClose(values, [4.0 / 3, 4.0 / 3, 9, 9], tolerance: 1e-12))
    }

    @Test("min_impurity_decrease keeps the split worth 529/36 ≈ 14.69 below that and drops it above")
    func minImpurityDecrease() throws {
        let data = TrainingData(features: try column([1, 2, 3, 4, 5, 6]), target: .regression([1, 1, 2, 8, 9, 10]))
        let kept = try DecisionTree(.init(maxDepth: 1, minImpurityDecrease: 14.6)).fit(data)
        #expect(kept.leafCount == 2)
        let dropped = try DecisionTree(.init(maxDepth: 1, minImpurityDecrease: 14.8)).fit(data)
        #expect(dropped.leafCount == 1)
        #expect(isClose(predictedValues(try dropped.predict(try column([0]))), [31.0 / 6], tolerance: 1e-12))
    }

    @Test("a fully grown tree fits distinct training rows exactly")
    func fullyGrown() throws {
        let data = try rawExample("diabetes.csv")
        let model = try DecisionTree().fit(data)
        guard case .regression(let truth) = data.target else { return }
        // diabetes has no two rows with equal features, so every row gets its own leaf value.
        #expect(isClose(predictedValues(try model.predict(data.features)), truth, tolerance: 1e-9))
        #expect(model.leafCount <= 442)
    }

    @Test("max_depth, min_samples_leaf and min_samples_split bound the tree")
    func sizeLimits() throws {
        let data = try rawExample("breast_cancer.csv")
        #expect(try DecisionTree(.init(maxDepth: 3)).fit(data).depth <= 3)
        #expect(try DecisionTree(.init(minSamplesLeaf: 20)).fit(data).leafCount <= 569 / 20)
        let full = try DecisionTree().fit(data)
        #expect(try DecisionTree(.init(minSamplesSplit: 100)).fit(data).leafCount < full.leafCount)
        #expect(full.nodeCount == 2 * full.leafCount - 1)
    }

    @Test("a row weight of 2 gives the same tree as the row repeated")
    func weightsAsRepeats() throws {
        let data = try rawExample("wine.csv")
        let n = data.features.rows
        let repeated = Array(0..<n) + Array(0..<20)
        guard case .classification(let labels, _) = data.target else { return }
        let duplicated = classes(
            data.features.rows(at: repeated), repeated.map { labels[$0] }, classCount: 3)
        var weighted = data
        weighted.weights = (0..<n).map { $0 < 20 ? 2 : 1 }
        let a = try DecisionTree(.init(criterion: .entropy)).fit(weighted, seed: 3)
        let b = try DecisionTree(.init(criterion: .entropy)).fit(duplicated, seed: 3)
        #expect(identical(try a.predict(data.features), try b.predict(data.features)))
    }

    @Test("zero-weight rows are ignored")
    func zeroWeights() throws {
        // The middle row would force a split; with weight 0 the tree is one pure leaf.
        let data = classes(try column([1, 2, 3]), [0, 1, 0], weights: [1, 0, 1])
        let model = try DecisionTree().fit(data)
        #expect(model.leafCount == 1)
        #expect(probabilityRows(try model.predict(try column([2]))) == [[1, 0]])
    }

    @Test("the random splitter's threshold lies between the node's smallest and largest value")
    func randomSplitter() throws {
        let x: [Double] = [10, 11, 12, 13, 20, 21, 22, 23]
        let data = classes(try column(x), [0, 0, 0, 0, 1, 1, 1, 1])
        for seed: UInt64 in 0..<20 {
            let model = try DecisionTree(.init(splitter: .random, maxDepth: 1)).fit(data, seed: seed)
            let rows = probabilityRows(try model.predict(try column([9.9, 23.1])))
            // Below the minimum goes left, above the maximum right; both leaves are non-empty.
            #expect(rows[0] != rows[1], "seed \(seed)")
        }
    }

    // MARK: Real data

    @Test("5-fold CV accuracy on iris ≥ 0.92, breast_cancer ≥ 0.91; RMSE on diabetes ≤ 86")
    func crossValidated() throws {
        // scikit-learn 1.9.1 on the same folds, 10 seeds: 0.955, 0.937, RMSE 79.0.
        #expect(try crossValidatedScore("decision_tree", on: "iris.csv") >= 0.92)
        #expect(try crossValidatedScore("decision_tree", on: "breast_cancer.csv") >= 0.91)
        #expect(try crossValidatedScore("decision_tree", on: "diabetes.csv") <= 86)
    }

    @Test("probabilities are leaf class shares and rows sum to 1")
    func probabilities() throws {
        let data = try rawExample("iris.csv")
        let prediction = try DecisionTree(.init(maxDepth: 2)).fit(data).predict(data.features)
        #expect(rowsSumToOne(prediction))
        guard case .classes(let labels, let probabilities) = prediction else { return }
        for r in 0..<probabilities.rows {
            let row = probabilities.row(r)
            #expect(row[labels[r]] == row.max())
        }
    }

    // MARK: Model

    @Test("the same seed gives the same model; sqrt features with other seeds give other trees")
    func seeded() throws {
        let data = try rawExample("breast_cancer.csv")
        let learner = try DecisionTree(.init(maxFeatures: .sqrt))
        let base = try learner.fit(data, seed: 5)
        #expect(try learner.fit(data, seed: 5) == base)
        let others = try (6..<10).map { try learner.fit(data, seed: UInt64($0)) }
        #expect(others.contains { $0 != base })
    }

    @Test("JSON round trips give identical predictions, directly and inside a pipeline")
    func roundTrip() throws {
        for name in ["iris.csv", "diabetes.csv"] {
            let data = try rawExample(name)
            let model = try DecisionTree().fit(data)
            let restored = try roundTripped(model)
            #expect(restored == model)
            #expect(identical(try restored.predict(data.features), try model.predict(data.features)))
            let dataset = try exampleDataset(name)
            let pipeline = try Pipeline.fit(try DecisionTree(), on: dataset, preprocessing: .init(standardize: false))
            let again = try Pipeline(jsonData: try pipeline.jsonData())
            #expect(again.model is DecisionTreeModel)
            #expect(identical(try again.predict(dataset.features), try pipeline.predict(dataset.features)))
        }
        #expect(ModelRegistry.modelType(named: "decision_tree") is DecisionTreeModel.Type)
    }

    @Test("a damaged model file is refused instead of crashing predictions")
    func damagedModel() throws {
        let model = try stump(.gini)
        let json = String(decoding: try JSONEncoder().encode(model), as: UTF8.self)
        // Children [1, 2, 1]: the root's left child, then leaf rows 2 (the impure leaf after the
        // two one-hot rows) and 1 (pure class 1). Pointing the root at itself makes a cycle.
        let children = Data([1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0]).base64EncodedString()
        let cyclic = Data([0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0]).base64EncodedString()
        #expect(json.contains(children))
        let damaged = Data(json.replacingOccurrences(of: children, with: cyclic).utf8)
        #expect(throws: (any Error).self) { _ = try JSONDecoder().decode(DecisionTreeModel.self, from: damaged) }
        let future = Data(json.replacingOccurrences(of: "\"version\":1", with: "\"version\":9").utf8)
        #expect(throws: LearnerError.unsupportedVersion(found: 9, supported: 1)) {
            _ = try JSONDecoder().decode(DecisionTreeModel.self, from: future)
        }
    }

    @Test("parameterBytes counts 12 bytes per node plus the leaf values")
    func parameterBytes() throws {
        let model = try stump(.gini)
        // 3 nodes; leaf values: the 2 shared one-hot rows plus the impure left leaf's row.
        #expect(model.parameterBytes == 3 * 12 + 3 * 2 * 8)
    }

    // MARK: Refusals

    @Test("every rule refuses its violating value; max_features outside (0, 1] and a wrong-task criterion are refused")
    func refusesHyperparameters() throws {
        #expect(DecisionTree.rules.count == 4)
        try expectRulesRefused("decision_tree", rules: DecisionTree.rules)
        let family = try #require(LearnerCatalog.family(named: "decision_tree"))
        #expect(throws: LearnerError.self) { _ = try family.learner(["max_features": 0]) }
        #expect(throws: LearnerError.self) { _ = try family.learner(["max_features": 1.5]) }
        #expect(throws: LearnerError.self) { _ = try family.learner(["max_features": "half"]) }
        #expect(throws: LearnerError.self) { _ = try family.learner(["splitter": "worst"]) }
        #expect(throws: Never.self) { _ = try family.learner(["max_features": 0.5, "criterion": "entropy"]) }
        #expect(throws: LearnerError.self) {
            _ = try DecisionTree(.init(criterion: .squaredError)).fit(try rawExample("iris.csv"))
        }
        #expect(throws: LearnerError.self) {
            _ = try DecisionTree(.init(criterion: .gini)).fit(try rawExample("diabetes.csv"))
        }
    }

    @Test("fitting refuses invalid training data", arguments: InvalidTrainingCase.all)
    func refusesInvalidData(_ c: InvalidTrainingCase) {
        let error = #expect(throws: LearnerError.self) { _ = try DecisionTree().fit(c.data) }
        guard case .invalidTrainingData(let learner, let reason)? = error else {
            Issue.record("expected invalidTrainingData, got \(String(describing: error))")
            return
        }
        #expect(learner == "decision_tree")
        #expect(reason.contains(c.reasonFragment), "reason: \(reason)")
    }

    @Test("features beyond the float range are refused; a wrong width at predict throws")
    func refusesOutOfRange() throws {
        #expect(throws: LearnerError.self) {
            _ = try DecisionTree().fit(classes(try column([1, 1e39]), [0, 1]))
        }
        let model = try stump(.gini)
        #expect(throws: LearnerError.featureCountMismatch(learner: "decision_tree", expected: 1, got: 2)) {
            _ = try model.predict(Matrix(rows: 1, columns: 2))
        }
    }
}

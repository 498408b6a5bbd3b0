import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// Expected values worked by hand:
//   Binner, few distinct values: 1 1 | 2 2 2 | 3 3 | 4 | 5 5 5 5 with at least 3 rows per bin
//   closes bins after 2 (5 rows) and after 4 (3 rows): bounds 2.5, 4.5, +∞.
//   Binner, 1000 distinct values 0…999 into 4 bins: mean bin size 250, so bounds 249.5,
//   499.5, 749.5, +∞.
//   One split: x = 1…9, y = 1 1 1 2 2 2 6 6 6, λ = 1. The start is the mean 3, so the
//   gradients s − y are 2 2 2 1 1 1 −3 −3 −3 (G = 0) and the hessians 1 (H = 9). The binner
//   gives bounds 3.5, 6.5. Split x ≤ 3.5: 6²/(3+1) + 6²/(6+1) − 0 = 14.14; split x ≤ 6.5:
//   9²/(6+1) + 9²/(3+1) = 81/7 + 81/4 = 31.82, the winner. Leaf values −G/(H+λ): −9/7 and
//   9/4, so predictions 3 − 9/7 and 3 + 9/4 with learning rate 1.

/// A small dataset of the given task drawn by the synthetic generators.
private func synthetic(
    rows: Int, features: Int, classes: Int? = nil, noise: Bool = false, seed: UInt64 = 3
) throws -> TrainingData {
    if let classes {
        let data = try SyntheticClassification(
            .init(
                rowCount: rows, featureCount: features, informativeCount: min(features, 3),
                redundantCount: 0,
                classCount: classes, seed: seed)
        ).generate()
        return TrainingData(
            features: data.features,
            target: .classification(
                labels: data.target.map { Int($0) }, classes: (0..<classes).map(String.init)))
    }
    let data = try SyntheticRegression(
        .init(
            rowCount: rows, featureCount: features, informativeCount: min(features, 3),
            noiseStandardDeviation: 1, seed: seed)
    ).generate()
    guard noise else {
        return TrainingData(features: data.features, target: .regression(data.target))
    }
    // Pure noise: a target unrelated to the features.
    var random = RandomSource(seed: seed + 1)
    return TrainingData(
        features: data.features, target: .regression((0..<rows).map { _ in random.normal() }))
}

private func model(
    _ hyperparameters: GradientBoosting.Hyperparameters, _ data: TrainingData, seed: UInt64 = 0
)
    throws -> GradientBoostingModel
{
    try GradientBoosting(hyperparameters).fit(data, seed: seed)
}

@Suite struct GradientBoostingTests {
    // MARK: Binning

    @Test("the binner merges rare values until a bin holds three rows")
    func binnerOnFewValues() throws {
        let column: [Double] = [1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 5, 5]
        let binner = FeatureBinner(fitting: try Matrix(column.map { [$0] }), maxBinCount: 255)
        #expect(binner.upperBounds == [[2.5, 4.5, .infinity]])
        #expect(
            column.map { binner.bin(of: $0, feature: 0) } == [0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2])
        let binned = binner.binned(try Matrix(column.map { [$0] }))
        #expect(binned.codes == [0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2])
        // Values between training values fall by the midpoints.
        #expect(binner.bin(of: 2.4, feature: 0) == 0 && binner.bin(of: 2.6, feature: 0) == 1)
        #expect(binner.bin(of: -100, feature: 0) == 0 && binner.bin(of: 100, feature: 0) == 2)
    }

    @Test("many distinct values are cut into equal-frequency bins, a constant column into one")
    func binnerQuantiles() throws {
        let values = (0..<1000).map { [Double($0), 7] }
        let binner = FeatureBinner(fitting: try Matrix(values), maxBinCount: 4)
        #expect(binner.upperBounds[0] == [249.5, 499.5, 749.5, .infinity])
        #expect(binner.upperBounds[1] == [.infinity])
        let codes = binner.binned(try Matrix(values)).codes
        #expect(codes[0..<1000].filter { $0 == 2 }.count == 250)
        #expect(codes[1000..<2000].allSatisfy { $0 == 0 })
        // 255 bins at most: codes fit a byte.
        let wide = FeatureBinner(fitting: try Matrix((0..<5000).map { [Double($0 * $0)] }))
        #expect(wide.binCount(of: 0) == 255)
    }

    @Test("binning a matrix agrees with the binary search, bounds included")
    func binnedMatchesSearch() throws {
        var random = RandomSource(seed: 9)
        let rows = (0..<600).map { _ in
            [random.normal(), Double(random.integer(below: 7)), random.uniform() * 1e6]
        }
        let matrix = try Matrix(rows)
        let binner = FeatureBinner(fitting: matrix, maxBinCount: 40)
        #expect(binner.binCount(of: 0) == 40 && binner.binCount(of: 1) == 7)
        // Rows plus every finite bound itself and values just around it.
        var probes = rows
        for feature in 0..<3 {
            for bound in binner.upperBounds[feature].dropLast() {
                for value in [bound, bound.nextDown, bound.nextUp] {
                    var row = [0.0, 0.0, 0.0]
                    row[feature] = value
                    probes.append(row)
                }
            }
        }
        let binned = binner.binned(try Matrix(probes), jobs: 2)
        for (r, row) in probes.enumerated() {
            for feature in 0..<3 {
                #expect(Int(binned[r, feature]) == binner.bin(of: row[feature], feature: feature))
            }
        }
    }

    // MARK: Trees

    @Test("one split has the gain and leaf values worked by hand")
    func splitGainByHand() throws {
        let x = try Matrix((1...9).map { [Double($0)] })
        let data = TrainingData(features: x, target: .regression([1, 1, 1, 2, 2, 2, 6, 6, 6]))
        let fitted = try model(
            .init(
                iterationCount: 1, learningRate: 1, maxLeafCount: 2, minSamplesLeaf: 1,
                l2Regularization: 1,
                earlyStopping: .off), data)
        #expect(fitted.initialScores == [3])
        #expect(fitted.trees.thresholds == [6.5])
        #expect(isClose(fitted.trees.gains[0], 81.0 / 7 + 81.0 / 4, tolerance: 1e-12))
        let predicted = try fitted.predict(try Matrix([[6], [6.5], [7]]))
        guard case .values(let values) = predicted else {
            Issue.record("a regression model predicted classes")
            return
        }
        let left: Double = 3 - 9.0 / 7
        let right: Double = 3 + 9.0 / 4
        #expect(isClose(values, [left, left, right], tolerance: 1e-12))
        #expect(fitted.gainImportances == fitted.trees.gains)
    }

    @Test("the training loss falls with every stage of a regression fit")
    func regressionLossDecreases() throws {
        let data = try synthetic(rows: 300, features: 5)
        let fitted = try model(.init(iterationCount: 30, earlyStopping: .off), data)
        guard case .regression(let truth) = data.target else { return }
        var losses: [Double] = []
        for stage in [0, 1, 5, 10, 20, 30] {
            guard case .values(let values) = try fitted.predict(data.features, iterations: stage)
            else { return }
            losses.append(try Metric.rmse.score(truth: truth, predicted: values))
        }
        #expect(zip(losses, losses.dropFirst()).allSatisfy { $0 > $1 }, "RMSE by stage: \(losses)")
        #expect(losses.last! < 0.5 * losses.first!)
    }

    @Test("trees respect the leaf count, the depth limit and the rows per leaf")
    func growthLimits() throws {
        let data = try synthetic(rows: 400, features: 4)
        let shallow = try model(
            .init(iterationCount: 5, maxLeafCount: 8, maxDepth: 2, earlyStopping: .off), data)
        // Depth 2 allows 4 leaves, i.e. 3 internal nodes per tree.
        #expect(shallow.trees.nodeCount == 5 * 3)
        let wide = try model(.init(iterationCount: 5, maxLeafCount: 8, earlyStopping: .off), data)
        #expect(wide.trees.nodeCount == 5 * 7)
        let fewLeaves = try model(
            .init(iterationCount: 5, minSamplesLeaf: 150, earlyStopping: .off), data)
        #expect(fewLeaves.trees.nodeCount == 5)
    }

    // MARK: Quality

    @Test("5-fold CV on iris reaches accuracy 0.93")
    func irisAccuracy() throws {
        let accuracy = try crossValidatedScore(
            "gradient_boosting", on: "iris.csv", overrides: ["iteration_count": 50])
        #expect(accuracy >= 0.93)
    }

    @Test("5-fold CV on breast_cancer reaches accuracy 0.95")
    func breastCancerAccuracy() throws {
        let accuracy = try crossValidatedScore(
            "gradient_boosting", on: "breast_cancer.csv", overrides: ["iteration_count": 50])
        #expect(accuracy >= 0.95)
    }

    @Test("5-fold CV on diabetes keeps RMSE under 62 (LightGBM 57.7)")
    func diabetesRMSE() throws {
        let rmse = try crossValidatedScore(
            "gradient_boosting", on: "diabetes.csv", overrides: ["iteration_count": 50])
        #expect(rmse < 62)
    }

    @Test("multiclass probabilities are a softmax: positive and summing to 1, label the largest")
    func multiclassProbabilities() throws {
        let (data, _) = try exampleTrainingData("iris.csv", standardize: false)
        let fitted = try model(.init(iterationCount: 20), data)
        #expect(fitted.scoreCount == 3 && fitted.trees.treeCount == 60)
        guard case .classes(let labels, let probabilities) = try fitted.predict(data.features)
        else {
            Issue.record("a classifier predicted values")
            return
        }
        #expect(probabilities.columns == 3)
        for r in 0..<probabilities.rows {
            let row = probabilities.row(r)
            #expect(abs(row.reduce(0, +) - 1) < 1e-12)
            #expect(row.allSatisfy { $0 > 0 })
            #expect(row[labels[r]] == row.max())
        }
    }

    @Test("binary probabilities come from the sigmoid of one score")
    func binaryProbabilities() throws {
        let data = try synthetic(rows: 200, features: 4, classes: 2)
        let fitted = try model(.init(iterationCount: 10), data)
        #expect(fitted.scoreCount == 1)
        let raw = try fitted.rawScores(data.features)
        guard case .classes(let labels, let probabilities) = try fitted.predict(data.features)
        else { return }
        for r in 0..<data.features.rows {
            let p = 1 / (1 + exp(-raw[r, 0]))
            #expect(isClose(probabilities[r, 1], p, tolerance: 1e-15))
            #expect(isClose(probabilities[r, 0] + probabilities[r, 1], 1, tolerance: 1e-15))
            #expect(labels[r] == (p > 0.5 ? 1 : 0))
        }
    }

    @Test("row weights scale the start and the gradients")
    func weightedRows() throws {
        let data = try synthetic(rows: 200, features: 4, classes: 2)
        guard case .classification(let labels, _) = data.target else { return }
        // Class 1 rows weigh 9, class 0 rows 1: the prior log-odds move by log 9.
        var weighted = data
        weighted.weights = labels.map { $0 == 1 ? 9 : 1 }
        let plain = try model(.init(iterationCount: 5), data)
        let heavy = try model(.init(iterationCount: 5), weighted)
        let positives = Double(labels.filter { $0 == 1 }.count)
        let negatives = Double(labels.count) - positives
        #expect(isClose(plain.initialScores[0], log(positives / negatives), tolerance: 1e-12))
        #expect(isClose(heavy.initialScores[0], log(9 * positives / negatives), tolerance: 1e-12))
        // Rows of weight 0 count for nothing: fitting without them gives the same start.
        var halfZero = data
        halfZero.weights = labels.indices.map { $0 % 2 == 0 ? 1 : 0 }
        let even = labels.indices.filter { $0 % 2 == 0 }
        let subset = TrainingData(
            features: data.features.rows(at: even),
            target: .classification(labels: even.map { labels[$0] }, classes: ["0", "1"]))
        let one = GradientBoosting.Hyperparameters(iterationCount: 1)
        #expect(try model(one, halfZero).initialScores == model(one, subset).initialScores)
    }

    // MARK: Early stopping

    @Test("early stopping on a noise target stops long before the iteration limit")
    func earlyStoppingOnNoise() throws {
        let data = try synthetic(rows: 500, features: 5, noise: true)
        let fitted = try model(.init(iterationCount: 200, earlyStopping: .on), data)
        #expect(fitted.iterationCount < 50)
        #expect(fitted.validationLosses.count == fitted.iterationCount + 1)
        let unstopped = try model(.init(iterationCount: 60, earlyStopping: .off), data)
        #expect(unstopped.iterationCount == 60 && unstopped.validationLosses.isEmpty)
        // "auto" holds nothing out on small data.
        let automatic = try model(.init(iterationCount: 60), data)
        #expect(automatic.validationLosses.isEmpty)
    }

    // MARK: Contracts

    @Test(
        "a JSON round trip gives identical predictions",
        arguments: ["iris.csv", "breast_cancer.csv", "diabetes.csv"])
    func jsonRoundTrip(example: String) throws {
        let (data, _) = try exampleTrainingData(example, standardize: false)
        let fitted = try model(
            .init(iterationCount: 10, baggingFraction: 0.8, featureFraction: 0.7), data)
        let decoded = try roundTripped(fitted)
        #expect(decoded == fitted)
        #expect(identical(try decoded.predict(data.features), try fitted.predict(data.features)))
    }

    @Test("every rule refuses its violating value")
    func rulesRefused() throws {
        let family = try #require(LearnerCatalog.family(named: "gradient_boosting"))
        #expect(family.scalesFeatures == false)
        for rule in GradientBoosting.rules {
            let value = rule.violatingValue
            #expect(throws: LearnerError.self, "\(rule.name) = \(value)") {
                _ = try family.learner([rule.name: .real(value)])
            }
        }
        #expect(throws: LearnerError.self) {
            _ = try family.learner(["early_stopping": "sometimes"])
        }
        #expect(throws: LearnerError.self) { _ = try family.learner(["num_leaves": 31]) }
        _ = try family.learner(["max_leaf_count": 63, "early_stopping": "on", "max_depth": 4])
    }

    @Test("degenerate data is refused", arguments: InvalidTrainingCase.all)
    func degenerateData(invalid: InvalidTrainingCase) {
        #expect(throws: LearnerError.self) { _ = try GradientBoosting().fit(invalid.data) }
    }

    @Test("a model is refused features of another width, and a newer or broken file")
    func predictAndDecodeRefusals() throws {
        let data = try synthetic(rows: 100, features: 3)
        let fitted = try model(.init(iterationCount: 3), data)
        #expect(
            throws: LearnerError.featureCountMismatch(
                learner: "gradient_boosting", expected: 3, got: 2)
        ) {
            _ = try fitted.predict(Matrix(rows: 1, columns: 2))
        }
        let json = try JSONEncoder().encode(fitted)
        var object = try #require(JSONSerialization.jsonObject(with: json) as? [String: Any])
        func decoded() throws -> GradientBoostingModel {
            try JSONDecoder().decode(
                GradientBoostingModel.self, from: JSONSerialization.data(withJSONObject: object))
        }
        object["version"] = 2
        #expect(throws: LearnerError.unsupportedVersion(found: 2, supported: 1)) {
            _ = try decoded()
        }
        // A child pointing back at the root would make predict loop forever.
        object["version"] = 1
        var trees = try #require(object["trees"] as? [String: Any])
        let left = try #require(trees["leftChildren"] as? [Int])
        #expect(!left.isEmpty)
        trees["leftChildren"] = left.map { _ in 0 }
        object["trees"] = trees
        #expect(
            throws: LearnerError.unreadableModel(
                reason: "the gradient_boosting trees are inconsistent")
        ) {
            _ = try decoded()
        }
    }

    @Test("a pipeline holding the model reads back from its JSON and predicts the same")
    func pipelineRoundTrip() throws {
        let dataset = try exampleDataset("wine.csv")
        let pipeline = try Pipeline.fit(GradientBoosting(.init(iterationCount: 5)), on: dataset)
        let restored = try Pipeline(jsonData: try pipeline.jsonData())
        #expect(restored.model is GradientBoostingModel)
        #expect(
            identical(
                try restored.predict(dataset.features), try pipeline.predict(dataset.features)))
    }

    @Test("the same seed gives the same model, another seed another one when sampling")
    func seeded() throws {
        let data = try synthetic(rows: 300, features: 6, classes: 3)
        let settings = GradientBoosting.Hyperparameters(
            iterationCount: 10, baggingFraction: 0.7, featureFraction: 0.5)
        let first = try model(settings, data, seed: 11)
        #expect(try model(settings, data, seed: 11) == first)
        #expect(try model(settings, data, seed: 12) != first)
    }

    @Test("two jobs build the same trees as one")
    func jobsDoNotChangeTheModel() throws {
        // 4000 rows × 8 features is above the size at which histograms go parallel.
        let data = try synthetic(rows: 4000, features: 8, classes: 2)
        let settings = GradientBoosting.Hyperparameters(iterationCount: 8, featureFraction: 0.9)
        var parallel = settings
        parallel.jobs = 2
        let one = try model(settings, data, seed: 5)
        let two = try model(parallel, data, seed: 5)
        #expect(one == two)
        #expect(identical(try one.predict(data.features), try two.predict(data.features)))
    }
}

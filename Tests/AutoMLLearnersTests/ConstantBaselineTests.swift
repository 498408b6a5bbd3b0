import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// Expected values:
//   iris: 50 rows of each of the classes 0, 1, 2 → priors 1/3 each; ties go to the first class,
//   so every prediction is class 0 and accuracy is 50/150 = 1/3; log loss is log 3.
//   diabetes: 442 integer targets summing to 67243 → mean 67243/442 = 152.13348416289594.

/// A `rows × columns` matrix of small distinct finite numbers.
private func features(_ rows: Int, _ columns: Int) -> Matrix {
    var m = Matrix(rows: rows, columns: columns)
    for k in m.storage.indices { m.storage[k] = Double(k) * 0.5 }
    return m
}

/// Training data `validate` must refuse, with a fragment of the reason it has to give.
struct InvalidTrainingCase: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let data: TrainingData
    let reasonFragment: String

    static let all: [InvalidTrainingCase] = {
        var nanFeatures = features(3, 2)
        nanFeatures[2, 1] = .nan
        var infiniteFeatures = features(3, 2)
        infiniteFeatures[0, 0] = -.infinity
        let twoClasses = Target.classification(labels: [0, 1, 0], classes: ["a", "b"])
        return [
            InvalidTrainingCase(
                testDescription: "no rows",
                data: TrainingData(
                    features: Matrix(rows: 0, columns: 2),
                    target: .classification(labels: [], classes: ["a", "b"])),
                reasonFragment: "no rows"),
            InvalidTrainingCase(
                testDescription: "no rows (regression)",
                data: TrainingData(features: Matrix(rows: 0, columns: 1), target: .regression([])),
                reasonFragment: "no rows"),
            InvalidTrainingCase(
                testDescription: "more feature rows than targets",
                data: TrainingData(features: features(4, 2), target: twoClasses),
                reasonFragment: "4 feature rows but 3 targets"),
            InvalidTrainingCase(
                testDescription: "a NaN feature",
                data: TrainingData(features: nanFeatures, target: twoClasses),
                reasonFragment: "feature 1 of row 2 is NaN or infinite"),
            InvalidTrainingCase(
                testDescription: "an infinite feature",
                data: TrainingData(features: infiniteFeatures, target: .regression([1, 2, 3])),
                reasonFragment: "feature 0 of row 0"),
            InvalidTrainingCase(
                testDescription: "a single class",
                data: TrainingData(
                    features: features(3, 2),
                    target: .classification(labels: [1, 1, 1], classes: ["a", "b"])),
                reasonFragment: "single class"),
            InvalidTrainingCase(
                testDescription: "a NaN regression target",
                data: TrainingData(features: features(3, 2), target: .regression([1, .nan, 3])),
                reasonFragment: "NaN or infinite values"),
            InvalidTrainingCase(
                testDescription: "weights of the wrong length",
                data: TrainingData(features: features(3, 2), target: twoClasses, weights: [1, 1]),
                reasonFragment: "2 weights for 3 rows"),
            InvalidTrainingCase(
                testDescription: "a negative weight",
                data: TrainingData(
                    features: features(3, 2), target: twoClasses, weights: [1, -1, 1]),
                reasonFragment: "weights must be finite"),
            InvalidTrainingCase(
                testDescription: "a NaN weight",
                data: TrainingData(
                    features: features(3, 2), target: .regression([1, 2, 3]), weights: [1, .nan, 1]),
                reasonFragment: "weights must be finite"),
            InvalidTrainingCase(
                testDescription: "all weights zero",
                data: TrainingData(
                    features: features(3, 2), target: twoClasses, weights: [0, 0, 0]),
                reasonFragment: "not all 0"),
        ]
    }()
}

@Suite struct ConstantBaselineTests {
    // MARK: Classification

    @Test("on iris the baseline predicts priors of 1/3 each and scores accuracy 1/3")
    func irisBaseline() throws {
        let (data, dataset) = try exampleTrainingData("iris.csv")
        #expect(data.features.rows == 150)
        #expect(dataset.target.classCounts == [50, 50, 50])
        let model = try ConstantBaseline().fit(data)
        #expect(model.task == .classification)
        #expect(model.featureCount == 4)
        let third = 1.0 / 3
        #expect(model.values == [third, third, third])
        guard case .classes(let labels, let probabilities) = try model.predict(data.features) else {
            Issue.record("a classification model predicted values")
            return
        }
        // Every prior ties: the first class wins, as NumPy's argmax would choose.
        #expect(labels == [Int](repeating: 0, count: 150))
        #expect(probabilities.rows == 150 && probabilities.columns == 3)
        #expect(probabilities.storage.allSatisfy { $0 == third })
        guard case .classification(let truth, _) = dataset.target else {
            Issue.record("iris should be a classification target")
            return
        }
        let accuracy = try Metric.accuracy.score(truth: truth, predicted: labels, classCount: 3)
        #expect(accuracy == third)
        let logLoss = try Metric.logLoss.score(truth: truth, probabilities: probabilities)
        #expect(isClose(logLoss, log(3.0), tolerance: 1e-12))
    }

    @Test("the most frequent class is predicted, with its frequency as probability")
    func majorityClass() throws {
        let data = TrainingData(
            features: features(5, 1),
            target: .classification(labels: [2, 1, 2, 0, 2], classes: ["a", "b", "c"]))
        let model = try ConstantBaseline().fit(data)
        #expect(isClose(model.values, [0.2, 0.2, 0.6], tolerance: 1e-15))
        let prediction = try model.predict(features(2, 1))
        #expect(
            prediction
                == .classes(
                    labels: [2, 2], probabilities: try Matrix([[0.2, 0.2, 0.6], [0.2, 0.2, 0.6]])))
    }

    @Test("a class absent from the labels gets probability zero")
    func absentClass() throws {
        let data = TrainingData(
            features: features(4, 2),
            target: .classification(labels: [0, 2, 2, 0], classes: ["a", "b", "c"]))
        let model = try ConstantBaseline().fit(data)
        #expect(model.values == [0.5, 0, 0.5])
        guard case .classes(let labels, _) = try model.predict(features(1, 2)) else {
            Issue.record("expected classes")
            return
        }
        #expect(labels == [0])
    }

    @Test("weighted fitting uses the weights for the class priors")
    func weightedClassification() throws {
        // Unweighted class 1 is the majority (2 of 3); weights 3, 1, 1 make class 0 weigh 3/5.
        let target = Target.classification(labels: [0, 1, 1], classes: ["a", "b"])
        let unweighted = try ConstantBaseline().fit(
            TrainingData(features: features(3, 2), target: target))
        #expect(isClose(unweighted.values, [1.0 / 3, 2.0 / 3], tolerance: 1e-15))
        let weighted = try ConstantBaseline().fit(
            TrainingData(features: features(3, 2), target: target, weights: [3, 1, 1]))
        #expect(isClose(weighted.values, [0.6, 0.4], tolerance: 1e-15))
        guard case .classes(let labels, _) = try weighted.predict(features(2, 2)) else {
            Issue.record("expected classes")
            return
        }
        #expect(labels == [0, 0])
    }

    @Test("equal weights give the same model as no weights")
    func equalWeightsMatchUnweighted() throws {
        let (data, _) = try exampleTrainingData("iris.csv")
        var weighted = data
        weighted.weights = [Double](repeating: 2.5, count: data.features.rows)
        #expect(try ConstantBaseline().fit(weighted) == (try ConstantBaseline().fit(data)))
    }

    // MARK: Regression

    @Test("on diabetes the baseline predicts the target mean 152.133…")
    func diabetesBaseline() throws {
        let (data, dataset) = try exampleTrainingData("diabetes.csv")
        #expect(dataset.task == .regression)
        #expect(data.features.rows == 442 && data.features.columns == 10)
        let model = try ConstantBaseline().fit(data)
        #expect(model.task == .regression)
        #expect(model.featureCount == 10)
        let mean = try #require(model.values.first)
        #expect(isClose(mean, 67243.0 / 442, tolerance: 1e-12))
        #expect(isClose(mean, 152.13348416289594, tolerance: 1e-12))
        guard case .values(let predictions) = try model.predict(data.features),
            case .regression(let truth) = dataset.target
        else {
            Issue.record("expected regression predictions and target")
            return
        }
        #expect(predictions.count == 442)
        #expect(predictions.allSatisfy { $0 == mean })
        // Predicting the training mean scores R² = 0 on the training data.
        #expect(
            isClose(try Metric.r2.score(truth: truth, predicted: predictions), 0, tolerance: 1e-12))
    }

    @Test("weighted fitting gives the weighted mean; zero-weight rows do not count")
    func weightedRegression() throws {
        let model = try ConstantBaseline().fit(
            TrainingData(
                features: features(3, 1), target: .regression([1, 2, 3]), weights: [3, 1, 0]))
        #expect(isClose(model.values, [1.25], tolerance: 1e-15))
        #expect(try model.predict(features(2, 1)) == .values([1.25, 1.25]))
    }

    // MARK: Refusals

    @Test("fitting refuses invalid training data", arguments: InvalidTrainingCase.all)
    func refusesInvalidData(_ c: InvalidTrainingCase) {
        let error = #expect(throws: LearnerError.self) { _ = try ConstantBaseline().fit(c.data) }
        guard case .invalidTrainingData(let learner, let reason)? = error else {
            Issue.record("expected invalidTrainingData, got \(String(describing: error))")
            return
        }
        #expect(learner == "constant")
        #expect(reason.contains(c.reasonFragment), "reason: \(reason)")
    }

    @Test("predicting with the wrong feature width throws featureCountMismatch")
    func wrongWidthAtPredict() throws {
        let (data, _) = try exampleTrainingData("iris.csv")
        let model = try ConstantBaseline().fit(data)
        #expect(throws: LearnerError.featureCountMismatch(learner: "constant", expected: 4, got: 3))
        {
            _ = try model.predict(features(2, 3))
        }
        #expect(throws: LearnerError.featureCountMismatch(learner: "constant", expected: 4, got: 5))
        {
            _ = try model.predict(features(2, 5))
        }
    }

    @Test("predicting zero rows gives empty predictions")
    func predictNoRows() throws {
        let model = try ConstantBaseline().fit(
            TrainingData(features: features(3, 2), target: .regression([1, 2, 4])))
        #expect(try model.predict(Matrix(rows: 0, columns: 2)) == .values([]))
    }

    // MARK: Model

    @Test("a fitted model survives a JSON round trip and reports its parameter size")
    func modelCodable() throws {
        let model = try ConstantBaseline().fit(
            TrainingData(
                features: features(4, 2),
                target: .classification(labels: [0, 1, 2, 2], classes: ["x", "y", "z"])))
        let decoded = try JSONDecoder().decode(
            ConstantModel.self, from: try JSONEncoder().encode(model))
        #expect(decoded == model)
        #expect(model.parameterBytes == 3 * MemoryLayout<Double>.size)
        #expect(ConstantModel.familyName == "constant")
        #expect(ModelRegistry.modelType(named: "constant") is ConstantModel.Type)
    }
}

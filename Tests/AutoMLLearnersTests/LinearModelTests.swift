import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

/// A JSON object for a linear model, edited by `edit`.
private func modelJSON(_ model: LinearModel, _ edit: (inout [String: Any]) -> Void) throws -> Data {
    var object = try #require(
        try JSONSerialization.jsonObject(with: try JSONEncoder().encode(model)) as? [String: Any])
    edit(&object)
    return try JSONSerialization.data(withJSONObject: object)
}

@Suite struct LinearModelTests {
    @Test("one model type serves every linear family and is registered for pipelines")
    func registered() {
        #expect(LinearModel.familyName == "linear_model")
        #expect(ModelRegistry.modelType(named: "linear_model") is LinearModel.Type)
        for name in ["logistic_regression", "linear_regression", "ridge", "lasso", "elastic_net"] {
            #expect(LearnerCatalog.family(named: name) != nil, "\(name)")
        }
    }

    @Test("a pipeline holding a linear model round-trips through JSON with identical predictions")
    func pipelineRoundTrip() throws {
        let dataset = try exampleDataset("wine.csv")
        let pipeline = try Pipeline.fit(try LogisticRegression(), on: dataset)
        let restored = try Pipeline(jsonData: try pipeline.jsonData())
        #expect(restored.model is LinearModel)
        #expect(
            identical(
                try restored.predict(dataset.features), try pipeline.predict(dataset.features)))
        let regression = try exampleDataset("diabetes.csv")
        let ridge = try Pipeline.fit(
            try Ridge(), on: regression, preprocessing: .init(standardize: false))
        let restoredRidge = try Pipeline(jsonData: try ridge.jsonData())
        #expect(
            identical(
                try restoredRidge.predict(regression.features),
                try ridge.predict(regression.features)))
    }

    @Test("a model from a newer format version is refused, naming the supported one")
    func newerVersionRefused() throws {
        let model = try Ridge().fit(
            TrainingData(features: try Matrix([[1], [2], [3]]), target: .regression([1, 2, 2])))
        let data = try modelJSON(model) { $0["version"] = 2 }
        #expect(throws: LearnerError.unsupportedVersion(found: 2, supported: 1)) {
            _ = try JSONDecoder().decode(LinearModel.self, from: data)
        }
    }

    @Test("a hand-edited model whose shapes disagree is refused")
    func inconsistentShapesRefused() throws {
        let (data, _) = try exampleTrainingData("iris.csv")
        let model = try LogisticRegression().fit(data)
        let edits: [(String, (inout [String: Any]) -> Void)] = [
            ("intercepts", { $0["intercepts"] = [0.0, 1.0] }),
            ("feature count", { $0["featureCount"] = 5 }),
            ("output classes", { $0["outputClasses"] = [0, 1, 7] }),
        ]
        for (label, edit) in edits {
            let json = try modelJSON(model, edit)
            let error = #expect(throws: LearnerError.self, "\(label)") {
                _ = try JSONDecoder().decode(LinearModel.self, from: json)
            }
            guard case .unreadableModel(let reason)? = error else { continue }
            #expect(reason.hasPrefix("linear model:"), "\(label): \(reason)")
        }
    }

    @Test("predicting with the wrong feature width throws featureCountMismatch")
    func wrongWidth() throws {
        let model = try LinearRegression().fit(
            TrainingData(
                features: try Matrix([[1, 0], [2, 1], [3, 5]]), target: .regression([1, 2, 4])))
        #expect(
            throws: LearnerError.featureCountMismatch(learner: "linear_model", expected: 2, got: 3)
        ) {
            _ = try model.predict(Matrix(rows: 1, columns: 3))
        }
        #expect(try model.predict(Matrix(rows: 0, columns: 2)) == .values([]))
    }

    @Test("with no feature columns the models fit and predict the intercept alone")
    func noFeatures() throws {
        let empty = Matrix(rows: 4, columns: 0)
        let ols = try LinearRegression().fit(
            TrainingData(features: empty, target: .regression([1, 2, 3, 6])))
        #expect(try ols.predict(Matrix(rows: 2, columns: 0)) == .values([3, 3]))
        let logistic = try LogisticRegression(.init(tolerance: 1e-10)).fit(
            TrainingData(
                features: empty,
                target: .classification(labels: [0, 1, 1, 1], classes: ["a", "b"])))
        guard
            case .classes(let labels, let probabilities) = try logistic.predict(
                Matrix(rows: 1, columns: 0))
        else {
            Issue.record("expected classes")
            return
        }
        #expect(labels == [1])
        // The intercept is not penalized, so it reaches the prior 3/4 of class b.
        #expect(isClose(probabilities[0, 1], 0.75, tolerance: 1e-6))
    }
}

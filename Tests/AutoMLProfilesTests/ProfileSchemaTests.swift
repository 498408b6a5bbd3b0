import AutoML
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct ProfileSchemaTests {
    static func profile() throws -> ProductionProfile { try sampleProfile() }

    @Test(
        "docs/profile.schema.json is the schema the build checks with, and lists every learner family"
    )
    func schemaInDocs() throws {
        let docs = packageRootURL.appendingPathComponent("docs/profile.schema.json")
        let text = try String(contentsOf: docs, encoding: .utf8)
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == ProfileSchema.text)
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let definitions = try #require(object["$defs"] as? [String: Any])
        let model = try #require(definitions["model"] as? [String: Any])
        let properties = try #require(model["properties"] as? [String: Any])
        let learner = try #require(properties["learner"] as? [String: Any])
        #expect(Set(learner["enum"] as? [String] ?? []) == Set(LearnerCatalog.families.map(\.name)))
    }

    @Test(
        "a profile round-trips through its JSON, and the model it trains predicts like one fitted directly"
    )
    func roundTrip() throws {
        let profile = try Self.profile()
        let data = try profile.jsonData()
        let back = try ProductionProfile(jsonData: data, source: "p.json")
        #expect(try back.jsonData() == data)
        #expect(back.profile == .fastInference && back.rule.tolerance == 0.013 && back.seed == 3)
        guard case .single(let model) = back.pipeline else {
            Issue.record("not a single pipeline")
            return
        }
        #expect(model.learner == "random_forest" && model.hyperparameters["tree_count"] == 25)
        // Every hyperparameter, defaults included:
        #expect(model.hyperparameters["min_samples_leaf"] == 1)
        let dataset = try exampleDataset("iris")
        let trained = try back.pipeline.fit(on: dataset, seed: 3)
        let direct = try Pipeline.fit(
            RandomForest(.init(treeCount: 25, maxDepth: 6)), on: dataset,
            preprocessing: PreprocessorSettings(standardize: false), seed: 3)
        #expect(
            identical(try trained.predict(dataset.features), try direct.predict(dataset.features)))
    }

    struct Edit: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var field: String
        var edit: @Sendable (inout [String: Any]) -> Void
    }

    static let edits: [Edit] = [
        Edit(testDescription: "a latency written as text", field: "metrics.latency_p99_seconds") {
            var metrics = $0["metrics"] as? [String: Any] ?? [:]
            metrics["latency_p99_seconds"] = "fast"
            $0["metrics"] = metrics
        },
        Edit(testDescription: "a negative size", field: "metrics.model_bytes") {
            var metrics = $0["metrics"] as? [String: Any] ?? [:]
            metrics["model_bytes"] = -5
            $0["metrics"] = metrics
        },
        Edit(testDescription: "a missing seed", field: "the profile") {
            $0.removeValue(forKey: "seed")
        },
        Edit(testDescription: "an unknown profile name", field: "profile") {
            $0["profile"] = "fastest"
        },
        Edit(testDescription: "an unknown top-level key", field: "comment") {
            $0["comment"] = "mine"
        },
        Edit(testDescription: "an unknown learner", field: "pipeline.model.learner") {
            var pipeline = $0["pipeline"] as? [String: Any] ?? [:]
            var model = pipeline["model"] as? [String: Any] ?? [:]
            model["learner"] = "xgboost"
            pipeline["model"] = model
            $0["pipeline"] = pipeline
        },
        Edit(testDescription: "an ensemble kind without its ensemble", field: "pipeline") {
            var pipeline = $0["pipeline"] as? [String: Any] ?? [:]
            pipeline["kind"] = "ensemble"
            $0["pipeline"] = pipeline
        },
        Edit(testDescription: "a bad content hash", field: "dataset.content_hash") {
            var dataset = $0["dataset"] as? [String: Any] ?? [:]
            dataset["content_hash"] = "md5:abc"
            $0["dataset"] = dataset
        },
    ]

    @Test("an edited profile that breaks the schema is refused, naming the field", arguments: edits)
    func refusals(edit: Edit) throws {
        var object = try #require(
            JSONSerialization.jsonObject(with: try Self.profile().jsonData()) as? [String: Any])
        edit.edit(&object)
        let data = try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        #expect {
            try ProductionProfile(jsonData: data, source: "edited.json")
        } throws: { error in
            guard case .invalidProfile(let file, let line, let field, _)? = error as? ProfileError
            else { return false }
            return file == "edited.json" && line != nil && field == edit.field
        }
    }

    @Test("text that is not JSON, and a newer version, are refused with the reason")
    func unreadable() throws {
        #expect(throws: ProfileError.self) {
            try ProductionProfile(jsonData: Data("{\"version\": ".utf8), source: "x.json")
        }
        var object = try #require(
            JSONSerialization.jsonObject(with: try Self.profile().jsonData()) as? [String: Any])
        object["version"] = 9
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect {
            try ProductionProfile(jsonData: data, source: "new.json")
        } throws: { error in
            "\(error)".contains("version") && "\(error)".contains("newer")
        }
    }
}

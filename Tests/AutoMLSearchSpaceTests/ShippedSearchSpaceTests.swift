import AutoML
import AutoMLTestSupport
import Foundation
import Testing

/// The files in `SearchSpaces/`: they load, they say what they mean, and (for every learner
/// family in the catalog) their configurations build a learner.
@Suite struct ShippedSearchSpaceTests {
    static let folder = packageRootURL.appendingPathComponent("SearchSpaces")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
    }()

    static let families = [
        "logistic_regression", "linear_regression", "ridge", "lasso", "elastic_net", "knn",
        "gaussian_nb",
        "decision_tree", "random_forest", "extra_trees", "gradient_boosting", "adaboost", "mlp",
        "svm", "linear_svm",
    ]

    @Test("one file per learner family, plus default.yaml and ensemble.yaml")
    func inventory() {
        #expect(
            Set(Self.files)
                == Set(Self.families.map { "\($0).yaml" } + ["default.yaml", "ensemble.yaml"]))
    }

    @Test("every shipped file loads, and reads back equal from its JSON form", arguments: files)
    func loads(file: String) throws {
        let space = try SearchSpace.load(contentsOf: Self.folder.appendingPathComponent(file))
        #expect(try SearchSpace(json: space.jsonRepresentation) == space)
        var random = RandomSource(seed: 11)
        for _ in 0..<200 {
            #expect(space.contains(space.configuration { $0.value(atUnit: random.uniform()) }))
        }
    }

    @Test(
        "default.yaml: one learner choice per family, and a configuration holds only its learner's parameters"
    )
    func defaultSpace() throws {
        let space = try SearchSpace.load(
            contentsOf: Self.folder.appendingPathComponent("default.yaml"))
        let learner = try #require(space.parameter(named: "learner"))
        #expect(learner.domain == .categorical(Self.families.map { .string($0) }))
        #expect(
            space.parameter(named: "preprocessing.imputation")?.domain
                == .categorical([.string("median"), .string("mean")]))
        #expect(space.parameter(named: "random_forest.tree_count") != nil)
        #expect(
            space.parameter(named: "svm.gamma")?.conditions.map(\.parent) == [
                "learner", "svm.kernel",
            ])
        var random = RandomSource(seed: 3)
        var seen = Set<String>()
        for _ in 0..<600 {
            let configuration = space.configuration { $0.value(atUnit: random.uniform()) }
            guard case .string(let family) = configuration["learner"] else {
                Issue.record("no learner in \(configuration)")
                continue
            }
            seen.insert(family)
            for key in configuration.values.keys
            where key != "learner" && key != "preprocessing.imputation"
                && key != "preprocessing.standardize"
            {
                #expect(key.hasPrefix(family + "."), "\(key) with learner \(family)")
            }
            // Whether to standardize is searched for the distance-based families only, and the
            // model built follows it.
            let distanceBased = family == "knn" || family == "svm"
            #expect((configuration["preprocessing.standardize"] != nil) == distanceBased)
            if case .bool(let standardize)? = configuration["preprocessing.standardize"] {
                #expect(
                    try ModelConfiguration(configuration).preprocessing.standardize == standardize)
            }
        }
        #expect(seen.count == Self.families.count)
    }

    @Test(
        "ensemble.yaml: the meta-learner and its regularization appear only with the strategies that use them"
    )
    func ensembleSpace() throws {
        let space = try SearchSpace.load(
            contentsOf: Self.folder.appendingPathComponent("ensemble.yaml"))
        var random = RandomSource(seed: 5)
        for _ in 0..<500 {
            let configuration = space.configuration { $0.value(atUnit: random.uniform()) }
            let strategy = configuration["strategy"]?.description ?? ""
            let stacked = strategy == "stacking" || strategy == "blending"
            #expect((configuration["meta_learner"] != nil) == stacked)
            #expect((configuration["holdout_fraction"] != nil) == (strategy == "blending"))
            #expect((configuration["greedy_iterations"] != nil) == (strategy == "greedy"))
            if case .string(let meta)? = configuration["meta_learner"] {
                let regularization = configuration.values.keys.filter { $0.contains(".") }
                #expect(
                    regularization.count == 1
                        && regularization.allSatisfy { $0.hasPrefix(meta + ".") })
            }
            if let count = configuration["member_count"], case .integer(let n) = count {
                #expect((2...50).contains(n))
            }
        }
    }

    @Test("for every learner family in the catalog, configurations from its file build the learner")
    func decodesIntoLearners() throws {
        for family in LearnerCatalog.families {
            let url = Self.folder.appendingPathComponent("\(family.name).yaml")
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let space = try SearchSpace.load(contentsOf: url)
            var random = RandomSource(seed: 17)
            for _ in 0..<25 {
                let configuration = space.configuration { $0.value(atUnit: random.uniform()) }
                #expect(throws: Never.self, "\(family.name): \(configuration)") {
                    _ = try ModelConfiguration(configuration, defaultFamily: family.name).learner()
                }
            }
        }
    }
}

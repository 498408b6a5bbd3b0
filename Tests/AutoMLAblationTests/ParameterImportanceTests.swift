import AutoMLSearchSpace
import AutoMLStudy
import Foundation
import Testing

@testable import AutoMLAblation

@Suite struct ParameterImportanceTests {
    @Test("conditional parameters: fANOVA analyses each on the trials where it is active")
    func conditionalFANOVA() throws {
        let history = ImportanceFixtures.conditionalHistory(count: 300)
        let result = try ParameterImportance.evaluate(
            history, space: ImportanceFixtures.conditionalSpace,
            method: .fanova(.init(treeCount: 16, bootstrapCount: 3)), seed: 4)
        #expect(result.trialCount == 300 && result.skippedTrialCount == 0)
        #expect(
            result.scopes.map(\.condition) == ["all trials", "learner = a", "learner = b"])
        #expect(result.scopes.map(\.trialCount).reduce(0, +) == 600)
        #expect(result.scopes[1].parameters == ["a.x"] && result.scopes[2].parameters == ["b.y"])
        // Among the a-trials the loss is 10 (a.x − 0.2)² + z: a.x explains ≈ 98 % of it.
        #expect(result.ranking.first == "a.x")
        let ax = try #require(result.effect(of: "a.x")).fraction
        #expect(ax > 0.9, "a.x \(ax)")
        // Among the b-trials the loss is 5 + z + 0.01 b.y: b.y explains almost nothing.
        let by = try #require(result.effect(of: "b.y")).fraction
        #expect(by < 0.05, "b.y \(by)")
        // Over all trials the branch matters far more than z.
        let learner = try #require(result.effect(of: "learner")).fraction
        let z = try #require(result.effect(of: "z")).fraction
        // (z also absorbs some of the a-trials' unexplained spread: fully grown trees fit it.)
        #expect(learner > 0.4 && learner > 2 * z, "learner \(learner), z \(z)")
        #expect(result.interaction("a.x", "b.y") == nil)
    }

    @Test("a pair analysed in two scopes is reported once (every trial took the same branch)")
    func interactionsOnce() throws {
        // Only a-trials: a.x is active in every trial of the scope of all trials too, so the
        // pair (z, a.x) is analysed there and in the scope learner = a.
        let all = ImportanceFixtures.conditionalHistory(count: 400)
        let onlyA = StudyHistory(
            directions: [.minimize],
            trials: all.trials.filter { $0.configuration["learner"] == .string("a") })
        let result = try ParameterImportance.evaluate(
            onlyA, space: ImportanceFixtures.conditionalSpace,
            method: .fanova(.init(treeCount: 16, bootstrapCount: 0)), seed: 1)
        let pairs = result.interactions.map { Set($0.parameters) }
        #expect(!pairs.isEmpty)
        #expect(Set(pairs).count == pairs.count, "\(result.interactions)")
        #expect(pairs.contains(["z", "a.x"]))
    }

    @Test("conditional parameters: PED-ANOVA ranks the parameter that matters, not the idle one")
    func conditionalPEDANOVA() throws {
        let history = ImportanceFixtures.conditionalHistory(count: 600)
        let result = try ParameterImportance.evaluate(
            history, space: ImportanceFixtures.conditionalSpace, method: .pedANOVA())
        // The best 10 % are a-trials with a.x near 0.2 and a small z. The two-choice learner
        // weighs less: a categorical kernel spreads a quarter of its mass to the other choice.
        #expect(result.ranking.first == "a.x", "\(result.mainEffects)")
        #expect(result.ranking.last == "b.y", "\(result.mainEffects)")
        // No b-trial is among the best 10 %: b.y has no target density, so divergence 0.
        #expect(result.effect(of: "b.y")?.fraction == 0)
        #expect(abs(result.mainEffects.map(\.fraction).reduce(0, +) - 1) < 1e-12)
    }

    @Test("trials that do not fit the space are skipped and counted, not misread")
    func skippedTrials() throws {
        var history = ImportanceFixtures.conditionalHistory(count: 40)
        history.trials.append(
            TrialRecord(
                number: 40, state: .complete,
                configuration: Configuration(["learner": .string("a"), "z": .real(0.5)]),
                values: [0]))  // a.x missing
        history.trials.append(
            TrialRecord(
                number: 41, state: .complete,
                configuration: Configuration(["learner": .string("c"), "z": .real(0.5)]),
                values: [0]))  // not a choice
        history.trials.append(
            TrialRecord(
                number: 42, state: .complete,
                configuration: Configuration(["learner": .string("b")]),
                values: [.nan]))
        history.trials.append(
            TrialRecord(number: 43, state: .running, configuration: Configuration([:])))
        let result = try ParameterImportance.evaluate(
            history, space: ImportanceFixtures.conditionalSpace, method: .pedANOVA())
        #expect(result.trialCount == 40 && result.skippedTrialCount == 3)
    }

    @Test("a maximized study ranks by the value's loss")
    func maximizedStudy() throws {
        var history = ImportanceFixtures.history(count: 500, dimension: 3) { -5 * $0[2] }
        history.directions = [.maximize]
        for index in history.trials.indices {
            history.trials[index].values = history.trials[index].values.map { $0.map { -$0 } }
        }
        let result = try ParameterImportance.evaluate(
            history, space: ImportanceFixtures.cube(3), method: .pedANOVA())
        #expect(result.ranking.first == "x3")
    }

    @Test("the JSON form has the keys automl ablate prints")
    func jsonKeys() throws {
        let history = ImportanceFixtures.history(count: 60, dimension: 2) { $0[0] + $0[0] * $0[1] }
        let space = ImportanceFixtures.cube(2)
        let fanova = try ParameterImportance.evaluate(
            history, space: space, method: .fanova(.init(treeCount: 4, bootstrapCount: 2)))
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(fanova)) as? [String: Any])
        let importance = try #require(object["importance"] as? [[String: Any]])
        #expect(Set(importance[0].keys) == ["parameter", "fraction", "low", "high"])
        let interactions = try #require(object["interactions"] as? [[String: Any]])
        #expect(Set(interactions[0].keys) == ["parameters", "fraction"])
        #expect((interactions[0]["parameters"] as? [String]) == ["x1", "x2"])
        #expect(
            try JSONDecoder().decode(ImportanceResult.self, from: JSONEncoder().encode(fanova))
                == fanova)
        // PED-ANOVA has no interval: the keys stay, as null.
        let ped = try ParameterImportance.evaluate(history, space: space)
        let pedObject = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(ped)) as? [String: Any])
        let first = try #require((pedObject["importance"] as? [[String: Any]])?.first)
        #expect(first["low"] is NSNull && first["high"] is NSNull)
        #expect(
            try JSONDecoder().decode(ImportanceResult.self, from: JSONEncoder().encode(ped)) == ped)
    }

    @Test("too few trials, no searched parameter and bad settings throw precise errors")
    func errors() {
        let one = ImportanceFixtures.history(count: 1, dimension: 2) { $0[0] }
        let space = ImportanceFixtures.cube(2)
        #expect(throws: AblationError.tooFewTrials(method: "fANOVA", found: 1, needed: 2)) {
            try ParameterImportance.evaluate(one, space: space, method: .fanova())
        }
        #expect(throws: AblationError.tooFewTrials(method: "PED-ANOVA", found: 1, needed: 2)) {
            try ParameterImportance.evaluate(one, space: space)
        }
        let fixed = SearchSpace(unordered: [Parameter(name: "k", domain: .fixed(.integer(3)))])
        #expect(throws: AblationError.noSearchedParameters) {
            try ParameterImportance.evaluate(one, space: fixed)
        }
        let many = ImportanceFixtures.history(count: 10, dimension: 2) { $0[0] }
        #expect(
            throws: AblationError.invalidSetting(
                name: "treeCount", expected: "an integer ≥ 1", got: "0")
        ) {
            try ParameterImportance.evaluate(
                many, space: space, method: .fanova(.init(treeCount: 0)))
        }
        #expect(
            throws: AblationError.invalidSetting(
                name: "targetQuantile", expected: "in (0, 1)", got: "0.0")
        ) {
            try ParameterImportance.evaluate(
                many, space: space, method: .pedANOVA(.init(targetQuantile: 0)))
        }
        #expect(AblationError.noSearchedParameters.description.hasSuffix("to rank."))
    }
}

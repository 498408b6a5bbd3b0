import AutoMLLearners
import Foundation
import Testing

/// A made-up family's settings to exercise the rules and the JSON overlay.
private struct Settings: LearnerHyperparameters {
    var treeCount = 100
    var learningRate = 0.1
    var maxDepth: Int? = nil
    var criterion = "gini"
}

private let rules: [HyperparameterRule] = [
    .integer("tree_count", atLeast: 1),
    .real("learning_rate", above: 0, atMost: 1),
    .integer("max_depth", atLeast: 1, atMost: 64),
]

@Suite struct HyperparameterRuleTests {
    @Test("defaults pass every rule")
    func defaultsPass() throws {
        try HyperparameterRule.check(rules, on: Settings(), learner: "demo")
    }

    @Test("each rule's violating value is refused with its name and expectation", arguments: rules)
    func violations(rule: HyperparameterRule) throws {
        let settings = try HyperparameterCoding.decode(
            Settings(), overriding: [rule.name: .real(rule.violatingValue)], learner: "demo")
        #expect(throws: LearnerError.self) {
            try HyperparameterRule.check(rules, on: settings, learner: "demo")
        }
        do {
            try HyperparameterRule.check(rules, on: settings, learner: "demo")
        } catch {
            #expect(
                String(describing: error).hasPrefix(
                    "demo: \(rule.name) must be \(rule.expectation); got "))
        }
    }

    @Test("overrides replace defaults and leave other keys alone, optionals included")
    func overlay() throws {
        let settings = try HyperparameterCoding.decode(
            Settings(), overriding: ["tree_count": 7, "max_depth": 3], learner: "demo")
        #expect(
            settings == Settings(treeCount: 7, learningRate: 0.1, maxDepth: 3, criterion: "gini"))
    }

    @Test("an unknown key and a value of the wrong type are refused")
    func refused() {
        #expect(throws: LearnerError.self) {
            try HyperparameterCoding.decode(
                Settings(), overriding: ["tree_cout": 7], learner: "demo")
        }
        #expect(throws: LearnerError.self) {
            try HyperparameterCoding.decode(
                Settings(), overriding: ["tree_count": "many"], learner: "demo")
        }
    }

    @Test("expectations read as words")
    func wording() {
        #expect(HyperparameterRule.integer("n", atLeast: 1).expectation == "an integer ≥ 1")
        #expect(
            HyperparameterRule.real("p", above: 0, atMost: 1).expectation
                == "a finite number > 0 and ≤ 1")
    }
}

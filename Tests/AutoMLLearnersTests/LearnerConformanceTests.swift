import AutoMLLearners
import AutoMLTestSupport
import Testing

@Suite struct LearnerConformanceTests {
    @Test(
        "every learner family of the catalog meets the learner contract",
        arguments: LearnerCatalog.families.map(\.name))
    func conformance(name: String) {
        let violations = LearnerConformance.violations(of: name)
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    @Test("the model registry holds each catalog family's model type once")
    func registry() {
        let names = ModelRegistry.modelTypes.map { $0.familyName }
        #expect(Set(names).count == names.count)
        for family in LearnerCatalog.families {
            #expect(
                ModelRegistry.modelType(named: family.modelType.familyName) != nil, "\(family.name)"
            )
        }
        #expect(Set(LearnerCatalog.families.map(\.costRank)).count == LearnerCatalog.families.count)
    }
}

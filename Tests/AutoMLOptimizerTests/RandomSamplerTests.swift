import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStudy
import Testing

@Suite struct RandomSamplerTests {
    let space = SearchSpace(unordered: [
        Parameter(name: "x", domain: .float(low: -5, high: 10, log: false, step: nil)),
        Parameter(name: "n", domain: .integer(low: 1, high: 12, log: false, step: 1)),
    ])

    @Test("same seed and history give the same suggestions; another seed differs")
    func deterministic() throws {
        let a = try RandomSampler(seed: 1).suggest(3, in: space, history: StudyHistory())
        let b = try RandomSampler(seed: 1).suggest(3, in: space, history: StudyHistory())
        let c = try RandomSampler(seed: 2).suggest(3, in: space, history: StudyHistory())
        #expect(a == b && a != c)
        #expect(a.allSatisfy { space.contains($0) })
        #expect(Set(a).count == 3)
    }
}

import AutoMLLearners
import AutoMLSearchSpace
import AutoMLStudy
import Testing

@testable import AutoMLAblation

@Suite struct FunctionalANOVAImportanceTests {
    private static let small = FunctionalANOVA.Settings(treeCount: 16, bootstrapCount: 0)

    @Test("a hand-built tree decomposes as computed by hand: f = 4·[x1 > ½]·[x2 > ½]")
    func handBuiltTree() throws {
        // Mean 1, variance E[f²] − 1 = 4 − 1 = 3. E[f | x1] is 2 above ½ and 0 below, so
        // V1 = ½·2² − 1 = 1; likewise V2 = 1; the pair's marginal is f itself, V12 = 3, and the
        // interaction is 3 − 1 − 1 = 1.
        let tree = TreeStructure(
            features: [0, -1, 1, -1, -1], thresholds: [0.5, 0, 0.5, 0, 0],
            children: [1, 0, 3, 1, 2], leafValues: [0, 0, 4], valueWidth: 1)
        let unit = try #require(
            FeatureMeasure(
                Parameter(name: "u", domain: .float(low: 0, high: 1, log: false, step: nil))))
        let decomposition = TreeVarianceDecomposition(tree: tree, measures: [unit, unit])
        #expect(abs(decomposition.mean - 1) < 1e-12)
        #expect(abs(decomposition.totalVariance - 3) < 1e-12)
        #expect(abs(decomposition.mainEffectVariance(0) - 1) < 1e-12)
        #expect(abs(decomposition.mainEffectVariance(1) - 1) < 1e-12)
        var buffer: [Double] = []
        #expect(abs(decomposition.pairVariance(0, 1, buffer: &buffer) - 3) < 1e-12)
    }

    @Test("discrete axes weigh levels: a categorical split and an integer split")
    func discreteMeasures() throws {
        // Choice 0 of three → 3, choices 1 and 2 → 0: mean 1, variance ⅓·4 + ⅔·1 = 2, all of it
        // the choice's main effect.
        let choice = try #require(
            FeatureMeasure(
                Parameter(
                    name: "c", domain: .categorical([.string("p"), .string("q"), .string("r")]))))
        let categorical = TreeVarianceDecomposition(
            tree: TreeStructure(
                features: [0, -1, -1], thresholds: [0.5, 0, 0], children: [1, 0, 1],
                leafValues: [3, 0], valueWidth: 1),
            measures: [choice])
        #expect(abs(categorical.mean - 1) < 1e-12)
        #expect(abs(categorical.totalVariance - 2) < 1e-12)
        #expect(abs(categorical.mainEffectVariance(0) - 2) < 1e-12)
        // An int in 1…4 has four equal slices; a threshold between the encodings of 1 and 2
        // leaves one level (¼) on the left, wherever between them it falls.
        let integer = try #require(
            FeatureMeasure(
                Parameter(name: "k", domain: .integer(low: 1, high: 4, log: false, step: 1))))
        let one = integer.encode(1)
        let two = integer.encode(2)
        #expect(
            abs(integer.measure(above: -.infinity, atMost: one + (two - one) * 0.1) - 0.25) < 1e-12)
        #expect(
            abs(integer.measure(above: -.infinity, atMost: one + (two - one) * 0.9) - 0.25) < 1e-12)
        #expect(abs(integer.measure(above: one, atMost: .infinity) - 0.75) < 1e-12)
        #expect(integer.encode(2.4) == two)
    }

    @Test("f = 10·x1 + x2 + 0·(x3…x6): x1 > x2 > the rest, which stay near zero")
    func linearRanking() throws {
        let history = ImportanceFixtures.history(count: 300, dimension: 6, noise: 0.01) {
            10 * $0[0] + $0[1]
        }
        let result = try ParameterImportance.evaluate(
            history, space: ImportanceFixtures.cube(6), method: .fanova(Self.small), seed: 1)
        #expect(Array(result.ranking.prefix(2)) == ["x1", "x2"])
        let x1 = try #require(result.effect(of: "x1")).fraction
        let x2 = try #require(result.effect(of: "x2")).fraction
        // Closed form: 100/101 and 1/101.
        #expect(abs(x1 - 100.0 / 101) < 0.03, "x1 \(x1)")
        for name in ["x3", "x4", "x5", "x6"] {
            let fraction = try #require(result.effect(of: name)).fraction
            #expect(fraction < x2 && fraction < 0.005, "\(name) \(fraction)")
        }
    }

    @Test(
        "f = (x1 − ½)(x2 − ½): the pair's interaction holds the variance, the main effects little")
    func interactionOnly() throws {
        let history = ImportanceFixtures.history(count: 400, dimension: 4) {
            ($0[0] - 0.5) * ($0[1] - 0.5)
        }
        let result = try ParameterImportance.evaluate(
            history, space: ImportanceFixtures.cube(4), method: .fanova(Self.small), seed: 2)
        let pair = try #require(result.interaction("x1", "x2")).fraction
        #expect(pair > 0.7, "interaction \(pair)")
        #expect(result.interactions.first?.parameters == ["x1", "x2"])
        for effect in result.mainEffects {
            #expect(effect.fraction < 0.1, "\(effect.parameter) \(effect.fraction)")
        }
    }

    @Test("g = 2·x1 + x2 + 12·(x1 − ½)(x3 − ½): main effects within 0.05 of the Sobol indices")
    func closedFormSobolIndices() throws {
        // For independent U(0, 1) inputs: Var(2·x1) = 4/12, Var(x2) = 1/12, and the product of
        // two centred uniforms has mean 0 and variance (1/12)² · 144 = 1, with E[· | x1] =
        // E[· | x3] = 0, so it adds only to the (x1, x3) interaction. Total 4/12 + 1/12 + 1 =
        // 17/12: S1 = 4/17, S2 = 1/17, S3 = 0, S13 = 12/17.
        let history = ImportanceFixtures.history(count: 1000, dimension: 3, seed: 5) {
            2 * $0[0] + $0[1] + 12 * ($0[0] - 0.5) * ($0[2] - 0.5)
        }
        let result = try ParameterImportance.evaluate(
            history, space: ImportanceFixtures.cube(3), method: .fanova(Self.small), seed: 3)
        let expected = ["x1": 4.0 / 17, "x2": 1.0 / 17, "x3": 0.0]
        for (name, index) in expected {
            let fraction = try #require(result.effect(of: name)).fraction
            #expect(abs(fraction - index) < 0.05, "\(name): \(fraction), Sobol \(index)")
        }
        let s13 = try #require(result.interaction("x1", "x3")).fraction
        #expect(abs(s13 - 12.0 / 17) < 0.1, "S13 \(s13), Sobol \(12.0 / 17)")
    }

    @Test("bootstrap intervals bracket the estimate; the same seed repeats, another moves them")
    func bootstrapIntervals() throws {
        let history = ImportanceFixtures.history(count: 120, dimension: 3, noise: 0.1) {
            3 * $0[0] + $0[1]
        }
        let space = ImportanceFixtures.cube(3)
        let settings = FunctionalANOVA.Settings(treeCount: 8, bootstrapCount: 6)
        let first = try ParameterImportance.evaluate(
            history, space: space, method: .fanova(settings), seed: 11)
        let again = try ParameterImportance.evaluate(
            history, space: space, method: .fanova(settings), seed: 11)
        let parallel = try ParameterImportance.evaluate(
            history, space: space, method: .fanova(.init(treeCount: 8, bootstrapCount: 6, jobs: 2)),
            seed: 11)
        let other = try ParameterImportance.evaluate(
            history, space: space, method: .fanova(settings), seed: 12)
        #expect(first == again)
        #expect(first == parallel)
        #expect(first.mainEffects.map(\.low) != other.mainEffects.map(\.low))
        let x1 = try #require(first.effect(of: "x1"))
        let low = try #require(x1.low)
        let high = try #require(x1.high)
        #expect(low <= high && low > 0.5 && high <= 1, "x1 \(x1)")
    }
}

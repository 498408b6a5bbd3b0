import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// Known-answer values come from a direct Python transcription of the reference algorithms
// (SplitMix64 seeding four xoshiro256** state words; child seed = splitMix(seed ^ label·c₁ ^ c₂)):
//   seed 42: 0x15780b2e0c2ec716, 0x6104d9866d113a7e, 0xae17533239e499a1
//   seed 0:  0x99ec5f36cb75f2b4, 0xbf6e1f784956452a
//   seed 42, child(7): seed 0x7162ad801934fc3e, stream 0x7a8370ab5ccd1912, 0x8dc6b4a54715e568

/// Draws `count` raw 64-bit outputs.
private func draws(_ random: inout RandomSource, _ count: Int) -> [UInt64] {
    (0..<count).map { _ in random.next() }
}

@Suite struct RandomSourceTests {
    // MARK: Reproducibility

    @Test("the stream matches the reference xoshiro256** outputs")
    func knownAnswers() {
        var fortyTwo = RandomSource(seed: 42)
        #expect(
            draws(&fortyTwo, 3) == [
                0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1,
            ])
        var zero = RandomSource(seed: 0)
        #expect(draws(&zero, 2) == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A])
        var child = RandomSource(seed: 42).child(7)
        #expect(child.seed == 0x7162_AD80_1934_FC3E)
        #expect(draws(&child, 2) == [0x7A83_70AB_5CCD_1912, 0x8DC6_B4A5_4715_E568])
    }

    @Test("the same seed gives the same stream")
    func sameSeedSameStream() {
        var first = RandomSource(seed: 2024)
        var second = RandomSource(seed: 2024)
        #expect(draws(&first, 1000) == draws(&second, 1000))
        #expect(first == second)
        #expect(first.seed == 2024)
    }

    @Test("a copy replays the same stream (value semantics)")
    func copyReplays() {
        var original = RandomSource(seed: 9)
        _ = draws(&original, 10)
        var copy = original
        #expect(draws(&original, 100) == draws(&copy, 100))
    }

    @Test("different seeds give different streams")
    func differentSeedsDiffer() {
        var streams = (0..<16).map { RandomSource(seed: UInt64($0)) }
        let firstDraws = streams.indices.map { draws(&streams[$0], 4) }
        #expect(Set(firstDraws.map { $0.description }).count == 16)
        var one = RandomSource(seed: 1)
        var two = RandomSource(seed: 2)
        // Not one of the first thousand positions coincides.
        #expect(zip(draws(&one, 1000), draws(&two, 1000)).allSatisfy { $0 != $1 })
    }

    // MARK: Children

    @Test("child(k) is deterministic and independent of how far the parent has advanced")
    func childDeterministic() {
        let parent = RandomSource(seed: 77)
        var a = parent.child(3)
        var b = parent.child(3)
        #expect(a == b)
        #expect(draws(&a, 100) == draws(&b, 100))
        var advanced = parent
        _ = draws(&advanced, 500)
        var c = advanced.child(3)
        var d = parent.child(3)
        #expect(draws(&c, 100) == draws(&d, 100))
    }

    @Test("child streams differ from the parent and from each other")
    func childrenDiffer() {
        let parent = RandomSource(seed: 77)
        var parentStream = parent
        let parentDraws = draws(&parentStream, 100)
        var childDraws = [[UInt64]]()
        for label in UInt64(0)..<32 {
            var child = parent.child(label)
            #expect(child.seed != parent.seed)
            let stream = draws(&child, 100)
            #expect(stream != parentDraws, "child \(label) replays the parent")
            childDraws.append(stream)
        }
        #expect(Set(childDraws.map { $0.description }).count == 32)
        // Children of different parents with the same label differ too.
        var other = RandomSource(seed: 78).child(0)
        var same = parent.child(0)
        #expect(draws(&other, 10) != draws(&same, 10))
    }

    // MARK: Distributions

    @Test("uniform lies in [0, 1) with mean ≈ 0.5 and variance ≈ 1/12 over 100k draws")
    func uniformMoments() {
        var random = RandomSource(seed: 1)
        let n = 100_000
        let values = (0..<n).map { _ in random.uniform() }
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        #expect(isClose(mean, 0.5, tolerance: 0.01))
        #expect(isClose(variance, 1.0 / 12, tolerance: 0.005))
        // Each tenth of the interval gets about a tenth of the draws (expected 10,000, sd ≈ 95).
        var deciles = [Int](repeating: 0, count: 10)
        for value in values { deciles[Int(value * 10)] += 1 }
        #expect(deciles.allSatisfy { abs($0 - 10_000) < 600 }, "decile counts \(deciles)")
    }

    @Test("uniform(low, high) stays in [low, high)")
    func uniformRange() {
        var random = RandomSource(seed: 2)
        let values = (0..<10_000).map { _ in random.uniform(-3, 5) }
        #expect(values.allSatisfy { $0 >= -3 && $0 < 5 })
        #expect(isClose(values.reduce(0, +) / 10_000, 1, tolerance: 0.1))
    }

    @Test("normal has mean ≈ 0 and variance ≈ 1 over 100k draws")
    func normalMoments() {
        var random = RandomSource(seed: 3)
        let n = 100_000
        let values = (0..<n).map { _ in random.normal() }
        #expect(values.allSatisfy { $0.isFinite })
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        // Standard errors: 0.0032 for the mean, 0.0045 for the variance.
        #expect(isClose(mean, 0, tolerance: 0.02))
        #expect(isClose(variance, 1, tolerance: 0.03))
        // About 68.3 % within one standard deviation.
        let within = Double(values.filter { abs($0) < 1 }.count) / Double(n)
        #expect(isClose(within, 0.6827, tolerance: 0.01))
    }

    @Test("normal(mean:standardDeviation:) shifts and scales")
    func normalShifted() {
        var random = RandomSource(seed: 4)
        let n = 50_000
        let values = (0..<n).map { _ in random.normal(mean: 10, standardDeviation: 2) }
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        #expect(isClose(mean, 10, tolerance: 0.05))
        #expect(isClose(variance, 4, tolerance: 0.15))
    }

    @Test("integer(below:) stays in range and is roughly uniform")
    func integerBelow() {
        var random = RandomSource(seed: 5)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 {
            let k = random.integer(below: 6)
            #expect((0..<6).contains(k))
            counts[k] += 1
        }
        // Expected 10,000 each, sd ≈ 91.
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 }, "counts \(counts)")
        #expect((0..<100).allSatisfy { _ in random.integer(below: 1) == 0 })
    }

    @Test("permutation returns every index exactly once and is reproducible")
    func permutation() {
        var random = RandomSource(seed: 6)
        let p = random.permutation(100)
        #expect(p.sorted() == Array(0..<100))
        #expect(p != Array(0..<100))
        var again = RandomSource(seed: 6)
        #expect(again.permutation(100) == p)
        #expect(random.permutation(0) == [])
        #expect(random.permutation(1) == [0])
    }

    @Test("permutation puts each element in each position about equally often")
    func permutationUniform() {
        var random = RandomSource(seed: 7)
        // counts[i][j]: how often element i lands at position j; expected 4000 each, sd ≈ 57.
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 4), count: 4)
        for _ in 0..<16_000 {
            for (position, element) in random.permutation(4).enumerated() {
                counts[element][position] += 1
            }
        }
        #expect(counts.joined().allSatisfy { abs($0 - 4000) < 350 }, "counts \(counts)")
    }

    @Test("shuffle permutes the values in place")
    func shuffle() {
        var random = RandomSource(seed: 8)
        var letters = Array("abcdefghij")
        random.shuffle(&letters)
        #expect(letters.sorted() == Array("abcdefghij"))
        var empty = [Int]()
        random.shuffle(&empty)
        #expect(empty.isEmpty)
    }

    // MARK: Codable

    @Test("a JSON round trip continues the same stream")
    func codableContinuesStream() throws {
        var original = RandomSource(seed: 123)
        _ = draws(&original, 37)
        let data = try JSONEncoder().encode(original)
        var decoded = try JSONDecoder().decode(RandomSource.self, from: data)
        #expect(decoded == original)
        #expect(decoded.seed == 123)
        #expect(draws(&decoded, 200) == draws(&original, 200))
        #expect(decoded.child(4) == original.child(4))
    }

    @Test("decoding refuses a state without four words")
    func codableRejectsBadState() throws {
        let json = Data(#"{"seed": 1, "state": [1, 2, 3]}"#.utf8)
        #expect(throws: DecodingError.self) {
            _ = try JSONDecoder().decode(RandomSource.self, from: json)
        }
    }
}

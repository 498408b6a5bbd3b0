import Foundation

/// A seeded pseudo-random generator that every stochastic component takes explicitly.
///
/// xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64. It is a value type, so a
/// copy replays the same stream, and it is `Sendable`, so each task can own one. Child
/// generators for trees, folds or workers come from ``child(_:)``, which derives an independent
/// stream from this generator's seed and a label, so results do not depend on scheduling.
public struct RandomSource: RandomNumberGenerator, Sendable, Equatable, Codable {
    @usableFromInline var state: (UInt64, UInt64, UInt64, UInt64)
    /// The seed this generator was created from.
    public let seed: UInt64

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        var mixer = seed
        state = (
            Self.splitMix(&mixer), Self.splitMix(&mixer), Self.splitMix(&mixer),
            Self.splitMix(&mixer)
        )
        if state == (0, 0, 0, 0) { state.0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// A generator for an independent sub-stream, e.g. fold `k` or tree `t`.
    /// The same seed and label always give the same child.
    public func child(_ label: UInt64) -> RandomSource {
        var mixer = seed ^ (label &* 0xD2B7_4407_B1CE_6E93) ^ 0x5851_F42D_4C95_7F2D
        return RandomSource(seed: Self.splitMix(&mixer))
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A uniform integer in 0..<bound (bound > 0), without modulo bias.
    public mutating func integer(below bound: Int) -> Int {
        precondition(bound > 0, "integer(below:) needs a positive bound")
        return Int.random(in: 0..<bound, using: &self)
    }

    /// A standard normal variate (Marsaglia's polar method).
    public mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// A normal variate with the given mean and standard deviation.
    public mutating func normal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * normal()
    }

    /// A random permutation of 0..<count (Fisher–Yates).
    public mutating func permutation(_ count: Int) -> [Int] {
        var values = Array(0..<count)
        shuffle(&values)
        return values
    }

    /// Shuffles `values` in place (Fisher–Yates).
    public mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, integer(below: i + 1))
        }
    }

    public static func == (lhs: RandomSource, rhs: RandomSource) -> Bool {
        lhs.seed == rhs.seed && lhs.state == rhs.state
    }

    private enum CodingKeys: String, CodingKey { case seed, state }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seed = try container.decode(UInt64.self, forKey: .seed)
        let words = try container.decode([UInt64].self, forKey: .state)
        guard words.count == 4 else {
            throw DecodingError.dataCorruptedError(
                forKey: .state, in: container, debugDescription: "state must hold 4 words")
        }
        state = (words[0], words[1], words[2], words[3])
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seed, forKey: .seed)
        try container.encode([state.0, state.1, state.2, state.3], forKey: .state)
    }

    private static func splitMix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@usableFromInline @inline(__always)
func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

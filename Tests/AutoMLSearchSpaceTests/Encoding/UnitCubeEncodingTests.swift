import AutoMLNumerics
import AutoMLSearchSpace
import Testing

/// x (linear float), lr (log float), depth (int 1…12), kernel (3 choices), gamma (log float,
/// only for rbf and poly), degree (int 2…5 step 1, only for poly), seed (fixed).
private let space = SearchSpace(unordered: [
    Parameter(name: "x", domain: .float(low: -5, high: 10, log: false, step: nil)),
    Parameter(name: "lr", domain: .float(low: 1e-4, high: 1, log: true, step: nil)),
    Parameter(name: "depth", domain: .integer(low: 1, high: 12, log: false, step: 1)),
    Parameter(
        name: "kernel", domain: .categorical([.string("rbf"), .string("linear"), .string("poly")])),
    Parameter(
        name: "gamma", domain: .float(low: 1e-3, high: 10, log: true, step: nil),
        conditions: [Condition(parent: "kernel", values: [.string("rbf"), .string("poly")])]),
    Parameter(
        name: "degree", domain: .integer(low: 2, high: 5, log: false, step: 1),
        conditions: [Condition(parent: "kernel", values: [.string("poly")])]),
    Parameter(name: "seed", domain: .fixed(.integer(7))),
])

@Suite struct UnitCubeEncodingTests {
    let encoding = UnitCubeEncoding(space)

    @Test("lays out one coordinate per number, one per choice, none for fixed parameters")
    func layout() {
        #expect(encoding.dimension == 1 + 1 + 1 + 3 + 1 + 1)
        #expect(encoding.coordinates[0] == .continuous(parameter: 0))
        #expect(encoding.coordinates[2] == .ordinal(parameter: 2, levelCount: 12))
        #expect(encoding.coordinates[3] == .oneHot(parameter: 3, choice: 0))
        #expect(encoding.coordinateRanges[6].isEmpty)
        #expect(!encoding.isContinuousAndUnconditional)
    }

    @Test("encodes log scales, level centres and one-hot choices; inactive parameters sit at 0.5")
    func encode() throws {
        let configuration = Configuration([
            "x": .real(2.5), "lr": .real(1e-2), "depth": .integer(1), "kernel": .string("linear"),
            "seed": .integer(7),
        ])
        let point = try #require(encoding.encode(configuration))
        #expect(abs(point[0] - 0.5) < 1e-12)  // (2.5 + 5) / 15
        #expect(abs(point[1] - 0.5) < 1e-12)  // log 1e-2 is halfway between log 1e-4 and log 1
        #expect(abs(point[2] - 0.5 / 12) < 1e-12)  // the centre of the first of 12 levels
        #expect(Array(point[3..<6]) == [0, 1, 0])
        #expect(
            point[6] == UnitCubeEncoding.inactiveValue && point[7] == UnitCubeEncoding.inactiveValue
        )
        // A value the space cannot place, and a missing active parameter, give nil.
        var unknown = configuration
        unknown["kernel"] = .string("sigmoid")
        #expect(encoding.encode(unknown) == nil)
        var missing = configuration
        missing["x"] = nil
        #expect(encoding.encode(missing) == nil)
    }

    @Test("decode after encode gives the configuration back")
    func roundTrip() throws {
        let configuration = Configuration([
            "x": .real(-1.25), "lr": .real(3e-3), "depth": .integer(9), "kernel": .string("poly"),
            "gamma": .real(0.2), "degree": .integer(4), "seed": .integer(7),
        ])
        let decoded = encoding.decode(try #require(encoding.encode(configuration)))
        #expect(decoded["depth"] == .integer(9) && decoded["degree"] == .integer(4))
        #expect(decoded["kernel"] == .string("poly") && decoded["seed"] == .integer(7))
        #expect(abs((decoded["x"]?.number ?? 0) + 1.25) < 1e-12)
        #expect(abs((decoded["lr"]?.number ?? 0) - 3e-3) < 1e-15)
        #expect(abs((decoded["gamma"]?.number ?? 0) - 0.2) < 1e-14)
    }

    @Test("any point of the cube decodes to a valid configuration without inactive parameters")
    func decodeIsAlwaysValid() {
        var random = RandomSource(seed: 3)
        for _ in 0..<500 {
            let point = (0..<encoding.dimension).map { _ in random.uniform(-0.2, 1.2) }
            let configuration = encoding.decode(point)
            #expect(space.contains(configuration), "\(configuration)")
            if configuration["kernel"] == .string("linear") {
                #expect(configuration["gamma"] == nil && configuration["degree"] == nil)
            }
        }
    }

    @Test("canonicalize snaps levels and choices and parks inactive coordinates")
    func canonicalize() {
        // depth at 0.49 is level 6 of 12 (centre 5.5/12); kernel argmax is linear.
        let point: [Double] = [1.3, 0.25, 0.49, 0.2, 0.7, 0.4, 0.9, 0.1]
        let canonical = encoding.canonical(point)
        #expect(canonical[0] == 1 && canonical[1] == 0.25)
        #expect(abs(canonical[2] - 5.5 / 12) < 1e-12)
        #expect(Array(canonical[3..<6]) == [0, 1, 0])
        #expect(canonical[6] == 0.5 && canonical[7] == 0.5)
        #expect(encoding.canonical(canonical) == canonical)
        #expect(encoding.decode(canonical) == encoding.decode(point))
    }

    @Test("discrete neighbours move one integer step or switch one choice, children following")
    func neighbours() throws {
        let configuration = Configuration([
            "x": .real(0), "lr": .real(0.1), "depth": .integer(1), "kernel": .string("rbf"),
            "gamma": .real(1),
            "seed": .integer(7),
        ])
        let point = try #require(encoding.encode(configuration))
        let decoded = encoding.discreteNeighbours(of: point).map { encoding.decode($0) }
        // depth 1 can only go up; kernel can become linear or poly.
        #expect(decoded.count == 3)
        #expect(decoded.contains { $0["depth"] == .integer(2) && $0["kernel"] == .string("rbf") })
        #expect(decoded.contains { $0["kernel"] == .string("linear") && $0["gamma"] == nil })
        #expect(decoded.contains { $0["kernel"] == .string("poly") && $0["degree"] != nil })
        #expect(decoded.allSatisfy { space.contains($0) })
        let active = point.withUnsafeBufferPointer { encoding.continuousCoordinates(activeAt: $0) }
        #expect(active == [0, 1, 6])
    }

    @Test("a space of plain floats canonicalizes by clamping only")
    func continuousOnly() {
        let plain = UnitCubeEncoding(
            SearchSpace(unordered: [
                Parameter(name: "a", domain: .float(low: 0, high: 1, log: false, step: nil)),
                Parameter(name: "b", domain: .float(low: 1, high: 100, log: true, step: nil)),
            ]))
        #expect(plain.isContinuousAndUnconditional)
        #expect(plain.canonical([-0.5, 0.123456789]) == [0, 0.123456789])
    }

    @Test(
        "without conditions, canonicalize equals the encoding of the decoded point, for log and stepped levels too"
    )
    func unconditionalCanonical() throws {
        let flat = UnitCubeEncoding(
            SearchSpace(unordered: [
                Parameter(name: "x", domain: .float(low: -2, high: 3, log: false, step: nil)),
                Parameter(name: "q", domain: .float(low: 0, high: 1, log: false, step: 0.1)),
                Parameter(name: "n", domain: .integer(low: 1, high: 1000, log: true, step: 1)),
                Parameter(name: "k", domain: .integer(low: 0, high: 20, log: false, step: 5)),
                Parameter(
                    name: "c",
                    domain: .categorical([.string("a"), .integer(2), .real(0.5), .bool(true)])),
                Parameter(name: "f", domain: .fixed(.string("on"))),
            ]))
        #expect(flat.isUnconditional && !flat.isContinuousAndUnconditional)
        var random = RandomSource(seed: 11)
        for _ in 0..<500 {
            let point = (0..<flat.dimension).map { _ in random.uniform(-0.2, 1.2) }
            let canonical = flat.canonical(point)
            let roundTrip = try #require(flat.encode(flat.decode(point)))
            #expect(canonical.count == roundTrip.count)
            #expect(zip(canonical, roundTrip).allSatisfy { abs($0 - $1) < 1e-12 })
            #expect(flat.decode(canonical) == flat.decode(point))
        }
        // Ties between choices go to the first, as decoding does.
        #expect(
            Array(flat.canonical([0.5, 0.5, 0.5, 0.5, 0.7, 0.7, 0.1, 0.7])[4...]) == [1, 0, 0, 0])
    }
}

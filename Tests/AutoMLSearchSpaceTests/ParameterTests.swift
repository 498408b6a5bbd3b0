import AutoMLSearchSpace
import Testing

@Suite struct ParameterTests {
    @Test("unit positions map to the ends and middle of a linear float")
    func linearFloat() {
        let p = Parameter(name: "x", domain: .float(low: -5, high: 10, log: false, step: nil))
        #expect(p.value(atUnit: 0) == .real(-5))
        #expect(p.value(atUnit: 1) == .real(10))
        #expect(p.value(atUnit: 0.5) == .real(2.5))
        #expect(p.unit(of: .real(2.5)) == 0.5)
    }

    @Test("a log float's middle is the geometric mean")
    func logFloat() throws {
        let p = Parameter(name: "lr", domain: .float(low: 1e-4, high: 1, log: true, step: nil))
        let middle = try #require(p.value(atUnit: 0.5).number)
        #expect(abs(middle - 1e-2) < 1e-12)
    }

    @Test("every integer of a range is reachable and equally likely")
    func integers() {
        let p = Parameter(name: "depth", domain: .integer(low: 1, high: 4, log: false, step: 1))
        var counts = [Int: Int]()
        for k in 0..<400 {
            if case .integer(let v) = p.value(atUnit: (Double(k) + 0.5) / 400) {
                counts[v, default: 0] += 1
            }
        }
        #expect(counts == [1: 100, 2: 100, 3: 100, 4: 100])
    }

    @Test("a conditional parameter is absent when its parent has another value")
    func conditional() {
        let kernel = Parameter(
            name: "kernel", domain: .categorical([.string("rbf"), .string("linear")]))
        let gamma = Parameter(
            name: "gamma", domain: .float(low: 1e-3, high: 10, log: true, step: nil),
            conditions: [Condition(parent: "kernel", values: [.string("rbf")])])
        let space = SearchSpace(unordered: [gamma, kernel])
        #expect(space.parameters.map(\.name) == ["kernel", "gamma"])
        let linear = space.configuration { $0.name == "kernel" ? .string("linear") : .real(1) }
        #expect(linear.values == ["kernel": .string("linear")])
        let rbf = space.configuration { $0.name == "kernel" ? .string("rbf") : .real(1) }
        #expect(rbf.values == ["kernel": .string("rbf"), "gamma": .real(1)])
        #expect(space.contains(rbf) && space.contains(linear))
        #expect(!space.contains(Configuration(["kernel": .string("linear"), "gamma": .real(1)])))
    }
}

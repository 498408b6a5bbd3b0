/// The benchmark objectives by name, as `automl bench optimizers --functions` takes them.
public enum TestFunctionCatalog {
    /// The four functions of the reference figures (docs/benchmarks.md), the
    /// benchmark's default: `branin`, `hartmann6`, `rosenbrock4`, `ackley5`.
    public static let development: [any TestFunction] = [
        Branin(), Hartmann6(), Rosenbrock(dimension: 4), Ackley(dimension: 5),
    ]

    /// Functions the GP sampler was *not* developed on, to check that it does well beyond the
    /// four it was measured against while it was built: `hartmann3`, `six_hump_camel`,
    /// `styblinski_tang4`, `levy4`.
    public static let heldOut: [any TestFunction] = [
        Hartmann3(), SixHumpCamel(), StyblinskiTang(dimension: 4), Levy(dimension: 4),
    ]

    /// Every function, in the order the benchmark reports them.
    public static let all: [any TestFunction] = development + heldOut

    /// The names of ``all``.
    public static var names: [String] { all.map(\.name) }

    /// The function called `name`.
    /// - Throws: ``BenchmarkError/unknownTestFunction(name:available:)``.
    public static func function(named name: String) throws(BenchmarkError) -> any TestFunction {
        guard let function = all.first(where: { $0.name == name }) else {
            throw .unknownTestFunction(name: name, available: names)
        }
        return function
    }
}

/// The benchmark objectives by name, as `automl bench optimizers --functions` takes them.
public enum TestFunctionCatalog {
    /// Every function, in the order the benchmark reports them.
    public static let all: [any TestFunction] = [
        Branin(), Hartmann6(), Rosenbrock(dimension: 4), Ackley(dimension: 5),
    ]

    /// The names of ``all``: `branin`, `hartmann6`, `rosenbrock4`, `ackley5`.
    public static var names: [String] { all.map(\.name) }

    /// The function called `name`.
    /// - Throws: ``OptimizerError/unknownTestFunction(name:available:)``.
    public static func function(named name: String) throws(OptimizerError) -> any TestFunction {
        guard let function = all.first(where: { $0.name == name }) else {
            throw .unknownTestFunction(name: name, available: names)
        }
        return function
    }
}

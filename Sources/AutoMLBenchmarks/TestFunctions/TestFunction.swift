import AutoMLSearchSpace

/// A black-box objective with a known global minimum, for measuring samplers
/// (`automl bench optimizers`).
///
/// Definitions follow the Virtual Library of Simulation Experiments (Surjanovic & Bingham,
/// sfu.ca/~ssurjano) and the reference implementations the anchor figures were measured with, so regrets
/// compare with the Optuna, scikit-optimize and HEBO figures measured there.
public protocol TestFunction: Sendable {
    /// The name on the command line: `branin`, `hartmann6`, `rosenbrock4`, `ackley5`.
    var name: String { get }
    /// The box searched: one linear float parameter per coordinate, in coordinate order.
    var searchSpace: SearchSpace { get }
    /// The global minimum value f*.
    var minimum: Double { get }
    /// One point where f = f* (to round-off).
    var minimizer: [Double] { get }
    /// f at `x`, which holds one value per coordinate.
    func callAsFunction(_ x: [Double]) -> Double
}

extension TestFunction {
    /// The number of coordinates.
    public var dimension: Int { searchSpace.parameters.count }

    /// f at a configuration of ``searchSpace``; `nil` when a coordinate is missing or not a number.
    public func value(at configuration: Configuration) -> Double? {
        var x: [Double] = []
        x.reserveCapacity(searchSpace.parameters.count)
        for parameter in searchSpace.parameters {
            guard let value = configuration[parameter.name]?.number else { return nil }
            x.append(value)
        }
        return self(x)
    }

    /// The configuration of ``searchSpace`` at `x` (one value per coordinate).
    public func configuration(at x: [Double]) -> Configuration {
        var values: [String: ParameterValue] = [:]
        for (parameter, value) in zip(searchSpace.parameters, x) {
            values[parameter.name] = .real(value)
        }
        return Configuration(values)
    }

    /// A box of linear float coordinates named `names`, with one bounds pair per name.
    static func box(_ names: [String], bounds: [(Double, Double)]) -> SearchSpace {
        SearchSpace(
            unordered: zip(names, bounds).map { name, bound in
                Parameter(
                    name: name, domain: .float(low: bound.0, high: bound.1, log: false, step: nil))
            })
    }
}

import AutoMLNumerics
import Foundation

/// A random linear model of standard-normal features, optionally with a non-linear term
/// (scikit-learn's `make_regression` with one target and `effective_rank=None`).
///
/// ```swift
/// let data = try SyntheticRegression(.init(rowCount: 1_000, featureCount: 20, seed: 7))
///     .generate()
/// ```
///
/// As in scikit-learn, every feature is standard normal and the target is
/// `y = X · w + bias + ε`, where the first `informativeCount` weights are uniform in [0, 100),
/// the others are 0, and `ε` is normal with standard deviation `noiseStandardDeviation`.
/// Unlike scikit-learn, columns are not shuffled: the informative features are `f0…`.
///
/// With `nonlinear`, the target also gets the first two terms of Friedman's #1 function
/// (Friedman 1991, as in `make_friedman1`) on the informative features `a = f0`,
/// `b = f(1 mod m)`, `c = f(2 mod m)` for `m = informativeCount`:
/// `10 · sin(π · a · b) + 20 · (c − 0.5)²`. For standard-normal inputs this term has a
/// standard deviation near 35, against about 58 · √m for the linear part.
///
/// Features, weights and noise come from separate child streams of `seed`, so changing the
/// noise level or `nonlinear` leaves the features and weights unchanged.
/// O(rowCount · featureCount).
public struct SyntheticRegression: Sendable {
    /// What to generate; defaults mirror `make_regression`.
    public struct Parameters: Sendable, Equatable, Codable {
        /// Number of rows (`n_samples`, default 100).
        public var rowCount: Int
        /// Number of feature columns (`n_features`, default 100).
        public var featureCount: Int
        /// Number of features with a non-zero weight (`n_informative`, default 10).
        public var informativeCount: Int
        /// Standard deviation of the Gaussian noise added to the target (`noise`, default 0).
        public var noiseStandardDeviation: Double
        /// Constant added to the target (`bias`, default 0).
        public var bias: Double
        /// Whether to add the Friedman #1 term (no scikit-learn counterpart; default `false`).
        public var nonlinear: Bool
        /// Seed of every random draw (`random_state`).
        public var seed: UInt64

        /// Parameters with `make_regression`'s defaults for everything not given.
        /// - Parameters:
        ///   - rowCount: Number of rows, ≥ 1.
        ///   - featureCount: Number of feature columns, ≥ `informativeCount`.
        ///   - informativeCount: Features with a non-zero weight, ≥ 1.
        ///   - noiseStandardDeviation: Target noise, finite and ≥ 0.
        ///   - bias: Target offset, finite.
        ///   - nonlinear: Whether to add the Friedman #1 term.
        ///   - seed: Seed of every random draw.
        public init(
            rowCount: Int = 100, featureCount: Int = 100, informativeCount: Int = 10,
            noiseStandardDeviation: Double = 0, bias: Double = 0, nonlinear: Bool = false,
            seed: UInt64
        ) {
            self.rowCount = rowCount
            self.featureCount = featureCount
            self.informativeCount = informativeCount
            self.noiseStandardDeviation = noiseStandardDeviation
            self.bias = bias
            self.nonlinear = nonlinear
            self.seed = seed
        }
    }

    /// What this generator produces.
    public var parameters: Parameters

    /// A generator for `parameters`; they are checked by ``generate()``.
    public init(_ parameters: Parameters) {
        self.parameters = parameters
    }

    /// Draws the dataset.
    ///
    /// - Returns: `rowCount × featureCount` features named `f0…` and the target.
    /// - Throws: ``DataError/invalidArgument(name:value:expected:)`` naming the first
    ///   parameter out of range; ``Parameters`` lists the ranges.
    public func generate() throws(DataError) -> SyntheticData {
        try validate()
        let p = parameters
        let (n, width, m) = (p.rowCount, p.featureCount, p.informativeCount)
        let root = RandomSource(seed: p.seed)
        var featureStream = root.child(0)
        var weightStream = root.child(1)
        var noiseStream = root.child(2)
        let weights = (0..<m).map { _ in 100 * weightStream.uniform() }

        var features = Matrix(rows: n, columns: width)
        var target = [Double](repeating: p.bias, count: n)
        features.storage.withUnsafeMutableBufferPointer { x in
            target.withUnsafeMutableBufferPointer { y in
                for row in 0..<n {
                    let base = row * width
                    for j in 0..<width { x[base + j] = featureStream.normal() }
                    for j in 0..<m { y[row] += weights[j] * x[base + j] }
                    if p.nonlinear {
                        let (a, b, c) = (x[base], x[base + 1 % m], x[base + 2 % m])
                        y[row] += 10 * sin(Double.pi * a * b) + 20 * (c - 0.5) * (c - 0.5)
                    }
                    y[row] += p.noiseStandardDeviation * noiseStream.normal()
                }
            }
        }
        return SyntheticData(
            featureNames: SyntheticData.featureNames(count: width), features: features,
            target: target)
    }

    /// Checks every parameter, naming the first one out of range.
    private func validate() throws(DataError) {
        let p = parameters
        let name = "SyntheticRegression"
        try SyntheticData.check(p.rowCount, atLeast: 1, parameter: "rowCount", of: name)
        try SyntheticData.check(
            p.informativeCount, atLeast: 1, parameter: "informativeCount", of: name)
        try SyntheticData.check(
            p.featureCount, atLeast: p.informativeCount, bound: "informativeCount",
            parameter: "featureCount", of: name)
        try SyntheticData.check(
            p.noiseStandardDeviation, in: 0...(.greatestFiniteMagnitude),
            parameter: "noiseStandardDeviation", of: name)
        try SyntheticData.check(
            p.bias, in: -(.greatestFiniteMagnitude)...(.greatestFiniteMagnitude), parameter: "bias",
            of: name)
        try SyntheticData.checkSize(
            [[p.rowCount, p.featureCount], [p.featureCount]],
            parameters: "rowCount \(p.rowCount), featureCount \(p.featureCount)", of: name)
    }
}

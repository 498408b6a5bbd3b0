import AutoMLNumerics
import Foundation
import Testing

@testable import AutoMLData

/// Mean of column `j` over the rows where `include(row)` holds.
private func columnMean(_ m: Matrix, _ j: Int, where include: (Int) -> Bool = { _ in true })
    -> Double
{
    let rows = (0..<m.rows).filter(include)
    return rows.reduce(0) { $0 + m[$1, j] } / Double(rows.count)
}

/// Pearson correlation of two equally long samples.
private func correlation(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let (mx, my) = (x.reduce(0, +) / n, y.reduce(0, +) / n)
    var (sxy, sxx, syy) = (0.0, 0.0, 0.0)
    for (a, b) in zip(x, y) {
        sxy += (a - mx) * (b - my)
        sxx += (a - mx) * (a - mx)
        syy += (b - my) * (b - my)
    }
    return sxy / (sxx * syy).squareRoot()
}

struct InvalidParameterCase: Sendable, CustomTestStringConvertible {
    let parameter: String
    let generate: @Sendable () throws -> SyntheticData
    var testDescription: String { "refuses a bad \(parameter)" }
}

@Suite struct SyntheticDataTests {
    typealias Classification = SyntheticClassification.Parameters
    typealias Regression = SyntheticRegression.Parameters

    @Test("classification data has the asked shape, names and class indices as the target")
    func classificationShape() throws {
        let data = try SyntheticClassification(
            .init(rowCount: 250, featureCount: 7, informativeCount: 3, classCount: 3, seed: 1)
        ).generate()
        #expect(data.features.rows == 250 && data.features.columns == 7)
        #expect(data.featureNames == ["f0", "f1", "f2", "f3", "f4", "f5", "f6"])
        #expect(data.target.count == 250)
        #expect(Set(data.target) == [0, 1, 2])
        #expect(data.features.firstNonFinite() == nil)
    }

    @Test("the same seed gives the same data and another seed different data")
    func determinism() throws {
        let a = try SyntheticClassification(.init(rowCount: 300, seed: 5)).generate()
        let b = try SyntheticClassification(.init(rowCount: 300, seed: 5)).generate()
        let c = try SyntheticClassification(.init(rowCount: 300, seed: 6)).generate()
        #expect(a.features == b.features && a.target == b.target)
        #expect(a.features != c.features)
        let r = SyntheticRegression(.init(rowCount: 300, noiseStandardDeviation: 1, seed: 5))
        #expect(try r.generate().target == r.generate().target)
        #expect(try r.generate().features == r.generate().features)
    }

    @Test("classes are balanced within a few percent")
    func classBalance() throws {
        let data = try SyntheticClassification(
            .init(rowCount: 6000, informativeCount: 3, classCount: 4, seed: 2)
        ).generate()
        for label in 0..<4 {
            let share = Double(data.target.filter { $0 == Double(label) }.count) / 6000
            #expect(abs(share - 0.25) < 0.02)
        }
    }

    @Test("class means differ on informative features and agree on noise features")
    func classConditionalMeans() throws {
        let data = try SyntheticClassification(
            .init(
                rowCount: 5000, featureCount: 8, informativeCount: 3, redundantCount: 0,
                clustersPerClass: 1, classSeparation: 2, labelNoise: 0, seed: 3)
        ).generate()
        let gaps = (0..<8).map { j in
            abs(
                columnMean(data.features, j) { data.target[$0] == 0 }
                    - columnMean(data.features, j) { data.target[$0] == 1 })
        }
        // Centres are distinct vertices of {−2, 2}³: they differ by 4 in at least one column.
        #expect(try #require(gaps[0..<3].max()) > 3)
        #expect(gaps[3...].allSatisfy { $0 < 0.15 })
    }

    @Test("redundant features are exact linear combinations of the informative ones")
    func redundantFeatures() throws {
        let data = try SyntheticClassification(
            .init(rowCount: 400, featureCount: 5, informativeCount: 2, redundantCount: 2, seed: 4)
        ).generate()
        let x = data.features
        // Least squares of each redundant column on f0, f1 (2 × 2 normal equations).
        var (s00, s01, s11) = (0.0, 0.0, 0.0)
        for i in 0..<x.rows {
            s00 += x[i, 0] * x[i, 0]
            s01 += x[i, 0] * x[i, 1]
            s11 += x[i, 1] * x[i, 1]
        }
        let determinant = s00 * s11 - s01 * s01
        for j in 2..<4 {
            var (t0, t1) = (0.0, 0.0)
            for i in 0..<x.rows {
                t0 += x[i, 0] * x[i, j]
                t1 += x[i, 1] * x[i, j]
            }
            let (b0, b1) = (
                (s11 * t0 - s01 * t1) / determinant, (s00 * t1 - s01 * t0) / determinant
            )
            let residual = (0..<x.rows).map { abs(x[$0, j] - b0 * x[$0, 0] - b1 * x[$0, 1]) }
            #expect(try #require(residual.max()) < 1e-9)
        }
    }

    @Test("label noise redraws about the asked share of labels and leaves features alone")
    func labelNoise() throws {
        let clean = Classification(rowCount: 20_000, labelNoise: 0, seed: 8)
        var noisy = clean
        noisy.labelNoise = 0.2
        var noisier = clean
        noisier.labelNoise = 0.4
        let base = try SyntheticClassification(clean).generate()
        let some = try SyntheticClassification(noisy).generate()
        let more = try SyntheticClassification(noisier).generate()
        #expect(some.features == base.features)
        let changed = (0..<base.target.count).filter { base.target[$0] != some.target[$0] }
        // A redrawn label keeps its class half the time with two classes: 0.2 · ½ changes.
        #expect(abs(Double(changed.count) / 20_000 - 0.1) < 0.01)
        #expect(changed.allSatisfy { more.target[$0] != base.target[$0] })
    }

    @Test("regression data has the asked shape and names")
    func regressionShape() throws {
        let data = try SyntheticRegression(
            .init(rowCount: 120, featureCount: 4, informativeCount: 2, seed: 1)
        )
        .generate()
        #expect(data.features.rows == 120 && data.features.columns == 4)
        #expect(data.featureNames == ["f0", "f1", "f2", "f3"])
        #expect(data.target.count == 120)
    }

    @Test("the regression target is linear in the informative features only")
    func regressionLinearPart() throws {
        let data = try SyntheticRegression(
            .init(rowCount: 5000, featureCount: 10, informativeCount: 4, seed: 9)
        ).generate()
        let correlations = (0..<10).map { correlation(data.features.column($0), data.target) }
        // Independent features: squared correlations of the informative ones sum to R² = 1.
        let explained = correlations[0..<4].reduce(0) { $0 + $1 * $1 }
        #expect(abs(explained - 1) < 0.02)
        #expect(correlations[0..<4].allSatisfy { $0 > 0 })  // weights are positive
        #expect(correlations[4...].allSatisfy { abs($0) < 0.06 })
    }

    @Test("noise, bias and the non-linear term add to the same linear part")
    func regressionAdditions() throws {
        let linear = Regression(rowCount: 4000, featureCount: 6, informativeCount: 3, seed: 12)
        var noisy = linear
        noisy.noiseStandardDeviation = 10
        noisy.bias = 5
        var curved = linear
        curved.nonlinear = true
        let base = try SyntheticRegression(linear).generate()
        let withNoise = try SyntheticRegression(noisy).generate()
        let withTerm = try SyntheticRegression(curved).generate()
        #expect(withNoise.features == base.features && withTerm.features == base.features)

        let residual = zip(withNoise.target, base.target).map { $0 - $1 - 5 }
        let spread = (residual.reduce(0) { $0 + $1 * $1 } / Double(residual.count)).squareRoot()
        #expect(abs(spread - 10) < 0.5)
        #expect(correlation(withNoise.target, base.target) > 0.95)

        let x = base.features
        for i in 0..<x.rows {
            let term =
                10 * sin(Double.pi * x[i, 0] * x[i, 1]) + 20 * (x[i, 2] - 0.5) * (x[i, 2] - 0.5)
            #expect(abs(withTerm.target[i] - base.target[i] - term) < 1e-9)
        }
    }

    @Test("50,000 rows × 20 features generate without trouble", .timeLimit(.minutes(1)))
    func largeDataset() throws {
        let data = try SyntheticClassification(
            .init(
                rowCount: 50_000, featureCount: 20, informativeCount: 10, redundantCount: 5, seed: 1
            )
        ).generate()
        #expect(data.features.storage.count == 1_000_000)
        let regression = try SyntheticRegression(.init(rowCount: 50_000, featureCount: 20, seed: 1))
            .generate()
        #expect(regression.target.count == 50_000)
    }

    static let invalidCases: [InvalidParameterCase] = {
        func classification(_ parameter: String, _ p: Classification) -> InvalidParameterCase {
            InvalidParameterCase(parameter: "SyntheticClassification.\(parameter)") {
                try SyntheticClassification(p).generate()
            }
        }
        func regression(_ parameter: String, _ p: Regression) -> InvalidParameterCase {
            InvalidParameterCase(parameter: "SyntheticRegression.\(parameter)") {
                try SyntheticRegression(p).generate()
            }
        }
        return [
            classification("rowCount", .init(rowCount: 2, classCount: 3, seed: 0)),
            classification("classCount", .init(classCount: 1, seed: 0)),
            classification("informativeCount", .init(informativeCount: 0, seed: 0)),
            classification("redundantCount", .init(redundantCount: -1, seed: 0)),
            classification(
                "featureCount",
                .init(featureCount: 4, informativeCount: 3, redundantCount: 2, seed: 0)),
            classification("clustersPerClass", .init(clustersPerClass: 0, seed: 0)),
            classification(
                "clustersPerClass",
                .init(informativeCount: 2, classCount: 3, clustersPerClass: 2, seed: 0)),
            classification("classSeparation", .init(classSeparation: -1, seed: 0)),
            classification("classSeparation", .init(classSeparation: .infinity, seed: 0)),
            classification("labelNoise", .init(labelNoise: 1.5, seed: 0)),
            classification("labelNoise", .init(labelNoise: .nan, seed: 0)),
            regression("rowCount", .init(rowCount: 0, seed: 0)),
            regression("informativeCount", .init(informativeCount: 0, seed: 0)),
            regression("featureCount", .init(featureCount: 5, informativeCount: 6, seed: 0)),
            regression("noiseStandardDeviation", .init(noiseStandardDeviation: -1, seed: 0)),
            regression("bias", .init(bias: .nan, seed: 0)),
        ]
    }()

    @Test("invalid parameters are refused, naming the parameter", arguments: invalidCases)
    func invalidParameters(_ example: InvalidParameterCase) throws {
        let error = #expect(throws: DataError.self) { try example.generate() }
        guard case .invalidArgument(let name, _, _) = error else {
            Issue.record("expected invalidArgument, got \(String(describing: error))")
            return
        }
        #expect(name == example.parameter)
    }

    @Test(
        "sizes that cannot fit in memory are refused before anything is allocated",
        arguments: [
            { () throws in
                _ = try SyntheticClassification(.init(rowCount: .max, featureCount: 6, seed: 0))
                    .generate()
            },
            { () throws in
                _ = try SyntheticClassification(
                    .init(
                        rowCount: 10, featureCount: (1 << 40) + 2, informativeCount: 1 << 40,
                        seed: 0)
                ).generate()
            },
            { () throws in
                _ = try SyntheticRegression(.init(rowCount: 2, featureCount: 1 << 62, seed: 0))
                    .generate()
            },
            { () throws in
                _ = try SyntheticRegression(.init(rowCount: 1 << 20, featureCount: 1 << 9, seed: 0))
                    .generate()
            },
        ] as [@Sendable () throws -> Void])
    func tooLarge(_ generate: @Sendable () throws -> Void) {
        let error = #expect(throws: DataError.self) { try generate() }
        #expect(
            error?.description.contains("at most 268435456 numbers") == true,
            "\(String(describing: error))")
    }

    @Test("counts whose sum overflows are refused, not a trap")
    func overflowingCounts() {
        let error = #expect(throws: DataError.self) {
            try SyntheticClassification(
                .init(rowCount: 10, featureCount: .max, informativeCount: .max, seed: 0)
            )
            .generate()
        }
        guard case .invalidArgument(let name, _, _)? = error else {
            Issue.record("\(String(describing: error))"); return
        }
        #expect(name == "SyntheticClassification.informativeCount")
    }

    @Test("a bad parameter's message says what is expected")
    func parameterMessage() {
        let error = #expect(throws: DataError.self) {
            try SyntheticClassification(.init(featureCount: 3, seed: 0)).generate()
        }
        #expect(
            error?.description == "SyntheticClassification.featureCount must be an integer ≥ "
                + "informativeCount + redundantCount (4); got 3.")
    }
}

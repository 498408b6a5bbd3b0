import AutoMLData
import AutoMLNumerics

/// Generates a synthetic dataset and writes it as CSV: `automl data synth` as a library call.
public struct SynthesizeWorkflow: Sendable {
    /// Which generator to run.
    public enum Generator: Sendable {
        case classification(SyntheticClassification.Parameters)
        case regression(SyntheticRegression.Parameters)
    }

    public var generator: Generator
    /// The target column's name in the written file.
    public var targetName: String

    public init(generator: Generator, targetName: String = "target") {
        self.generator = generator
        self.targetName = targetName
    }

    /// The generated data as a table (features `f0…`, then the target).
    public func table() throws(DataError) -> Table {
        let data: SyntheticData
        switch generator {
        case .classification(let parameters):
            data = try SyntheticClassification(parameters).generate()
        case .regression(let parameters): data = try SyntheticRegression(parameters).generate()
        }
        var columns = [Column]()
        columns.reserveCapacity(data.featureNames.count + 1)
        for (index, name) in data.featureNames.enumerated() {
            columns.append(.numeric(name, data.features.column(index)))
        }
        guard !data.featureNames.contains(targetName) else {
            throw .duplicateColumnName(
                path: "<synthetic>", name: targetName, firstColumn: 1,
                secondColumn: columns.count + 1)
        }
        columns.append(.numeric(targetName, data.target))
        return try Table(source: "<synthetic>", columns: columns)
    }

    /// Generates the data and writes it to `path` atomically; returns the table written.
    @discardableResult
    public func write(to path: String) throws(DataError) -> Table {
        _ = try OutputPath.check(path)
        let generated = try table()
        try CSVWriter.write(generated, to: path)
        return generated
    }
}

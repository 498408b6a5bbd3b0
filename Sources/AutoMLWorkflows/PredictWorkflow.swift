import AutoMLData
import AutoMLLearners
import AutoMLModelSearch
import AutoMLNumerics
import Foundation

/// `automl predict` as a library call: applies a model file to a CSV file and writes one
/// `prediction` column (class names or numbers) in the input's row order, plus one
/// `probability_<class>` column per class for classifiers. The input may still hold the target
/// column; it is ignored.
public struct PredictWorkflow: Sendable {
    public var modelPath: String
    public var dataPath: String
    public var outputPath: String
    public var options: CSVOptions

    public init(
        modelPath: String, dataPath: String, outputPath: String, options: CSVOptions = .standard
    ) {
        self.modelPath = modelPath
        self.dataPath = dataPath
        self.outputPath = outputPath
        self.options = options
    }

    /// Data that does not fit the model it is given to.
    public struct InputError: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Predicts and writes the output atomically; returns the number of rows written.
    @discardableResult
    public func run() throws -> Int {
        let model = try ModelArtifact.load(contentsOf: modelPath)
        let table = try CSVReader.read(contentsOf: dataPath, options: options)
        let prediction: Prediction
        do {
            prediction = try model.predict(table)
        } catch LearnerError.data(.missingColumn(let name, _)), DataError.missingColumn(let name, _)
        {
            // The data, not the model, is at fault: say which column to bring back.
            throw InputError(
                path: dataPath,
                reason:
                    "has no column '\(name)', which \(modelPath) was trained with; give the training "
                    + "columns (the target column may be left out).")
        } catch let error as LearnerError {
            throw ModelSearchError.modelFile(
                path: dataPath, reason: "cannot apply \(modelPath): \(error.description)")
        } catch let error as DataError {
            throw ModelSearchError.modelFile(
                path: dataPath, reason: "cannot apply \(modelPath): \(error.description)")
        }
        var columns: [Column] = []
        switch prediction {
        case .classes(let labels, let probabilities):
            let classes = model.classes
            // A hand-edited or damaged file can list fewer class names than the model predicts.
            guard probabilities.columns == classes.count,
                labels.allSatisfy({ classes.indices.contains($0) })
            else {
                throw ModelSearchError.modelFile(
                    path: modelPath,
                    reason: "'classes' lists \(classes.count) class names but the model predicts "
                        + "\(probabilities.columns) classes; the file is damaged or was edited.")
            }
            columns.append(.categorical("prediction", labels.map { classes[$0] }))
            for (k, name) in classes.enumerated() {
                columns.append(
                    .numeric(
                        "probability_\(name)", (0..<probabilities.rows).map { probabilities[$0, k] }
                    ))
            }
        case .values(let values):
            columns.append(.numeric("prediction", values))
        }
        try CSVWriter.write(try Table(source: outputPath, columns: columns), to: outputPath)
        return table.rowCount
    }
}

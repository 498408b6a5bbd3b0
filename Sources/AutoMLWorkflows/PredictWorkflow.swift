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
    ///
    /// Before predicting, the rows are checked against what the model was trained on: a text
    /// cell in a numeric feature is refused naming its line and column; categories the model
    /// never saw are counted in ``warnings`` (they encode as all zeros). A feature left empty
    /// in every row is imputed as in training. After predicting, a non-finite prediction is
    /// refused with its line (nothing is written).
    @discardableResult
    public func run() throws -> Int {
        try run(warn: { _ in })
    }

    /// ``run()``, telling `warn` what the caller should know (unseen categories).
    @discardableResult
    public func run(warn: (String) -> Void) throws -> Int {
        // The output is checked first: a bad --out fails before any work, and never replaces
        // the data or the model.
        _ = try OutputPath.check(outputPath, protecting: [dataPath, modelPath])
        let model = try ModelArtifact.load(contentsOf: modelPath)
        let table = try CSVReader.read(contentsOf: dataPath, options: options)
        guard table.rowCount > 0 else {
            throw InputError(
                path: dataPath,
                reason: "has no rows to predict; give at least one data row after the header.")
        }
        let issues = model.inputIssues(in: table)
        if let cell = issues.textInNumericColumn {
            throw InputError(
                path: "\(dataPath):\(cell.line)",
                reason:
                    "column '\(cell.column)' holds the text '\(Self.cut(cell.text))' where \(modelPath) expects a "
                    + "number; fix the cell, or leave it empty to have it imputed.")
        }
        for unseen in issues.unseenCategories {
            warn(
                "\(dataPath): column '\(unseen.column)' holds categories the model never saw in \(unseen.rows) row(s) "
                    + "(first: '\(Self.cut(unseen.example))'); they are encoded as no category")
        }
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
            if let row = (0..<probabilities.rows).first(where: { r in
                (0..<probabilities.columns).contains { !probabilities[r, $0].isFinite }
            }) {
                throw ModelSearchError.modelFile(
                    path: modelPath,
                    reason:
                        "the model gives non-finite class probabilities for line \(table.lineNumbers[row]) of "
                        + "\(dataPath); nothing was written. The model file is damaged, or the row holds values far "
                        + "outside the training data.")
            }
        case .values(let values):
            if let row = values.firstIndex(where: { !$0.isFinite }) {
                throw ModelSearchError.modelFile(
                    path: modelPath,
                    reason:
                        "the model predicts \(values[row]) for line \(table.lineNumbers[row]) of \(dataPath); "
                        + "nothing was written. The model file is damaged, or the row holds values far outside the "
                        + "training data.")
            }
            columns.append(.numeric("prediction", values))
        }
        try CSVWriter.write(
            try Table(source: outputPath, columns: columns), to: outputPath,
            protecting: [dataPath, modelPath])
        return table.rowCount
    }

    private static func cut(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(37)) + "…" : text
    }
}

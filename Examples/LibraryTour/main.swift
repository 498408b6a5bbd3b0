// A small program that uses the AutoML library: read a CSV, describe it, cross-validate the
// baseline and save a pipeline. Run it with `swift run library-tour [FILE] [TARGET]`.
import AutoML
import Foundation

let arguments = CommandLine.arguments
let path = arguments.count > 1 ? arguments[1] : "Examples/iris.csv"
let targetName = arguments.count > 2 ? arguments[2] : "target"

do {
    let table = try CSVReader.read(contentsOf: path)
    let dataset = try Dataset(table: table, targetName: targetName)
    print(
        "\(path): \(dataset.rowCount) rows, \(dataset.features.columns.count) features, \(dataset.task.rawValue)"
    )

    // 5-fold cross-validation of the constant baseline, preprocessing fitted inside each fold.
    let metric: Metric = dataset.task == .classification ? .accuracy : .rmse
    let folds: [Split]
    switch dataset.target {
    case .classification(let labels, _):
        folds = try Splitter.stratifiedKFold(labels: labels, folds: 5, seed: 0)
    case .regression:
        folds = try Splitter.kFold(count: dataset.rowCount, folds: 5, shuffle: true, seed: 0)
    }
    var scores = [Double]()
    for split in folds {
        let pipeline = try Pipeline.fit(ConstantBaseline(), on: dataset.rows(at: split.train))
        let validation = dataset.rows(at: split.validation)
        switch (try pipeline.predict(validation.features), validation.target) {
        case (.classes(let predicted, _), .classification(let truth, let classes)):
            scores.append(
                try metric.score(truth: truth, predicted: predicted, classCount: classes.count))
        case (.values(let predicted), .regression(let truth)):
            scores.append(try metric.score(truth: truth, predicted: predicted))
        default:
            break
        }
    }
    let mean = scores.reduce(0, +) / Double(scores.count)
    print("baseline \(metric.rawValue): \(String(format: "%.4f", mean)) over \(scores.count) folds")

    // A pipeline carries its preprocessing, so it can be saved and used on raw tables.
    let pipeline = try Pipeline.fit(ConstantBaseline(), on: dataset)
    let json = try pipeline.jsonData()
    let restored = try Pipeline(jsonData: json)
    print(
        "saved pipeline: \(json.count) bytes; first prediction: \(try restored.predictedTexts(table.rows(at: [0]))[0])"
    )
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}

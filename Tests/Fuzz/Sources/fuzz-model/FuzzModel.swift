import AutoML
import CLibFuzzer
import Foundation

/// libFuzzer's entry point: reads the input as a model file, as `automl predict` and
/// `automl validate` would (`ModelArtifact(jsonData:source:)`: single pipelines and ensembles of
/// every learner family, format versions 1 and 2), and, when it reads, predicts with it.
///
/// A model that reads must:
/// - predict four rows with the columns it was trained on (numbers for numeric features; a
///   known category, an unseen one and a missing one for categorical features) and zero rows,
///   or throw — never crash, loop or allocate without bound;
/// - give a prediction of the right shape: one value per row, or one label per row naming one
///   of the file's classes and a probability row per row with one column per class;
/// - throw (not crash) for a table without its columns and for one with their kinds swapped;
/// - write itself back as JSON that reads again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    guard let model = try? ModelArtifact(jsonData: bytes, source: "fuzz.json") else { return 0 }
    let columns = expectedColumns(model)
    for table in [sampleTable(columns, rows: 4), sampleTable(columns, rows: 0)] {
        if let prediction = try? model.predict(table) {
            checkPrediction(prediction, rows: table.rowCount, classes: model.classes)
        }
    }
    if let swapped = try? Table(
        source: "swapped", columns: columns.map { sampleColumn($0.name, swapping: $0.encoding) })
    {
        _ = try? model.predict(swapped)
    }
    if !columns.isEmpty, let empty = try? Table(source: "unrelated", columns: [.numeric("?", [1])])
    {
        _ = try? model.predict(empty)
    }
    let written: Data
    do { written = try model.jsonData() } catch { return 0 }  // e.g. a value JSON cannot hold
    do { _ = try ModelArtifact(jsonData: written, source: "written.json") } catch {
        fatalError("a model that was read cannot be read again once written: \(error)")
    }
    return 0
}

/// A feature column a model was trained on, and how its preprocessing encodes it.
struct ExpectedColumn {
    var name: String
    var encoding: OneHotEncoder.Encoding
}

/// The columns of the model's pipelines (every member's, for an ensemble), each name once.
func expectedColumns(_ model: ModelArtifact) -> [ExpectedColumn] {
    let pipelines: [Pipeline]
    switch model {
    case .single(let pipeline): pipelines = [pipeline]
    case .ensemble(let ensemble): pipelines = ensemble.members
    }
    var seen = Set<String>()
    var columns: [ExpectedColumn] = []
    for pipeline in pipelines {
        let encoder = pipeline.preprocessor.encoder
        for (name, encoding) in zip(encoder.columnNames, encoder.encodings)
        where seen.insert(name).inserted {
            columns.append(ExpectedColumn(name: name, encoding: encoding))
        }
    }
    return columns
}

/// `rows` rows (at most four) of every expected column, in the kind the model expects.
func sampleTable(_ columns: [ExpectedColumn], rows: Int) -> Table {
    let table = try? Table(
        source: "sample",
        columns: columns.map { column in
            switch column.encoding {
            case .passthrough:
                return .numeric(column.name, Array([0.5, -1.25, .nan, 3e6].prefix(rows)))
            case .oneHot(let categories, _):
                let texts = [categories.first, "never seen in training", nil, categories.last]
                return .categorical(column.name, Array(texts.prefix(rows)))
            }
        })
    guard let table else { fatalError("the sample table cannot be built") }
    return table
}

/// A two-row column of the other kind than the model expects.
func sampleColumn(_ name: String, swapping encoding: OneHotEncoder.Encoding) -> Column {
    switch encoding {
    case .passthrough: return .categorical(name, ["text", nil])
    case .oneHot: return .numeric(name, [1, .nan])
    }
}

/// The shape every prediction promises (`Prediction`, and what `automl predict` writes).
func checkPrediction(_ prediction: Prediction, rows: Int, classes: [String]) {
    switch prediction {
    case .values(let values):
        expect(values.count == rows, "\(values.count) values for \(rows) rows")
    case .classes(let labels, let probabilities):
        expect(labels.count == rows, "\(labels.count) labels for \(rows) rows")
        expect(probabilities.rows == rows, "\(probabilities.rows) probability rows for \(rows)")
        expect(
            probabilities.columns == classes.count,
            "\(probabilities.columns) probability columns for \(classes.count) classes")
        expect(
            probabilities.storage.count == probabilities.rows * probabilities.columns,
            "a probability matrix of the wrong size")
        expect(
            labels.allSatisfy { classes.indices.contains($0) },
            "a label outside the \(classes.count) classes")
    }
}

/// Stops the run (libFuzzer keeps the input as a crash) when `condition` is false.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("broken invariant: \(message())") }
}

/// The entry point SwiftPM links (`--defsym main=fuzz_model_main`; `-parse-as-library` emits no `main`
/// of its own): hands over to libFuzzer's driver, as libFuzzer's `main` would.
@_cdecl("fuzz_model_main")
public func fuzzModelMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzzModel($0, $1) }
}

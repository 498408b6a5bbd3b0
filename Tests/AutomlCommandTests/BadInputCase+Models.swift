/// Model files given to `predict` and `validate`: not JSON, cut short, of another version or
/// kind, and damaged inside (shapes, counts, weights) — each refused naming the file and the
/// field, before anything is written. Edited from the fuzzing corpus's iris models.
extension BadInputCase {
    /// `automl predict --model m.json --data iris.csv --out p.csv` with `file` as `m.json`.
    private static func predict(_ name: String, _ file: ScratchFile, message: String)
        -> BadInputCase
    {
        BadInputCase(
            .models, "predict: \(name)", files: [iris, file],
            ["predict", "--model", "m.json", "--data", "iris.csv", "--out", "p.csv"],
            status: Status.badInput, message: "m.json: \(message)")
    }

    /// The logistic regression on iris with `value` (JSON text) at `path`.
    private static func logistic(_ path: String, _ value: String?) -> ScratchFile {
        .model("m.json", from: "logistic-iris.json", setting: path, to: value)
    }

    static var modelCases: [BadInputCase] {
        let give = "Give a model.json written by `automl tune --out DIR`"
        let linear = "The model file cannot be read: linear model:"
        return [
            predict("not JSON", .text("m.json", "hello\n"), message: "not valid JSON"),
            predict("empty", .text("m.json", ""), message: "the file is empty. \(give)"),
            predict(
                "cut short",
                .model("m.json", from: "logistic-iris.json") { String($0.prefix(200)) },
                message: "not valid JSON (unexpected end of file"),
            predict(
                "a JSON list", .text("m.json", "[1, 2, 3]"),
                message: "the top level should be an object, not a list"),
            predict(
                "a JSON string", .text("m.json", "\"model\""),
                message: "the top level should be an object, not text"),
            predict(
                "binary bytes", .bytes("m.json", [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF]),
                message: "not valid JSON"),
            predict(
                "a newer format version", logistic("version", "99"),
                message:
                    "The model file has format version 99, but this build reads up to version 2"),
            predict(
                "a negative format version", logistic("version", "-1"),
                message:
                    "The model file cannot be read: 'version' is -1; model files have versions 1 to 2"
            ),
            predict(
                "version as text", logistic("version", "\"2\""),
                message: "'version' should be a number, not text"),
            predict(
                "an unknown kind", logistic("kind", "\"weird\""),
                message: "'kind' holds a bad value ('weird' is not one of the allowed values)"),
            predict(
                "kind ensemble over a single pipeline", logistic("kind", "\"ensemble\""),
                message: "the key 'ensemble' is missing"),
            predict(
                "pipeline null", logistic("pipeline", "null"),
                message: "'pipeline' is null where an object is needed"),
            predict(
                "pipeline missing", logistic("pipeline", nil),
                message: "the key 'pipeline' is missing"),
            predict(
                "an unknown family", logistic("pipeline.family", "\"quantum\""),
                message: "The model file cannot be read: unknown model family 'quantum'"),
            predict(
                "a matrix with too few values",
                logistic("pipeline.model.coefficients.storage", "[1, 2, 3, 4, 5]"),
                message:
                    "'pipeline.model.coefficients.storage' holds a bad value (5 values for a 4 × 3 matrix"
            ),
            predict(
                "a matrix whose base64 is not whole 8-byte values",
                logistic("pipeline.model.coefficients.storage", "\"AAAA\""),
                message:
                    "'pipeline.model.coefficients.storage' holds a bad value (not base64 of whole 8-byte values"
            ),
            predict(
                "a matrix whose base64 holds a NaN",
                logistic(
                    "pipeline.model.coefficients",
                    "{\"rows\": 1, \"columns\": 1, \"storage\": \"AAAAAAAA+H8=\"}"),
                message:
                    "'pipeline.model.coefficients.storage' holds a bad value (value 0 is nan; a matrix in a model file holds finite values"
            ),
            predict(
                "a matrix of another shape",
                logistic(
                    "pipeline.model.coefficients",
                    "{\"rows\": 3, \"columns\": 3, \"storage\": [1,2,3,4,5,6,7,8,9]}"),
                message: "\(linear) coefficients are 3×3 for 4 features and 3 intercepts"),
            predict(
                "a matrix of negative shape",
                logistic(
                    "pipeline.model.coefficients",
                    "{\"rows\": -4, \"columns\": -3, \"storage\": [1,2,3,4,5,6,7,8,9,10,11,12]}"),
                message: "'pipeline.model.coefficients.storage' holds a bad value"),
            predict(
                "a matrix of four billion rows",
                logistic("pipeline.model.coefficients.rows", "4000000000"),
                message: "'pipeline.model.coefficients.storage' holds a bad value"),
            predict(
                "a negative class count", logistic("pipeline.model.classCount", "-1"),
                message: "\(linear) 3 output classes for 3 score columns and -1 classes"),
            predict(
                "a negative feature count", logistic("pipeline.model.featureCount", "-4"),
                message: "\(linear) coefficients are 4×3 for -4 features"),
            predict(
                "too few intercepts", logistic("pipeline.model.intercepts", "[1]"),
                message: "\(linear) coefficients are 4×3 for 4 features and 1 intercepts"),
            predict(
                "a NaN weight (not JSON)",
                .model("m.json", from: "logistic-iris.json") {
                    $0.replacingOccurrences(of: "-2.0321716684101587", with: "NaN")
                },
                message: "not valid JSON"),
            predict(
                "an infinite weight (1e999)",
                .model("m.json", from: "logistic-iris.json") {
                    $0.replacingOccurrences(of: "-2.0321716684101587", with: "1e999")
                },
                message: "not valid JSON (number 1e999 is not representable in Swift)"),
            predict(
                "a weight as text", logistic("pipeline.model.coefficients.storage.0", "\"NaN\""),
                message: "'pipeline.model.coefficients.storage[0]' should be a number, not text"),
            predict(
                "no class names", logistic("pipeline.classes", "[]"),
                message:
                    "The model file cannot be read: 'classes' lists 0 class names but the model predicts 3 classes"
            ),
            predict(
                "a class name twice", logistic("pipeline.classes", "[\"a\", \"a\", \"b\"]"),
                message: "The model file cannot be read: 'classes' lists the class name 'a' twice"),
            predict(
                "a standardizer of the wrong width",
                logistic("pipeline.preprocessor.standardizer.scales", "[1, 1]"),
                message:
                    "'pipeline.preprocessor.standardizer.scales' holds a bad value (2 scales for 4 means"
            ),
            predict(
                "a random forest without trees",
                .model(
                    "m.json", from: "random-forest-iris.json",
                    setting: "pipeline.model.ensemble.trees",
                    to: "[]"),
                message: "The model file cannot be read: random_forest: no trees"),
            predict(
                "a tree with node arrays of different lengths",
                .model(
                    "m.json", from: "random-forest-iris.json",
                    setting: "pipeline.model.ensemble.trees.0.children", to: "\"AQAAAA==\""),
                message:
                    "'pipeline.model.ensemble.trees[0].children' holds a bad value (node arrays of different lengths)"
            ),
            predict(
                "a tree array that is not base64",
                .model(
                    "m.json", from: "random-forest-iris.json",
                    setting: "pipeline.model.ensemble.trees.0.thresholds", to: "\"!!!\""),
                message:
                    "'pipeline.model.ensemble.trees[0].thresholds' holds a bad value (a tree array is not valid base64"
            ),
            predict(
                "k nearest neighbors with k = 0",
                .model(
                    "m.json", from: "knn-iris.json",
                    setting: "pipeline.model.hyperparameters.neighborCount", to: "0"),
                message:
                    "'pipeline.model' holds a bad value (knn model: training rows, targets, weights and neighbor_count do not agree)"
            ),
            predict(
                "an ensemble with a negative weight",
                .model(
                    "m.json", from: "ensemble-average-iris.json",
                    setting: "ensemble.combiner.average.weights", to: "[-1, 2]"),
                message:
                    "'ensemble.combiner' holds a bad value (Ensemble setting weights must be finite, ≥ 0 and not all 0; got [-1.0, 2.0].)"
            ),
            predict(
                "an ensemble with one weight for two members",
                .model(
                    "m.json", from: "ensemble-average-iris.json",
                    setting: "ensemble.combiner.average.weights", to: "[1]"),
                message:
                    "'ensemble.combiner' holds a bad value (Ensemble setting weights must be one per member (2); got 1.)"
            ),
            predict(
                "an ensemble member with a negative class count",
                .model(
                    "m.json", from: "ensemble-average-iris.json",
                    setting: "ensemble.members.1.model.classCount", to: "-1"),
                message: "\(linear) 3 output classes for 3 score columns and -1 classes"),
            BadInputCase(
                .models, "predict: a folder", files: [iris, .folder("m.json")],
                ["predict", "--model", "m.json", "--data", "iris.csv", "--out", "p.csv"],
                status: Status.badInput, message: "m.json: it is a folder, not a file"),
            BadInputCase(
                .models, "predict: missing file", files: [iris],
                ["predict", "--model", "m.json", "--data", "iris.csv", "--out", "p.csv"],
                status: Status.badInput, message: "m.json: no such file"),
            BadInputCase(
                .models, "validate: not JSON", files: [iris, .text("m.json", "hello")],
                ["validate", "--model", "m.json", "--data", "iris.csv"],
                status: Status.badInput, message: "m.json: not valid JSON"),
        ]
    }
}

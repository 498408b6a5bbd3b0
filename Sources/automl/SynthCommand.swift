import ArgumentParser
import AutoML

/// `automl data synth --task … --rows … --features … --seed … --out FILE`.
struct SynthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate a seeded synthetic classification or regression dataset as CSV.",
        discussion: """
            Classification follows scikit-learn's make_classification (informative features \
            around hypercube vertices, redundant linear combinations, noise features, label noise); \
            regression follows make_regression (a sparse linear model plus Gaussian noise), with \
            --nonlinear adding a Friedman-style term. The same seed always gives the same file.
            """
    )

    @Option(help: "classification or regression.")
    var task: LearningTask

    @Option(help: "Number of rows.")
    var rows: Int = 1000

    @Option(help: "Number of feature columns.")
    var features: Int = 20

    @Option(help: "Informative features (default: half of --features).")
    var informative: Int?

    @Option(
        help:
            "Redundant features, linear combinations of the informative ones (classification; default: a quarter of --features)."
    )
    var redundant: Int?

    @Option(help: "Number of classes (classification).")
    var classes: Int = 2

    @Option(help: "Clusters per class (classification).")
    var clustersPerClass: Int = 2

    @Option(help: "Class separation: scale of the cluster centres (classification).")
    var separation: Double = 1

    @Option(help: "Share of labels flipped at random (classification).")
    var labelNoise: Double = 0.01

    @Option(help: "Standard deviation of the Gaussian noise on the target (regression).")
    var noise: Double = 10

    @Flag(help: "Add a non-linear (Friedman #1) term to the regression target.")
    var nonlinear = false

    @Option(help: "Seed of every random draw.")
    var seed: UInt64 = 0

    @Option(help: "Name of the target column.")
    var targetName: String = "target"

    @Option(help: "The CSV file to write (written atomically).")
    var out: String

    func run() async throws {
        let informativeCount = informative ?? max(1, features / 2)
        let generator: SynthesizeWorkflow.Generator
        switch task {
        case .classification:
            let redundantCount = redundant ?? max(0, min(features / 4, features - informativeCount))
            generator = .classification(
                .init(
                    rowCount: rows, featureCount: features, informativeCount: informativeCount,
                    redundantCount: redundantCount, classCount: classes,
                    clustersPerClass: clustersPerClass,
                    classSeparation: separation, labelNoise: labelNoise, seed: seed))
        case .regression:
            generator = .regression(
                .init(
                    rowCount: rows, featureCount: features, informativeCount: informativeCount,
                    noiseStandardDeviation: noise, nonlinear: nonlinear, seed: seed))
        }
        let table = try Self.write(
            SynthesizeWorkflow(generator: generator, targetName: targetName), to: out)
        print(
            "wrote \(out): \(table.rowCount) rows, \(table.columns.count - 1) features, target '\(targetName)' (\(task.rawValue))"
        )
    }

    /// Writes the data set; a refused parameter is reported by its flag.
    private static func write(_ workflow: SynthesizeWorkflow, to path: String) throws -> Table {
        do {
            return try workflow.write(to: path)
        } catch {
            guard case .invalidArgument(let name, let value, let expected) = error else {
                throw error
            }
            throw ValidationError(flagWording(name: name, value: value, expected: expected))
        }
    }

    /// The generators' parameter names as this command's flags.
    static let flags = [
        "rowCount": "--rows", "featureCount": "--features", "informativeCount": "--informative",
        "redundantCount": "--redundant", "classCount": "--classes",
        "clustersPerClass": "--clusters-per-class",
        "classSeparation": "--separation", "labelNoise": "--label-noise",
        "noiseStandardDeviation": "--noise",
    ]

    /// A generator's refusal in the words of the command line: flags instead of parameter
    /// names, and a reminder of the defaults that depend on --features.
    static func flagWording(name: String, value: String, expected: String) -> String {
        func words(_ text: String) -> String {
            var text = text
            // Longest names first, so no name is replaced inside a longer one.
            for (parameter, flag) in flags.sorted(by: { $0.key.count > $1.key.count }) {
                text = text.replacingOccurrences(of: parameter, with: flag)
            }
            return text
        }
        let parameter = name.split(separator: ".").dropFirst().first.map(String.init)
        let subject = parameter.flatMap { flags[$0] } ?? "the requested size"
        return "\(subject) must be \(words(expected)); got \(words(value)). "
            + "(Unless given, --informative is half of --features and --redundant a quarter.)"
    }
}

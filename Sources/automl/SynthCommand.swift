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

    @Option(help: "Redundant features, linear combinations of the informative ones (classification; default: a quarter of --features).")
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
            generator = .classification(.init(
                rowCount: rows, featureCount: features, informativeCount: informativeCount,
                redundantCount: redundantCount, classCount: classes, clustersPerClass: clustersPerClass,
                classSeparation: separation, labelNoise: labelNoise, seed: seed))
        case .regression:
            generator = .regression(.init(
                rowCount: rows, featureCount: features, informativeCount: informativeCount,
                noiseStandardDeviation: noise, nonlinear: nonlinear, seed: seed))
        }
        let table = try SynthesizeWorkflow(generator: generator, targetName: targetName).write(to: out)
        print("wrote \(out): \(table.rowCount) rows, \(table.columns.count - 1) features, target '\(targetName)' (\(task.rawValue))")
    }
}

import ArgumentParser
import AutoML
import Foundation

/// `automl ablate --study S [options]`.
struct AblateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ablate",
        abstract:
            "Explain a study's best configuration: importance, ablation path, leave-one-out, components.",
        discussion: """
            Parameter importance by fANOVA on a random-forest surrogate of the trials (with \
            bootstrap intervals and pairwise interactions) or by PED-ANOVA; the ablation path \
            from a baseline (the family's defaults, or --baseline FILE) to the best configuration, \
            one parameter change per step, evaluated for real with --repeats seeds (or predicted \
            by a surrogate with --path surrogate, --verify K re-running the first K steps); \
            each parameter reset alone (leave-one-out); and, for a model search, each \
            preprocessing step, ensemble member, the combiner and the learner changed. \
            Differences smaller than the noise are marked as such. A model search is \
            re-evaluated by its own CV on its own data (refused when the data changed); a \
            command study re-runs its command. The storage is only read (docs/ablation.md).

            Examples:
              automl ablate --study tune-breast_cancer
              automl ablate --study s --importance ped-anova --path surrogate --verify 3 --json
              automl ablate --study s --markdown ablation.md
            """
    )

    @Option(help: ArgumentHelp("The study to explain.", valueName: "name"))
    var study: String

    @OptionGroup var storageOptions: StorageOptionGroup

    @Option(
        help: ArgumentHelp(
            "The configuration the path starts from: 'default' or a JSON file of parameter values.",
            valueName: "default|file"))
    var baseline = "default"

    @Option(help: ArgumentHelp("The importance method: fanova or ped-anova.", valueName: "method"))
    var importance = "fanova"

    @Option(help: ArgumentHelp("How the path is scored: real or surrogate.", valueName: "mode"))
    var path = "real"

    @Option(help: ArgumentHelp("Steps of a surrogate path re-run for real.", valueName: "k"))
    var verify = 0

    @Option(help: "Evaluations of each configuration (seeds), for the spread.")
    var repeats = 3

    @Option(help: "The seed of the importance analysis.")
    var seed: UInt64 = 0

    @Option(
        help: ArgumentHelp(
            "The data of a model search, when it moved since the search.", valueName: "file"))
    var data: String?

    @Flag(help: "Print one JSON object (keys in docs/ablation.md).")
    var json = false

    @Option(
        help: ArgumentHelp("Also write the report as Markdown to this file.", valueName: "file"))
    var markdown: String?

    @Flag(help: "Show no progress on standard error.")
    var quiet = false

    @OptionGroup var csv: CSVOptionGroup

    func validate() throws {
        guard ["fanova", "ped-anova"].contains(importance) else {
            throw ValidationError("--importance must be fanova or ped-anova; got '\(importance)'.")
        }
        guard AblateWorkflow.PathMode(rawValue: path) != nil else {
            throw ValidationError("--path must be real or surrogate; got '\(path)'.")
        }
        guard repeats >= 1, repeats <= 100 else {
            throw ValidationError("--repeats must be in 1…100; got \(repeats).")
        }
        guard verify >= 0 else { throw ValidationError("--verify must be ≥ 0; got \(verify).") }
        if let markdown { _ = try OutputPath.check(markdown) }
    }

    func run() async throws {
        let quiet = self.quiet
        let report = try await AblateWorkflow(
            study: study, storage: try storageOptions.location(),
            baselinePath: baseline == "default" ? nil : baseline,
            method: importance == "fanova" ? .fanova() : .pedANOVA(),
            pathMode: AblateWorkflow.PathMode(rawValue: path) ?? .real,
            verify: verify, repeats: repeats, seed: seed, dataPath: data,
            csvOptions: try csv.csvOptions()
        ).run { message in
            if !quiet { FileHandle.standardError.write(Data((message + "\n").utf8)) }
        }
        if let markdown { try AtomicFile.write(Data(report.markdown.utf8), to: markdown) }
        print(
            json ? String(decoding: try report.json(), as: UTF8.self) : report.text,
            terminator: json ? "" : "\n")
    }
}

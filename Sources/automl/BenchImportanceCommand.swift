import ArgumentParser
import AutoML
import AutoMLBenchmarks
import Foundation

/// `automl bench importance`: fANOVA and PED-ANOVA timed on studies of known structure.
struct BenchImportanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "importance",
        abstract:
            "Time fANOVA and PED-ANOVA on studies of known structure and print their rankings.",
        discussion: """
            Cases (floats on [0, 1], uniform random trials): linear-6 (10·x1 + x2 + 0·x3…x6), \
            interaction-4 ((x1 − ½)(x2 − ½)), sobol-3 (2·x1 + x2 + 12·(x1 − ½)(x3 − ½)) with \
            --fanova-trials trials each, and linear-N (Σ 0.8^(i−1)·x_i over --ped-parameters \
            parameters) with --ped-trials trials. Reported: the median seconds of --repeats runs \
            of fANOVA as Optuna runs it (64 trees, main effects, no bootstrap), of fANOVA with \
            interactions and 20 bootstrap refits, and of PED-ANOVA, with each ranking. With \
            --out DIR the trials are written to DIR/trials.json for \
            scripts/importance-vs-optuna.py, which runs Optuna on the same trials. Use a release build.

            Examples:
              automl bench importance
              automl bench importance --out /tmp/importance --json
            """
    )

    @Option(help: "Trials of the fANOVA cases.")
    var fanovaTrials = 1000

    @Option(help: "Trials of the PED-ANOVA timing case.")
    var pedTrials = 10_000

    @Option(help: "Parameters of the PED-ANOVA timing case.")
    var pedParameters = 32

    @Option(help: "Timed runs per case and method (the median is reported).")
    var repeats = 3

    @Option(help: "Seed of the trial points.")
    var seed: UInt64 = 0

    @Option(help: "A folder to write trials.json to (the trials both sides read).")
    var out: String?

    @Flag(help: "Print one JSON array of rows.")
    var json = false

    func validate() throws {
        guard fanovaTrials >= 2 else {
            throw ValidationError("--fanova-trials must be ≥ 2; got \(fanovaTrials).")
        }
        guard pedTrials >= 2 else {
            throw ValidationError("--ped-trials must be ≥ 2; got \(pedTrials).")
        }
        guard pedParameters >= 1 else {
            throw ValidationError("--ped-parameters must be ≥ 1; got \(pedParameters).")
        }
        guard repeats >= 1 else { throw ValidationError("--repeats must be ≥ 1; got \(repeats).") }
    }

    func run() async throws {
        let benchmark = ImportanceBenchmark(
            fanovaTrialCount: fanovaTrials, pedTrialCount: pedTrials,
            pedParameterCount: pedParameters, repeats: repeats, seed: seed)
        let cases = benchmark.cases()
        if let out {
            try FileManager.default.createDirectory(
                atPath: out, withIntermediateDirectories: true)
            try AtomicFile.write(
                try ImportanceBenchmark.trialsDocument(cases),
                to: URL(fileURLWithPath: out).appendingPathComponent("trials.json").path)
        }
        let rows = try benchmark.run(cases)
        print(json ? try JSONOutput.string(rows) : ImportanceBenchmarkTable.render(rows))
    }
}

import ArgumentParser
import AutoML
import AutoMLBenchmarks

/// `automl bench executor [--trials 200] [--sampler random] [--command CMD] [--json]`.
struct BenchExecutorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executor",
        abstract:
            "Measure the executor's overhead per trial and its --jobs 2 speed-up (use a release build).",
        discussion: """
            Overhead: an instant objective run for --trials trials with one job, on a SQLite file \
            and in memory; the time per trial is split into storage, sampler and the rest, as a \
            mean over every trial and over the last tenth (the cost once the study is that \
            large). \
            Speed-up: a CPU-bound command (awk by default) run --command-trials times with \
            --jobs 1 and --jobs 2, in trials per second.
            """
    )

    @Option(help: "Trials of the overhead measurement.")
    var trials: Int = 200

    @Option(help: "The sampler of the overhead measurement.")
    var sampler: String = "random"

    @Option(help: "The CPU-bound command of the speed-up measurement.")
    var command: String = ExecutorBenchmark.cpuBoundCommand

    @Option(help: "Trials per --jobs setting of the speed-up measurement (0 skips it).")
    var commandTrials: Int = 20

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func validate() throws {
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1.") }
        guard commandTrials >= 0 else {
            throw ValidationError("--command-trials must be at least 0.")
        }
    }

    func run() async throws {
        let result = try await ExecutorBenchmark(
            trials: trials, samplerName: sampler, command: commandTrials > 0 ? command : nil,
            commandTrials: commandTrials
        ).run()
        if json {
            print(try JSONOutput.string(result))
            return
        }
        print(
            "storage  objective  sampler    trials  total ms/trial  storage ms  sampler ms  other ms"
        )
        for r in result.overhead {
            print(
                [
                    r.storage.padded(7), r.objective.padded(9), r.sampler.padded(7),
                    "\(r.firstTrial)–\(r.lastTrial)".leftPadded(8),
                    String(format: "%14.3f", r.totalMilliseconds),
                    String(format: "%10.3f", r.storageMilliseconds),
                    String(format: "%10.3f", r.samplerMilliseconds),
                    String(format: "%8.3f", r.otherMilliseconds),
                ]
                .joined(separator: "  "))
        }
        if !result.parallel.isEmpty {
            print("")
            print("jobs  trials  seconds  trials/s")
            for r in result.parallel {
                print(
                    String(r.jobs).leftPadded(4) + "  " + String(r.trials).leftPadded(6) + "  "
                        + String(format: "%7.2f  %8.2f", r.seconds, r.trialsPerSecond))
            }
            if result.parallel.count == 2, result.parallel[0].trialsPerSecond > 0 {
                print(
                    String(
                        format: "speed-up with --jobs 2: %.2f×",
                        result.parallel[1].trialsPerSecond / result.parallel[0].trialsPerSecond))
            }
        }
    }
}

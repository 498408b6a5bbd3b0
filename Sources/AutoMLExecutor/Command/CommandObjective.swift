import AutoMLSearchSpace
import AutoMLStudy
import Foundation

/// An external program as the objective: `automl tune --command 'python train.py'`.
///
/// For each trial the command runs through `/bin/sh -c COMMAND` in a process group of its own,
/// in the working directory. The trial's parameters reach it only as data, never as part of
/// the shell line:
///
/// - standard input: one JSON object of the parameters (`{"depth": 4, "kernel": "rbf"}`),
///   then end of file;
/// - environment: `AUTOML_PARAM_<NAME>=<value>` per parameter (the name upper-cased, every
///   character other than A–Z and 0–9 written `_`), plus `AUTOML_TRIAL_NUMBER` and `AUTOML_STUDY`.
///
/// The objective is read from the last non-empty line of standard output: a number (`0.123`),
/// or a JSON object `{"value": 0.123, "metrics": {"accuracy": 0.91}}` (`"values": [..]` for
/// several directions). A non-zero exit, a signal, a timeout (the whole group is killed) or an
/// unreadable last line fail the trial with the tail of standard error in the reason.
/// Recorded metrics: `cpu_seconds` and `peak_memory_bytes` of the process tree (`wait4`), the
/// metrics the program printed, and `exit_status`.
///
/// **What outlives a trial.** A trial ends when the shell exits (its output still in the pipes
/// is read for at most 100 ms, even if a background process holds them open). When
/// `automl-supervise` sits next to the running executable (``supervisorPath``, as it does beside
/// `automl`), the shell runs under it, and nothing the command started outlives the trial or
/// this process: background jobs, double forks and `setsid` sessions are killed when the shell
/// exits, when the trial is stopped, and when this process dies (even by SIGKILL). Without it
/// (a program of a library user, or `isSupervised: false`) the shell is spawned directly and
/// only its process group is killed, so a `setsid` child or anything left running when this
/// process dies survives. Exit statuses, signals, CPU time and peak memory read the same
/// either way.
public struct CommandObjective: Objective {
    /// The shell command line (written by the user; parameters never pasted into it).
    public let command: String
    /// Extra environment variables on top of this process's environment.
    public let environment: [String: String]
    /// How many values the program must print (the study's direction count).
    public let valueCount: Int
    /// Whether trials run under `automl-supervise` when it is found (``supervisorPath``).
    public let isSupervised: Bool

    /// - Parameters:
    ///   - command: the shell command line, run through `/bin/sh -c`.
    ///   - environment: extra environment variables on top of this process's environment.
    ///   - valueCount: how many values the program must print (the study's direction count).
    ///   - isSupervised: run under `automl-supervise` when it is found (default `true`).
    public init(
        command: String, environment: [String: String] = [:], valueCount: Int = 1,
        isSupervised: Bool = true
    ) {
        self.command = command
        self.environment = environment
        self.valueCount = valueCount
        self.isSupervised = isSupervised
    }

    /// `automl-supervise` in the folder of the running executable (`/proc/self/exe`), or `nil`
    /// when there is no executable file of that name there.
    public static let supervisorPath: String? = {
        guard
            let executable = try? FileManager.default.destinationOfSymbolicLink(
                atPath: "/proc/self/exe")
        else { return nil }
        let path = URL(fileURLWithPath: executable).deletingLastPathComponent()
            .appendingPathComponent("automl-supervise").path
        return access(path, X_OK) == 0 ? path : nil
    }()

    public func evaluate(_ trial: Trial) async throws -> Evaluation {
        let process = ChildProcess(
            arguments: ["/bin/sh", "-c", command], environment: environmentFor(trial),
            input: try Self.inputJSON(trial.configuration),
            supervisor: isSupervised ? Self.supervisorPath : nil)
        let outcome = try await process.run()
        var metrics: [String: Double] = [
            TrialMetric.cpuSeconds.name: outcome.usage.cpuSeconds,
            TrialMetric.peakMemoryBytes.name: outcome.usage.peakMemoryBytes,
        ]
        let errorTail = Self.tail(of: outcome.standardError)
        let errorNote = errorTail.isEmpty ? "" : "; stderr: \(errorTail)"
        if outcome.wasKilled {
            // Timed out or aborted: the executor words the reason, this keeps stderr's tail.
            throw ObjectiveFailure(
                "the command's process group was killed\(errorNote)", metrics: metrics)
        }
        switch outcome.termination {
        case .signalled(let signal):
            throw ObjectiveFailure(
                "the command was killed by signal \(signal) (\(Self.signalName(signal)))\(errorNote)",
                metrics: metrics)
        case .exited(let status) where status != 0:
            metrics["exit_status"] = Double(status)
            throw ObjectiveFailure(
                "the command exited with status \(status)\(errorNote)", metrics: metrics)
        case .exited:
            metrics["exit_status"] = 0
        }
        do {
            var evaluation = try CommandOutput.parse(outcome.standardOutput, valueCount: valueCount)
            evaluation.metrics.merge(metrics) { printed, _ in printed }
            return evaluation
        } catch let failure as ObjectiveFailure {
            throw ObjectiveFailure(failure.reason + errorNote, metrics: metrics)
        }
    }

    /// This process's environment, the user's extra variables, and the trial's.
    func environmentFor(_ trial: Trial) -> [String: String] {
        var variables = ProcessInfo.processInfo.environment.merging(environment) { _, extra in extra
        }
        for (name, value) in trial.configuration.values {
            variables[Self.environmentName(name)] = Self.environmentText(value)
        }
        variables["AUTOML_TRIAL_NUMBER"] = String(trial.number)
        variables["AUTOML_STUDY"] = trial.studyName
        return variables
    }

    /// `AUTOML_PARAM_` and the name upper-cased, other characters than A–Z, 0–9 as `_`.
    public static func environmentName(_ parameter: String) -> String {
        "AUTOML_PARAM_"
            + String(
                parameter.uppercased().unicodeScalars.map { scalar in
                    (scalar.isASCII
                        && (CharacterSet.uppercaseLetters.contains(scalar)
                            || CharacterSet.decimalDigits.contains(scalar)))
                        ? Character(scalar) : "_"
                })
    }

    static func environmentText(_ value: ParameterValue) -> String {
        switch value {
        case .real(let x): return "\(x)"
        case .integer(let x): return "\(x)"
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        }
    }

    static func inputJSON(_ configuration: Configuration) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(configuration)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// The last lines of `data` as one line of text (at most 20 lines, 1,000 characters).
    static func tail(of data: Data) -> String {
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        .filter { !$0.isEmpty }
        let joined = lines.suffix(20).joined(separator: " | ")
        return joined.count > 1000 ? "…" + String(joined.suffix(1000)) : joined
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGKILL: return "SIGKILL"
        case SIGSEGV: return "SIGSEGV"
        case SIGABRT: return "SIGABRT"
        case SIGTERM: return "SIGTERM"
        case SIGINT: return "SIGINT"
        case SIGBUS: return "SIGBUS"
        case SIGFPE: return "SIGFPE"
        case SIGILL: return "SIGILL"
        case SIGPIPE: return "SIGPIPE"
        default: return "signal \(signal)"
        }
    }
}

/// Reading an objective from a program's standard output.
public enum CommandOutput {
    /// The evaluation printed on the last non-empty line of `output`: a number, or a JSON object
    /// with `value` (or `values`) and optional numeric `metrics`.
    /// - Throws: ``ObjectiveFailure`` saying what the line was and what was expected.
    public static func parse(_ output: Data, valueCount: Int = 1) throws -> Evaluation {
        let text = String(decoding: output, as: UTF8.self)
        guard
            let line = text.split(whereSeparator: \.isNewline).last(where: {
                !$0.allSatisfy(\.isWhitespace)
            })
        else {
            throw ObjectiveFailure(
                "the command printed nothing on standard output; print the objective value as its last line"
            )
        }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if let number = Double(trimmed) {
            guard valueCount == 1 else {
                throw ObjectiveFailure(
                    "the command printed one value but the study has \(valueCount) directions; print {\"values\": [...]}"
                )
            }
            return Evaluation(values: [number])
        }
        guard trimmed.hasPrefix("{"),
            let printed = try? JSONDecoder().decode(Printed.self, from: Data(trimmed.utf8)),
            let values = printed.value.map({ [$0] }) ?? printed.values
        else { throw unreadable(trimmed) }
        guard values.count == valueCount else {
            throw ObjectiveFailure(
                "the command printed \(values.count) values but the study has \(valueCount) directions"
            )
        }
        return Evaluation(
            values: values, metrics: (printed.metrics ?? [:]).compactMapValues(\.number))
    }

    /// The JSON form of the last line.
    private struct Printed: Decodable {
        var value: Double?
        var values: [Double]?
        var metrics: [String: Scalar]?
    }

    /// A metric's value: numbers are kept, anything else is skipped.
    private enum Scalar: Decodable {
        case number(Double)
        case other

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if (try? container.decode(Bool.self)) != nil {
                self = .other
            } else if let x = try? container.decode(Double.self) {
                self = .number(x)
            } else {
                self = .other
            }
        }

        var number: Double? {
            if case .number(let x) = self { return x }
            return nil
        }
    }

    private static func unreadable(_ line: String) -> ObjectiveFailure {
        let cut = line.count > 200 ? String(line.prefix(200)) + "…" : line
        // Control characters (a terminal's escape sequences, NULs of binary output) are shown
        // escaped, so the message cannot garble the terminal it is printed on.
        let shown = cut.unicodeScalars.map {
            $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0)
        }.joined()
        return ObjectiveFailure(
            "the last line of standard output is not a number or a JSON object with \"value\": '\(shown)'"
        )
    }
}

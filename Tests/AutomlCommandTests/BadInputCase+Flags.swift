/// Options and arguments: unknown, malformed, out of range, contradictory. Each is refused
/// before any work (no study database, no output folder).
extension BadInputCase {
    /// `automl tune --data iris.csv … extra` (a search that would start if the flags were good).
    private static func tuneData(
        _ name: String, _ extra: [String], status: Int32 = Status.badInput, message: String
    ) -> BadInputCase {
        BadInputCase(
            .flags, "tune --data: \(name)", files: [iris],
            ["tune", "--data", "iris.csv", "--budget", "1", "--out", "result", "--quiet"] + extra,
            status: status, message: message)
    }

    /// `automl tune --space space.yaml --command 'echo 1' … extra`.
    private static func tuneCommand(
        _ name: String, _ extra: [String], status: Int32 = Status.badInput, message: String
    ) -> BadInputCase {
        BadInputCase(
            .flags, "tune --command: \(name)", files: [space],
            ["tune", "--space", "space.yaml", "--command", "echo 1", "--quiet"] + extra,
            status: status, message: message)
    }

    static var flagCases: [BadInputCase] {
        let budget = "is not a budget; give a number of trials (100) or a duration"
        let storage = "is not a storage; write"
        return [
            BadInputCase(
                .flags, "unknown option", files: [iris], ["tune", "--data", "iris.csv", "--bogus"],
                status: Status.badInput, message: "Unknown option '--bogus'"),
            BadInputCase(
                .flags, "unknown subcommand", ["frobnicate"], status: Status.badInput,
                message: "Unexpected argument 'frobnicate'"),
            tuneData("--budget 0", ["--budget", "0"], message: "--budget: '0' \(budget)"),
            tuneData("--budget -5s", ["--budget", "-5s"], message: "--budget: '-5s' \(budget)"),
            tuneData("--budget=-5s", ["--budget=-5s"], message: "--budget: '-5s' \(budget)"),
            tuneData("--budget abc", ["--budget", "abc"], message: "--budget: 'abc' \(budget)"),
            tuneData("--budget 5x", ["--budget", "5x"], message: "--budget: '5x' \(budget)"),
            tuneData("--budget ''", ["--budget", ""], message: "--budget: '' \(budget)"),
            tuneData(
                "--budget 1000y", ["--budget", "1000y"], message: "--budget: '1000y' \(budget)"),
            tuneData("--jobs 0", ["--jobs", "0"], message: "--jobs must be from 1 to 256"),
            tuneData("--jobs -1", ["--jobs", "-1"], message: "--jobs must be from 1 to 256"),
            tuneData(
                "--jobs 100000", ["--jobs", "100000"], message: "--jobs must be from 1 to 256"),
            tuneData(
                "--jobs abc", ["--jobs", "abc"], message: "The value 'abc' is invalid for '--jobs"),
            tuneData("--cv 1", ["--cv", "1"], message: "--cv must be at least 2; got 1"),
            tuneData("--cv 0", ["--cv", "0"], message: "--cv must be at least 2; got 0"),
            tuneData("--cv -3", ["--cv", "-3"], message: "--cv must be at least 2; got -3"),
            tuneData("--cv abc", ["--cv", "abc"], message: "The value 'abc' is invalid for '--cv"),
            tuneData(
                "--cv above the smallest class", ["--cv", "1000"],
                message: "class '0' has 50 rows, fewer than the 1000 folds"),
            tuneData(
                "--metric foo", ["--metric", "foo"],
                message: "--metric 'foo' is unknown; use one of"),
            tuneData(
                "--metric of the other task", ["--metric", "rmse"],
                message: "--metric must be a classification metric; got rmse"),
            tuneData(
                "--task foo", ["--task", "foo"], message: "The value 'foo' is invalid for '--task"),
            tuneData(
                "--seed abc", ["--seed", "abc"], message: "The value 'abc' is invalid for '--seed"),
            tuneData(
                "--seed -1", ["--seed", "-1"], message: "The value '-1' is invalid for '--seed"),
            tuneData(
                "--front-share 2", ["--front-share", "2"],
                message: "--front-share must be in [0, 1)"),
            tuneData(
                "--front-share -0.5", ["--front-share", "-0.5"],
                message: "--front-share must be in [0, 1); got -0.5"),
            tuneData(
                "--tolerance -1", ["--tolerance", "-1"], message: "--tolerance must be a number ≥ 0"
            ),
            tuneData(
                "--tolerance nan", ["--tolerance", "nan"],
                message: "--tolerance must be a number ≥ 0"),
            tuneData(
                "--ensemble-evaluations -1", ["--ensemble-evaluations", "-1"],
                message: "--ensemble-evaluations must be ≥ 0"),
            tuneData(
                "--keep-predictions 0", ["--keep-predictions", "0"],
                message: "--keep-predictions must be at least 2"),
            tuneData(
                "--sampler nope", ["--sampler", "nope"],
                message: "Unknown sampler 'nope'; use one of"),
            tuneData(
                "--trial-timeout abc", ["--trial-timeout", "abc"],
                message: "--trial-timeout: 'abc' is not a duration"),
            tuneData(
                "--trial-timeout 0s", ["--trial-timeout", "0s"],
                message: "--trial-timeout: '0s' is not a duration"),
            tuneData(
                "--trial-timeout -3s", ["--trial-timeout", "-3s"],
                message: "--trial-timeout: '-3s' is not a duration"),
            tuneData(
                "--delimiter ''", ["--delimiter", ""], message: "The delimiter '' is not usable"),
            tuneData(
                "--delimiter ab", ["--delimiter", "ab"], message: "The delimiter 'ab' is not usable"
            ),
            tuneData(
                "--delimiter a quote", ["--delimiter", "\""],
                message: "The delimiter '\"' is not usable"),
            tuneData(
                "--storage foo:bar", ["--storage", "foo:bar"], message: "'foo:bar' \(storage)"),
            tuneData(
                "--storage sqlite:", ["--storage", "sqlite:"], message: "'sqlite:' \(storage)"),
            tuneData(
                "--storage mysql://x", ["--storage", "mysql://x"], message: "'mysql://x' \(storage)"
            ),
            tuneData(
                "--storage postgres:// with a port that is not a number",
                ["--storage", "postgres://u@host:abc/db"],
                message: "'postgres://u@host:abc/db' is not a storage (the port must be a number)"),
            tuneData(
                "--storage postgres:// with a port out of range",
                ["--storage", "postgres://u@host:99999999/db"],
                message:
                    "'postgres://u@host:99999999/db' is not a storage (the port must be 1…65535)"),
            tuneData(
                "--data with --command", ["--command", "echo 1"],
                message: "Give either --data or --command, not both"),
            tuneData(
                "--target without a value", ["--target"], message: "Missing value for '--target"),
            tuneCommand(
                "--direction sideways", ["--direction", "sideways"],
                message: "The value 'sideways' is invalid for '--direction"),
            tuneCommand("--command ''", ["--command", ""], message: "--command is empty"),
            BadInputCase(
                .flags, "tune --command without --space", ["tune", "--command", "echo 1"],
                status: Status.badInput, message: "Give --space (for a new study) or --study"),
            BadInputCase(
                .flags, "tune with neither --data nor --command", files: [space],
                ["tune", "--space", "space.yaml"], status: Status.badInput,
                message: "Give --data FILE (search models for a dataset) or --command CMD"),
            BadInputCase(
                .flags, "data describe without --target", files: [iris],
                ["data", "describe", "iris.csv"], status: Status.badInput,
                message: "Missing expected argument '--target"),
            BadInputCase(
                .flags, "data synth --rows 0",
                ["data", "synth", "--task", "regression", "--rows", "0", "--out", "s.csv"],
                status: Status.badInput, message: "--rows must be an integer ≥ 1; got 0"),
            BadInputCase(
                .flags, "data synth --classes 1",
                ["data", "synth", "--task", "classification", "--classes", "1", "--out", "s.csv"],
                status: Status.badInput, message: "--classes must be an integer ≥ 2; got 1"),
            BadInputCase(
                .flags, "data synth --task nope",
                ["data", "synth", "--task", "nope", "--out", "s.csv"],
                status: Status.badInput, message: "The value 'nope' is invalid for '--task"),
            BadInputCase(
                .flags, "enqueue --params that is not JSON",
                ["enqueue", "--study", "s", "--params", "{bad", "--storage", "memory:"],
                status: Status.badInput,
                message: "--params must be a JSON object of parameter values"),
            BadInputCase(
                .flags, "tell --value abc",
                ["tell", "--study", "s", "--trial", "0", "--value", "abc", "--storage", "memory:"],
                status: Status.badInput, message: "The value 'abc' is invalid for '--value"),
            BadInputCase(
                .flags, "bench optimizers --budget 0", ["bench", "optimizers", "--budget", "0"],
                status: Status.badInput, message: "--budget must be ≥ 1; got 0"),
        ]
    }
}

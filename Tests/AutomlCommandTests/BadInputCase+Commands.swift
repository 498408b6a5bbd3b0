/// Command objectives that misbehave in every trial: not found, failing, printing garbage,
/// killed, too slow. Every trial fails with its reason, and a tune whose every trial failed
/// exits 1 (docs/cli.md), naming the first reason and what to do. Trials are recorded in the
/// study database, which is the one file these runs may create.
extension BadInputCase {
    /// `automl tune --space space.yaml --command command --budget 2`.
    private static func command(
        _ name: String, _ command: String, _ extra: [String] = [],
        status: Int32 = Status.negativeResult, message: String
    ) -> BadInputCase {
        BadInputCase(
            .commands, name, files: [space],
            ["tune", "--space", "space.yaml", "--command", command, "--budget", "2", "--quiet"]
                + extra, status: status, message: message, created: ["automl.db"])
    }

    static var commandCases: [BadInputCase] {
        let failed = "Error: every one of the 2 trials failed (first: "
        let unreadable = "the last line of standard output is not a number or a JSON object"
        return [
            command(
                "command not found", "no_such_command_xyz",
                message:
                    "\(failed)the command exited with status 127; stderr: /bin/sh: 1: no_such_command_xyz: not found"
            ),
            command("exits 3", "exit 3", message: "\(failed)the command exited with status 3)"),
            command(
                "prints a value, then exits 1", "echo 1; exit 1",
                message: "\(failed)the command exited with status 1)"),
            command(
                "prints garbage", "echo garbage",
                message: "\(failed)\(unreadable) with \"value\": 'garbage'"),
            command(
                "prints a JSON value that is not a number", "echo '{\"value\": \"x\"}'",
                message: "\(failed)\(unreadable)"),
            command(
                "prints nothing", "true",
                message: "\(failed)the command printed nothing on standard output"),
            command("prints nan", "echo nan", message: "\(failed)the objective returned nan)"),
            command("prints inf", "echo inf", message: "\(failed)the objective returned inf)"),
            command(
                "prints terminal escapes", "printf 'x\\033[2J\\n'",
                message: "\(failed)\(unreadable) with \"value\": 'x\\u{1B}[2J'"),
            command(
                "prints 100 kB of binary", "head -c 100000 /dev/urandom | tr -d '\\n'; echo",
                message: "\(failed)\(unreadable)"),
            command(
                "is killed by a signal", "kill -9 $$",
                message: "\(failed)the command was killed by signal 9 (SIGKILL))"),
            command(
                "runs past --trial-timeout", "sleep 5", ["--trial-timeout", "100ms"],
                message: "\(failed)timed out after 100ms; the command's process group was killed)"),
            command(
                "every trial fails, JSON summary", "exit 3", ["--json"],
                message: "\(failed)the command exited with status 3)"),
            command(
                "works (a value on the last line)", "echo 0.5", status: Status.success,
                message: "study 'space': 2 trials this run"),
        ]
    }
}

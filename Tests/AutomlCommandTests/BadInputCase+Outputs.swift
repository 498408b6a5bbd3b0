/// `--out` paths that cannot take the output: a folder, a device, an input, a missing folder.
/// The check comes before any work, so nothing is computed, written or replaced.
///
/// `/dev/null` is refused like every device (docs/cli.md, "Outputs"): automl never writes to a
/// device node, so a scripted `--out /dev/null` fails loudly instead of discarding the result.
extension BadInputCase {
    private static func predict(
        _ name: String, out: String, files: [ScratchFile] = [], status: Int32 = Status.badInput,
        message: String, created: [String] = [], changed: [String] = []
    ) -> BadInputCase {
        BadInputCase(
            .outputs, "predict --out \(name)", files: [model, iris] + files,
            ["predict", "--model", "model.json", "--data", "iris.csv", "--out", out],
            status: status, message: message, created: created, changed: changed)
    }

    private static func synth(
        _ name: String, out: String, files: [ScratchFile] = [], message: String
    ) -> BadInputCase {
        BadInputCase(
            .outputs, "data synth --out \(name)", files: files,
            [
                "data", "synth", "--task", "classification", "--rows", "20", "--features", "4",
                "--out", out,
            ], status: Status.badInput, message: message)
    }

    private static func tune(
        _ name: String, out: String, files: [ScratchFile] = [], message: String
    )
        -> BadInputCase
    {
        BadInputCase(
            .outputs, "tune --out \(name)", files: [iris] + files,
            [
                "tune", "--data", "iris.csv", "--budget", "1", "--cv", "2", "--ensemble-space",
                "none", "--out", out, "--quiet",
            ], status: Status.badInput, message: message)
    }

    private static func export(
        _ name: String, out: String, files: [ScratchFile] = [], message: String
    )
        -> BadInputCase
    {
        BadInputCase(
            .outputs, "studies export --out \(name)", files: [.study("studies.db")] + files,
            ["studies", "export", "s", "--storage", "sqlite:studies.db", "--out", out],
            status: Status.badInput, message: message)
    }

    private static func report(
        _ name: String, out: String, files: [ScratchFile] = [], message: String
    )
        -> BadInputCase
    {
        BadInputCase(
            .outputs, "report --out \(name)", files: [.study("studies.db")] + files,
            ["report", "--study", "s", "--storage", "sqlite:studies.db", "--out", out],
            status: Status.badInput, message: message)
    }

    static var outputCases: [BadInputCase] {
        let folder = "cannot be written: it is a folder; give a file name"
        let device = "cannot be written: it is a device, not a file"
        let input = "cannot be written: it is the input file"
        return [
            predict("a folder", out: "out", files: [.folder("out")], message: "out: \(folder)"),
            predict("the data file", out: "iris.csv", message: "iris.csv: \(input) iris.csv"),
            predict(
                "the model file", out: "model.json", message: "model.json: \(input) model.json"),
            predict(
                "a link to the data file", out: "link.csv",
                files: [.link("link.csv", to: "iris.csv")],
                message: "link.csv: \(input) iris.csv"),
            predict("/dev/null", out: "/dev/null", message: "/dev/null: \(device)"),
            predict(
                "in a missing folder", out: "missing/p.csv",
                message: "missing/p.csv: cannot be written: the folder missing does not exist"),
            predict(
                "under a file", out: "iris.csv/p.csv",
                message: "iris.csv/p.csv: cannot be written: iris.csv is not a folder"),
            predict("''", out: "", message: "the output path is empty"),
            predict(
                "an existing file (replaced)", out: "old.csv", files: [.text("old.csv", "old\n")],
                status: Status.success, message: "Wrote 150 predictions to old.csv",
                changed: ["old.csv"]),
            predict(
                "a link to another file (followed)", out: "link.csv",
                files: [.text("old.csv", "old\n"), .link("link.csv", to: "old.csv")],
                status: Status.success, message: "Wrote 150 predictions to link.csv",
                changed: ["old.csv"]),
            synth("a folder", out: "out", files: [.folder("out")], message: "out: \(folder)"),
            synth("/dev/null", out: "/dev/null", message: "/dev/null: \(device)"),
            synth(
                "in a missing folder", out: "missing/s.csv",
                message: "missing/s.csv: cannot be written: the folder missing does not exist"),
            tune(
                "a file", out: "iris.csv",
                message: "iris.csv: cannot be written: it is a file, and a folder is needed"),
            tune(
                "/dev/null", out: "/dev/null",
                message: "/dev/null: cannot be written: it is a device, and a folder is needed"),
            export(
                "the study database", out: "studies.db", message: "studies.db: \(input) studies.db"),
            export("a folder", out: "out", files: [.folder("out")], message: "out: \(folder)"),
            export("/dev/null", out: "/dev/null", message: "/dev/null: \(device)"),
            report(
                "the study database", out: "studies.db", message: "studies.db: \(input) studies.db"),
            report("a folder", out: "out", files: [.folder("out")], message: "out: \(folder)"),
        ]
    }
}

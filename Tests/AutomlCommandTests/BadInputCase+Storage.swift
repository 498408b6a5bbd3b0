import Foundation

/// Study storage files: not SQLite, cut short, another program's database, a folder, a study
/// that is not there — told apart by their messages, refused within a second and left as they
/// were; and a read-only study database, which every read-only command must read.
extension BadInputCase {
    /// `automl <arguments> --storage sqlite:<database>` with `file` made first.
    private static func storage(
        _ name: String, _ file: ScratchFile?, _ arguments: [String], database: String = "s.db",
        status: Int32 = Status.badInput, message: String, created: [String] = []
    ) -> BadInputCase {
        var item = BadInputCase(
            .storage, name, files: [space] + (file.map { [$0] } ?? []),
            arguments + ["--storage", "sqlite:\(database)"], status: status, message: message,
            created: created)
        // Storage trouble is told at once (docs/storage.md), not after retries.
        item.secondsAllowed = 4
        return item
    }

    private static let tuneCommand = [
        "tune", "--space", "space.yaml", "--command", "echo 1", "--budget", "1", "--quiet",
    ]

    /// Study `s` in `s.db`, its files (database, WAL, shared memory) made read-only.
    private static let readOnlyStudy = ScratchFile.study("s.db") { file in
        for suffix in ["", "-wal", "-shm"]
        where FileManager.default.fileExists(atPath: file.path + suffix) {
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o444], ofItemAtPath: file.path + suffix)
        }
    }

    static var storageCases: [BadInputCase] {
        let notSQLite = "s.db: not an automl study database (it is not a SQLite database)"
        let foreign = "s.db: not an automl study database ("
        let damaged = "s.db: the study database is damaged (database disk image is malformed)"
        let text = ScratchFile.text("s.db", "hello, this is not a database\n")
        let other = ScratchFile.foreignSQLite("s.db")
        let cut = ScratchFile.foreignSQLite("s.db", length: 1000)
        let folder = ScratchFile.folder("s.db")
        return [
            storage("text file: studies list", text, ["studies", "list"], message: notSQLite),
            storage("text file: studies show", text, ["studies", "show", "s"], message: notSQLite),
            storage(
                "text file: report", text, ["report", "--study", "s", "--out", "r.html"],
                message: notSQLite),
            storage("text file: tune", text, tuneCommand, message: notSQLite),
            storage(
                "text file: ask", text, ["ask", "--study", "s", "--space", "space.yaml"],
                message: notSQLite),
            storage(
                "another program's SQLite: studies list", other, ["studies", "list"],
                message: "\(foreign)it has no studies and trials tables)"),
            storage(
                "another program's SQLite: studies export", other,
                ["studies", "export", "s", "--out", "e.csv"],
                message: "\(foreign)it has no studies and trials tables)"),
            storage(
                "another program's SQLite: tune (no tables added)", other, tuneCommand,
                message: "\(foreign)it holds the tables of another program (users))"),
            storage("cut-short SQLite: studies list", cut, ["studies", "list"], message: damaged),
            storage(
                "cut-short SQLite: studies show", cut, ["studies", "show", "s"], message: damaged),
            storage("cut-short SQLite: tune (fails fast)", cut, tuneCommand, message: damaged),
            storage(
                "a folder: studies list", folder, ["studies", "list"],
                message: "s.db: cannot open the study database (it is a folder"),
            storage(
                "a folder: tune", folder, tuneCommand,
                message: "s.db: cannot open the study database (it is a folder"),
            storage(
                "missing file: studies show", nil, ["studies", "show", "s"],
                message: "cannot open the study database (no such database file"),
            storage(
                "missing file: studies list (no file created)", nil, ["studies", "list"],
                status: Status.success, message: "no studies in sqlite:s.db"),
            storage(
                "unknown study: studies show", .study("s.db"), ["studies", "show", "nosuch"],
                message: "study 'nosuch' does not exist in this storage"),
            storage(
                "unknown study: studies export", .study("s.db"),
                ["studies", "export", "nosuch", "--out", "e.csv"],
                message: "study 'nosuch' does not exist in this storage"),
            storage(
                "unknown study: studies delete", .study("s.db"), ["studies", "delete", "nosuch"],
                message: "study 'nosuch' does not exist in this storage"),
            storage(
                "unknown study: report", .study("s.db"),
                ["report", "--study", "nosuch", "--out", "r.html"],
                message: "study 'nosuch' does not exist in this storage"),
            storage(
                "unknown study: ask without --space", .study("s.db"), ["ask", "--study", "nosuch"],
                message: "study 'nosuch' does not exist yet; give --space"),
            storage(
                "unknown trial: tell", .study("s.db"),
                ["tell", "--study", "s", "--trial", "99", "--value", "1"],
                message: "study 's' has no trial 99"),
            storage(
                "read-only database: studies list works", readOnlyStudy, ["studies", "list"],
                status: Status.success, message: "study"),
            storage(
                "read-only database: studies show works", readOnlyStudy, ["studies", "show", "s"],
                status: Status.success, message: "study 's'"),
            storage(
                "read-only database: studies export works", readOnlyStudy,
                ["studies", "export", "s", "--out", "e.csv"], status: Status.success,
                message: "wrote e.csv: 2 trials of study 's'",
                created: ["e.csv"]),
            storage(
                "read-only database: report works", readOnlyStudy,
                ["report", "--study", "s", "--out", "r.html"], status: Status.success, message: "",
                created: ["r.html"]),
            storage(
                "a study without a complete trial: ablate", .study("s.db", command: "exit 3"),
                ["ablate", "--study", "s"],
                message: "study 's' cannot be ablated: it has no complete trial"),
            BadInputCase(
                .storage, "memory: for a report",
                ["report", "--study", "s", "--storage", "memory:", "--out", "r.html"],
                status: Status.badInput,
                message: "a report reads a stored study, and memory: keeps none"),
        ]
    }
}

import ArgumentParser
import AutoML

/// `automl studies copy --from URL --to URL NAME [--merge] [--json]`.
struct StudiesCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a study, its trials and artifacts to another storage.",
        discussion: """
            Copies the study, every trial as it is (state, values, metrics, attributes, \
            intermediate values, owner, timestamps), every artifact (out-of-fold predictions, \
            ensembles), and its ensemble study NAME.ensembles when there is one: SQLite to \
            PostgreSQL and back, so a study started on a laptop moves to a cluster. The source is \
            read without locking or migrating it. A study of the same name at the destination is \
            refused unless --merge, which appends the copied trials after its own, renumbered.

            Examples:
            automl studies copy --from sqlite:automl.db \\
                  --to postgres://automl@db.example:5432/studies svm
            automl studies copy --from postgres://automl@db/studies --to sqlite:svm.db svm
            """)

    @Argument(help: "The study's name.")
    var name: String

    @Option(
        help: ArgumentHelp(
            "The storage to copy from (sqlite:PATH, postgres://…).", valueName: "url"))
    var from: String

    @Option(
        help: ArgumentHelp(
            "The storage to copy to (created or migrated as needed).", valueName: "url"))
    var to: String

    @Flag(help: "Append the trials to a study of the same name at the destination, renumbered.")
    var merge = false

    @Flag(help: "Print what was copied as JSON.")
    var json = false

    func validate() throws {
        _ = try location(from, option: "--from")
        _ = try location(to, option: "--to")
    }

    func run() async throws {
        let source = try location(from, option: "--from")
        let destination = try location(to, option: "--to")
        let report: StudyCopyReport
        do {
            report = try await StudiesWorkflow.copy(
                name, from: source, to: destination, merge: merge)
        } catch StudyError.studyExists(let existing) {
            throw ValidationError(
                "study '\(existing)' already exists in \(destination); pass --merge to append the copied "
                    + "trials after its own (renumbered), or delete it there first.")
        }
        print(json ? try JSONOutput.string(report) : report.text)
    }

    private func location(_ text: String, option: String) throws -> StorageLocation {
        do {
            return try StorageLocation(parsing: text)
        } catch {
            throw ValidationError("\(option): \(error.description)")
        }
    }
}

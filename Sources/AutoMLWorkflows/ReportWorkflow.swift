import AutoMLData
import AutoMLExecutor
import AutoMLProfiles
import AutoMLReport
import AutoMLStorage
import AutoMLStudy
import Foundation

/// `automl report --study S --out report.html` as a library call: reads the study from its
/// storage **read-only** (no file created, migrated or locked: safe beside a running `tune`),
/// builds the self-contained HTML report (``StudyReportBuilder``) and writes it atomically.
///
/// Without an ablation file, an `ablation.json` of the same study beside the report (or in the
/// profiles folder) is used when there is one. ``watch(every:stop:onWrite:onError:)`` rewrites
/// the report at an interval until stopped.
public struct ReportWorkflow: Sendable {
    public var study: String
    public var storage: StorageLocation
    /// The HTML file to write.
    public var output: String
    /// A folder of production profiles (`automl export --out`), marked on the Pareto charts.
    public var profilesDirectory: String?
    /// `automl ablate --json`'s output.
    public var ablationPath: String?
    /// `automl validate --json`'s output.
    public var validationPath: String?
    /// The budget of the run, when a `tune` writes the report.
    public var budget: String?
    public var limits: StudyReportBuilder.Limits

    public init(
        study: String, storage: StorageLocation, output: String, profilesDirectory: String? = nil,
        ablationPath: String? = nil, validationPath: String? = nil, budget: String? = nil,
        limits: StudyReportBuilder.Limits = .init()
    ) {
        self.study = study
        self.storage = storage
        self.output = output
        self.profilesDirectory = profilesDirectory
        self.ablationPath = ablationPath
        self.validationPath = validationPath
        self.budget = budget
        self.limits = limits
    }

    /// What one write did.
    public struct Outcome: Sendable {
        public var path: String
        public var bytes: Int
        public var trials: Int
        public var charts: Int
        /// Seconds from opening the storage to the renamed file.
        public var seconds: Double
        /// What could not be drawn, and why.
        public var notes: [String]
    }

    /// Checks, before any work, that the output can be written: not a folder, a device or one
    /// of the inputs (the study database, the profiles, the ablation or validation file).
    /// - Throws: `DataError.unwritable`, ``ReportError/memoryStorage`` (`memory:` keeps no
    ///   study for a report to read).
    public func checkOutput() throws {
        if storage == .memory { throw ReportError.memoryStorage }
        _ = try OutputPath.check(output, protecting: inputs)
    }

    private var inputs: [String] {
        storage.files + [ablationPath, validationPath].compactMap { $0 }
            + (profilesDirectory.map { directory in
                ProfileKind.allCases.map {
                    (directory as NSString).appendingPathComponent($0.fileName)
                }
            } ?? [])
    }

    /// The study's data as the report reads it (one read-only opening of the storage).
    /// - Throws: `StorageError.cannotOpen` for a SQLite file that does not exist,
    ///   `StudyError.studyNotFound`, the storage's errors.
    public static func load(study: String, storage: StorageLocation) async throws
        -> StudyReportData
    {
        try storage.requireExisting()
        return try await storage.withStorage(readOnly: true) { opened in
            try await StudyReportData.load(
                from: opened, study: study, storage: storage.description)
        }
    }

    /// The report of the study as it is now.
    /// - Throws: as ``load(study:storage:)``, ``ReportError``, `ProfileError`.
    public func build() async throws -> StudyReport {
        var data = try await Self.load(study: study, storage: storage)
        data.budget = budget
        try data.attach(
            profilesDirectory: profilesDirectory, ablationPath: ablationPath,
            validationPath: validationPath)
        if ablationPath == nil {
            let folders =
                [(output as NSString).deletingLastPathComponent]
                + [profilesDirectory].compactMap { $0 }
            for folder in folders {
                let path = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(
                    "ablation.json")
                if let found = data.ablation(ifFoundAt: path) {
                    data.ablation = found
                    data.ablationPath = path
                    break
                }
            }
        }
        return StudyReportBuilder(data, limits: limits).build()
    }

    /// Builds the report and writes it atomically (a temporary file, then a rename: a browser
    /// reloading it never sees half a page).
    /// - Throws: as ``build()``, `DataError.unwritable`.
    @discardableResult
    public func run() async throws -> Outcome {
        let start = ContinuousClock.now
        let report = try await build()
        let data = Data(report.html.utf8)
        try AtomicFile.write(data, to: output, protecting: inputs)
        let elapsed = ContinuousClock.now - start
        return Outcome(
            path: output, bytes: data.count, trials: report.trialCount,
            charts: report.charts.count, seconds: elapsed.timeInterval, notes: report.notes)
    }

    /// Writes the report now and then every `interval` until `stop` asks to stop (Ctrl-C).
    /// A write that fails after the first (the storage busy, the disk full) is reported
    /// through `onError` and tried again at the next interval; the first failure throws.
    public func watch(
        every interval: Duration, stop: StopController,
        onWrite: @Sendable (Outcome) -> Void = { _ in },
        onError: @Sendable (any Error) -> Void = { _ in }
    ) async throws {
        onWrite(try await run())
        while !stop.isStopping {
            let wake = ContinuousClock.now + interval
            while !stop.isStopping, ContinuousClock.now < wake {
                try? await Task.sleep(for: min(.milliseconds(100), wake - ContinuousClock.now))
            }
            if stop.isStopping { break }
            do { onWrite(try await run()) } catch { onError(error) }
        }
    }
}

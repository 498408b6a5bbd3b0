import AutoMLData
import AutoMLModelSearch
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import Foundation

/// `automl studies list | show | export | delete` and `automl enqueue` as library calls.
///
/// `list`, `show` and `export` open the storage read-only: they never create, migrate or lock
/// a file, so they are safe on a study another process is writing and on a read-only file.
public enum StudiesWorkflow {
    /// An export format.
    public enum Format: String, Sendable, CaseIterable {
        case json, csv
    }

    /// One summary per study in the storage, by name.
    public static func list(_ location: StorageLocation) async throws -> [StudySummary] {
        // A database that does not exist holds no study; opening it would create the file.
        guard location.exists else { return [] }
        return try await location.withStorage(readOnly: true) { try await $0.studySummaries() }
    }

    /// The study called `name` with all its trials.
    /// - Throws: `StudyError.studyNotFound`.
    public static func export(_ name: String, in location: StorageLocation) async throws
        -> StudyExport
    {
        try await location.withStorage(readOnly: true) { storage in
            guard let study = try await storage.study(named: name) else {
                throw StudyError.studyNotFound(name: name)
            }
            return StudyExport(study: study, trials: try await storage.trials(of: name))
        }
    }

    /// The export of study `name` in `format`, as bytes.
    public static func export(_ name: String, in location: StorageLocation, format: Format)
        async throws -> Data
    {
        let export = try await export(name, in: location)
        switch format {
        case .json: return try export.json() + Data("\n".utf8)
        case .csv: return Data(export.csv().utf8)
        }
    }

    /// Writes the export to `path` atomically (a temporary file, then a rename).
    /// - Returns: the number of trials written.
    @discardableResult
    public static func export(
        _ name: String, in location: StorageLocation, format: Format, to path: String
    ) async throws
        -> Int
    {
        _ = try OutputPath.check(path, protecting: location.files)
        let export = try await export(name, in: location)
        let data: Data
        switch format {
        case .json: data = try export.json() + Data("\n".utf8)
        case .csv: data = Data(export.csv().utf8)
        }
        try AtomicFile.write(data, to: path, protecting: location.files)
        return export.trials.count
    }

    /// Deletes study `name` and its trials.
    /// - Returns: how many trials it had.
    @discardableResult
    /// - Parameter force: delete even while live processes run trials of the study.
    /// - Throws: ``StudyError/studyInUse(name:trials:owners:)`` without `force`.
    public static func delete(_ name: String, in location: StorageLocation, force: Bool = false)
        async throws -> Int
    {
        // Opening a missing file for writing would create it.
        try location.requireExisting()
        return try await location.withStorage { storage in
            let trials = try await storage.trials(of: name)
            let now = try await storage.now()
            let live = trials.filter {
                $0.isOwnedByLiveProcess(staleAfter: .seconds(300), now: now)
            }
            if !force, !live.isEmpty {
                throw StudyError.studyInUse(
                    name: name, trials: live.map(\.number),
                    owners: live.compactMap { $0.owner?.description })
            }
            try await storage.deleteStudy(named: name)
            return trials.count
        }
    }

    /// Enqueues `configuration` in study `name` (`automl enqueue`): the next ask of any process
    /// runs it first.
    /// - Returns: the waiting trial.
    /// - Throws: `StudyError.studyNotFound`, `StudyError.invalidArgument` for a configuration
    ///   outside the study's space.
    public static func enqueue(
        _ configuration: AutoMLSearchSpace.Configuration, in name: String,
        location: StorageLocation,
        attributes: [String: String] = [:]
    ) async throws -> TrialRecord {
        try await location.withStorage { storage in
            guard let record = try await storage.study(named: name) else {
                throw StudyError.studyNotFound(name: name)
            }
            let study = Study(record: record, storage: storage, sampler: NoSampler(), owner: nil)
            var attributes = attributes
            attributes[.source] = attributes[.source] ?? "user"
            return try await study.enqueue(configuration, attributes: attributes)
        }
    }
}

extension StudiesWorkflow {
    /// Copies study `name` — its record, every trial as it is (state, values, metrics,
    /// attributes, intermediate values, owner, timestamps) and every artifact — and its
    /// ensemble study `NAME.ensembles` when there is one, from `source` to `destination`
    /// (`automl studies copy`): SQLite to PostgreSQL and back, or between two of a kind.
    ///
    /// The source is opened read-only. A study of the same name at the destination is refused
    /// unless `merge`: then the copied trials are appended after the destination's own and
    /// renumbered (trial `k` of the source becomes `n + k` when the destination had `n`), the
    /// artifacts follow their trials, and the ensemble trials' member numbers (the `members`
    /// attribute and the stored ensemble) are rewritten to the new numbers. Trials go in by
    /// batches of 500 (each one transaction, ``StudyStorage/importTrials(_:into:)``), so a copy
    /// that fails midway leaves whole batches behind: delete the destination study and copy
    /// again.
    /// - Returns: what was copied, per study.
    /// - Throws: `StudyError.studyNotFound` (source), `StudyError.studyExists` (destination,
    ///   without `merge`), `StudyError.incompatibleStudy` (merge into a study of other
    ///   directions or space), `StudyError.invalidArgument` (the same storage twice), storage
    ///   errors.
    public static func copy(
        _ name: String, from source: StorageLocation, to destination: StorageLocation,
        merge: Bool = false
    ) async throws -> StudyCopyReport {
        if source.isSameStorage(as: destination) {
            throw StudyError.invalidArgument(
                name: "--to", value: destination.description,
                expected: "another storage than --from")
        }
        try source.requireExisting()
        return try await source.withStorage(readOnly: true) { from in
            guard let record = try await from.study(named: name) else {
                throw StudyError.studyNotFound(name: name)
            }
            let ensembleName = EnsembleSearchPhase.studyName(for: name)
            let ensembleRecord = try await from.study(named: ensembleName)
            return try await destination.withStorage { to in
                // Refuse before writing anything.
                for study in [record] + (ensembleRecord.map { [$0] } ?? []) {
                    if let existing = try await to.study(named: study.name) {
                        guard merge else { throw StudyError.studyExists(name: study.name) }
                        try existing.checkCompatible(
                            directions: study.directions, space: study.space)
                    }
                }
                var report = StudyCopyReport(
                    source: source.description, destination: destination.description)
                let (copied, numbers) = try await copyStudy(record, from: from, to: to, remap: [:])
                report.studies.append(copied)
                if let ensembleRecord {
                    let identity = numbers.allSatisfy { $0.key == $0.value }
                    let (ensembles, _) = try await copyStudy(
                        ensembleRecord, from: from, to: to, remap: identity ? [:] : numbers)
                    report.studies.append(ensembles)
                }
                return report
            }
        }
    }

    /// Copies one study; returns what it copied and the new number of every source trial.
    /// `remap` (model trial numbers, old to new) is applied to ensemble trials' members.
    private static func copyStudy(
        _ record: StudyRecord, from: any StudyStorage, to: any StudyStorage, remap: [Int: Int]
    ) async throws -> (StudyCopyReport.Study, [Int: Int]) {
        let isMerged = try await to.study(named: record.name) != nil
        if !isMerged { try await to.createStudy(record) }
        let trials = try await from.trials(of: record.name)
        var numbers: [Int: Int] = [:]
        var firstNumber: Int?
        for start in stride(from: 0, to: trials.count, by: 500) {
            let batch = trials[start..<min(start + 500, trials.count)].map { trial in
                var trial = trial
                if !remap.isEmpty, let members = trial.attributes[.members] {
                    trial.attributes[TrialAttribute.members.rawValue] = members.split(
                        separator: ","
                    )
                    .map { text in Int(text).flatMap { remap[$0] }.map(String.init) ?? String(text)
                    }
                    .joined(separator: ",")
                }
                return trial
            }
            let stored = try await to.importTrials(batch, into: record.name)
            for (old, new) in zip(batch, stored) { numbers[old.number] = new.number }
            firstNumber = firstNumber ?? stored.first?.number
        }
        var artifacts = 0
        var bytes = 0
        let kinds = try await from.artifacts.summary(of: record.name)
        for kind in kinds.keys.sorted() {
            let owners = trials.map(\.number)
            for start in stride(from: 0, to: owners.count, by: 50) {
                let chunk = Array(owners[start..<min(start + 50, owners.count)])
                let found = try await from.artifacts.artifacts(
                    named: kind, of: record.name, trials: chunk)
                for (number, data) in found.sorted(by: { $0.key < $1.key }) {
                    guard let target = numbers[number] else { continue }
                    var data = data
                    if !remap.isEmpty, kind == EnsembleRecord.artifactName,
                        var ensemble = try? EnsembleRecord(jsonData: data)
                    {
                        ensemble.memberTrials = ensemble.memberTrials.map { remap[$0] ?? $0 }
                        data = try ensemble.jsonData()
                    }
                    try await to.artifacts.put(data, named: kind, trial: target, of: record.name)
                    artifacts += 1
                    bytes += data.count
                }
            }
        }
        return (
            StudyCopyReport.Study(
                name: record.name, trials: trials.count, artifacts: artifacts,
                artifactBytes: bytes, isMerged: isMerged, firstNumber: firstNumber),
            numbers
        )
    }
}

/// What `automl studies copy` did (`--json` encodes it).
public struct StudyCopyReport: Sendable, Encodable {
    /// One copied study.
    public struct Study: Sendable, Encodable {
        public var name: String
        public var trials: Int
        public var artifacts: Int
        public var artifactBytes: Int
        /// Whether the trials were appended to an existing study (`--merge`).
        public var isMerged: Bool
        /// The destination number of the first copied trial (`nil`: no trial).
        public var firstNumber: Int?

        private enum CodingKeys: String, CodingKey {
            case name, trials, artifacts
            case artifactBytes = "artifact_bytes"
            case isMerged = "merged"
            case firstNumber = "first_number"
        }
    }

    public var source: String
    public var destination: String
    public var studies: [Study] = []

    public init(source: String, destination: String) {
        self.source = source
        self.destination = destination
    }

    /// Trials copied, over every study.
    public var trials: Int { studies.map(\.trials).reduce(0, +) }
    /// Artifacts copied, over every study.
    public var artifacts: Int { studies.map(\.artifacts).reduce(0, +) }

    /// The lines `automl studies copy` prints.
    public var text: String {
        var lines = studies.map { study in
            "copied study '\(study.name)': \(study.trials) trials, \(study.artifacts) artifacts "
                + "(\(study.artifactBytes) bytes)"
                + (study.isMerged
                    ? ", appended as trials \(study.firstNumber ?? 0)…" : "")
        }
        lines.append(
            "\(trials) trials and \(artifacts) artifacts copied from \(source) to \(destination)")
        return lines.joined(separator: "\n")
    }
}

extension StorageLocation {
    /// Whether two locations name the same storage (the same SQLite file, the same database).
    func isSameStorage(as other: StorageLocation) -> Bool {
        switch (self, other) {
        case (.sqlite(let a), .sqlite(let b)):
            return URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath()
                == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath()
        case (.memory, .memory): return false
        default: return description == other.description
        }
    }
}

/// The sampler slot of a study value that only enqueues or tells.
private struct NoSampler: Sampler {
    var name: String { "none" }
    func suggest(_ count: Int, in space: SearchSpace, history: StudyHistory) throws
        -> [AutoMLSearchSpace.Configuration]
    {
        []
    }
}

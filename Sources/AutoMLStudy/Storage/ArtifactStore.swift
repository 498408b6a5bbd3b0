import Foundation

/// Binary artifacts kept beside a study's trials, keyed by study, trial and name: the
/// out-of-fold predictions a model trial leaves for the ensemble search, a fitted model, a
/// plot. A storage keeps them in the same database as the trials
/// (``StudyStorage/artifacts``), so every process that reads the study reads them too, and
/// deleting a study deletes its artifacts.
///
/// Each method is atomic. Putting an artifact under an existing key replaces it.
public protocol ArtifactStore: Sendable {
    /// Stores `data` as artifact `name` of trial `trial` of study `study`.
    /// - Throws: ``StudyError/studyNotFound(name:)``, ``StudyError/trialNotFound(study:number:)``.
    func put(_ data: Data, named name: String, trial: Int, of study: String) async throws

    /// Artifact `name` of one trial, or `nil`.
    func artifact(named name: String, trial: Int, of study: String) async throws -> Data?

    /// Artifact `name` of every trial of the study that has one (only of `trials`, when given),
    /// by trial number.
    func artifacts(named name: String, of study: String, trials: [Int]?) async throws -> [Int: Data]

    /// Deletes artifact `name` of every trial of the study except `kept`.
    /// - Returns: how many artifacts were deleted.
    @discardableResult
    func deleteArtifacts(named name: String, of study: String, except kept: Set<Int>) async throws
        -> Int

    /// How many artifacts the study holds and their total bytes, by name.
    func summary(of study: String) async throws -> [String: ArtifactSummary]
}

/// Count and size of one kind of artifact in a study.
public struct ArtifactSummary: Sendable, Equatable, Codable {
    public var count: Int
    public var bytes: Int

    public init(count: Int, bytes: Int) {
        self.count = count
        self.bytes = bytes
    }
}

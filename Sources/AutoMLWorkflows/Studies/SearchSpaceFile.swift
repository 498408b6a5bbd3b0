import AutoMLSearchSpace
import Foundation

/// Reads a search-space file for the study commands (YAML or JSON; see docs/search-spaces.md).
public enum SearchSpaceFile {
    /// The space in the file at `path`.
    /// - Throws: ``StudyWorkflowError/invalidSpace(path:reason:)`` with the loader's message,
    ///   which names the file, line and parameter at fault.
    public static func load(_ path: String) throws(StudyWorkflowError) -> SearchSpace {
        do {
            return try SearchSpace.load(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .invalidSpace(path: path, reason: error.description)
        }
    }
}

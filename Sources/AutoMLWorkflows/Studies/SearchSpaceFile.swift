import AutoMLSearchSpace
import Foundation

/// Reads the search-space file a study command names (`--space`): YAML or JSON, one schema
/// (docs/search-spaces.md), through the search-space loader.
public enum SearchSpaceFile {
    /// The space in the file at `path` (relative to the working directory).
    /// - Throws: `SearchSpaceError` naming the file, line and parameter at fault.
    public static func load(_ path: String) throws -> SearchSpace {
        try SearchSpace.load(contentsOf: URL(fileURLWithPath: path))
    }
}

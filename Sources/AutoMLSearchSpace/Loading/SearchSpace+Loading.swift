import Foundation

extension SearchSpace {
    /// The newest search-space file `version` this program reads (files without one are version 1).
    public static let highestSupportedVersion = SearchSpaceSchema.highestVersion

    /// Reads a search-space file: YAML (`.yaml`, `.yml`, anything else) or JSON (`.json`), one
    /// schema (see `docs/search-spaces.md`).
    ///
    /// Sub-space files named under a categorical parameter's `subspaces` are resolved relative
    /// to the file's folder; their parameters are prefixed with `<choice>.` and active only when
    /// the parameter takes that choice.
    /// - Throws: ``SearchSpaceError`` naming the file, line and parameter of the first problem
    ///   (unreadable file, syntax, version, unknown keys or types, bounds, steps, choices,
    ///   parents, cycles). Malformed files never crash.
    public static func load(contentsOf url: URL) throws(SearchSpaceError) -> SearchSpace {
        SearchSpace(unordered: try SearchSpaceLoader.load(contentsOf: url))
    }

    /// Reads a search-space file as ``load(contentsOf:)`` does, with where each parameter was
    /// defined (file and line, a sub-space's file for its parameters), so that later checks —
    /// a learner's hyperparameter names and bounds — can point at the line to fix.
    /// - Throws: as ``load(contentsOf:)``.
    public static func loadWithOrigins(contentsOf url: URL) throws(SearchSpaceError)
        -> (space: SearchSpace, origins: [String: SearchSpaceError.Origin])
    {
        let located = try SearchSpaceLoader.loadLocated(contentsOf: url)
        var origins: [String: SearchSpaceError.Origin] = [:]
        for item in located { origins[item.parameter.name] = item.origin }
        return (SearchSpace(unordered: located.map(\.parameter)), origins)
    }

    /// Reads a search space from YAML text. Errors name the file `<yaml>`.
    /// - Parameters:
    ///   - yaml: the document, e.g. `parameters: {x: {type: float, low: 0, high: 1}}`.
    ///   - directory: where relative `subspaces` files are looked up (default: the current
    ///     directory).
    /// - Throws: ``SearchSpaceError`` as ``load(contentsOf:)``.
    public init(yaml: String, relativeTo directory: URL? = nil) throws(SearchSpaceError) {
        self.init(
            unordered: try SearchSpaceLoader.load(text: yaml, format: .yaml, relativeTo: directory))
    }

    /// Reads a search space from JSON text (the same schema as YAML). Errors name the file `<json>`.
    /// - Parameters:
    ///   - json: the document, e.g. `{"parameters": {"x": {"type": "float", "low": 0, "high": 1}}}`.
    ///   - directory: where relative `subspaces` files are looked up (default: the current
    ///     directory).
    /// - Throws: ``SearchSpaceError`` as ``load(contentsOf:)``.
    public init(json: String, relativeTo directory: URL? = nil) throws(SearchSpaceError) {
        self.init(
            unordered: try SearchSpaceLoader.load(text: json, format: .json, relativeTo: directory))
    }
}

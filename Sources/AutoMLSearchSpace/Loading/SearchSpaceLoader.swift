import Foundation

/// Turns a parsed document into validated parameters, following `subspaces` into other files.
///
/// Each document (the file itself, every sub-space file, every inline sub-space) is read and
/// validated on its own with its own names, so errors name the parameter as written in that
/// file; a sub-space's parameters are then prefixed with `<choice>.` and made conditional on the
/// choice, and the merged list is validated again (which catches names clashing after prefixing).
struct SearchSpaceLoader {
    enum Format {
        case yaml, json

        /// The format a file name implies: `.json` is JSON, everything else YAML (a superset).
        init(path: String) {
            self = path.lowercased().hasSuffix(".json") ? .json : .yaml
        }
    }

    /// Absolute paths of the files being read, outermost first (to catch include cycles).
    private var openFiles: [String] = []

    static func load(contentsOf url: URL) throws(SearchSpaceError) -> [Parameter] {
        try loadLocated(contentsOf: url).map(\.parameter)
    }

    static func loadLocated(contentsOf url: URL) throws(SearchSpaceError) -> [LocatedParameter] {
        var loader = SearchSpaceLoader()
        return try loader.parameters(inFile: url, includedFrom: nil)
    }

    static func load(
        text: String, format: Format, relativeTo base: URL?
    ) throws(SearchSpaceError) -> [Parameter] {
        let file = format == .json ? "<json>" : "<yaml>"
        let directory =
            base
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        var loader = SearchSpaceLoader()
        let root = try parse(text, format: format, file: file)
        return try loader.parameters(in: root, file: file, directory: directory).map(\.parameter)
    }

    private static func parse(
        _ text: String, format: Format, file: String
    ) throws(SearchSpaceError) -> DocumentNode {
        switch format {
        case .yaml: return try YAMLDocumentReader.read(text, file: file)
        case .json: return try JSONDocumentReader.read(text, file: file)
        }
    }

    private mutating func parameters(
        inFile url: URL, includedFrom origin: SearchSpaceError.Origin?
    )
        throws(SearchSpaceError) -> [LocatedParameter]
    {
        let file = url.relativePath
        let key = url.standardizedFileURL.resolvingSymlinksInPath().path
        if let origin, let start = openFiles.firstIndex(of: key) {
            let cycle =
                openFiles[start...].map { URL(fileURLWithPath: $0).lastPathComponent } + [
                    url.lastPathComponent
                ]
            throw .subspaceCycle(origin, files: cycle)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            let reason =
                !exists
                ? "no such file"
                : isDirectory.boolValue ? "it is a folder, not a file" : "it cannot be read"
            throw .unreadableFile(file: file, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadableFile(file: file, reason: "not UTF-8 text")
        }
        let root = try Self.parse(text, format: Format(path: url.path), file: file)
        openFiles.append(key)
        defer { openFiles.removeLast() }
        return try parameters(in: root, file: file, directory: url.deletingLastPathComponent())
    }

    /// The validated parameters of one document (`version` + `parameters`), sub-spaces expanded.
    private mutating func parameters(
        in root: DocumentNode, file: String, directory: URL
    )
        throws(SearchSpaceError) -> [LocatedParameter]
    {
        let document = SearchSpaceError.Origin(file: file, line: root.line)
        guard case .mapping(let entries) = root.kind else {
            throw .wrongValueType(
                document, key: "(document)", expected: "a mapping with the key 'parameters'",
                got: root.summary)
        }
        var parametersNode: DocumentNode?
        for entry in entries {
            let origin = SearchSpaceError.Origin(file: file, line: entry.line)
            switch entry.key {
            case "version":
                guard case .scalar(.integer(let version)) = entry.value.kind, version >= 1 else {
                    throw .wrongValueType(
                        origin, key: "version", expected: "a positive integer",
                        got: entry.value.summary)
                }
                if version > SearchSpaceSchema.highestVersion {
                    throw .unsupportedVersion(
                        file: file, version: version,
                        highestSupported: SearchSpaceSchema.highestVersion)
                }
            case "parameters":
                parametersNode = entry.value
            default:
                throw .unknownKey(origin, key: entry.key, expected: SearchSpaceSchema.documentKeys)
            }
        }
        guard let parametersNode else { throw .missingKey(document, key: "parameters") }
        let parameterEntries: [DocumentNode.Entry]
        switch parametersNode.kind {
        case .mapping(let mapping): parameterEntries = mapping
        case .scalar(.null): parameterEntries = []
        default:
            throw .wrongValueType(
                SearchSpaceError.Origin(file: file, line: parametersNode.line), key: "parameters",
                expected: "a mapping from parameter names to their definitions",
                got: parametersNode.summary)
        }
        var located: [LocatedParameter] = []
        for entry in parameterEntries {
            let origin = SearchSpaceError.Origin(file: file, line: entry.line, parameter: entry.key)
            let reader = ParameterReader(name: entry.key, node: entry.value, origin: origin)
            let parameter = try reader.parameter()
            located.append(LocatedParameter(parameter: parameter, origin: origin))
            for subspace in try reader.subspaces(of: parameter) {
                located += try expand(
                    subspace, of: parameter, origin: origin, file: file, directory: directory)
            }
        }
        return try SearchSpaceValidator.validate(located)
    }

    /// The parameters of one sub-space, prefixed with `<choice>.` and conditional on the choice.
    private mutating func expand(
        _ subspace: ParameterReader.Subspace, of parent: Parameter, origin: SearchSpaceError.Origin,
        file: String,
        directory: URL
    ) throws(SearchSpaceError) -> [LocatedParameter] {
        let inner: [LocatedParameter]
        switch subspace.definition.kind {
        case .scalar(.string(let path)):
            let url =
                path.hasPrefix("/")
                ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
            inner = try parameters(inFile: url, includedFrom: origin)
        case .mapping:
            inner = try parameters(in: subspace.definition, file: file, directory: directory)
        default:
            throw .wrongValueType(
                origin, key: "subspaces.\(subspace.choice)",
                expected: "a file name or an inline space with 'parameters'",
                got: subspace.definition.summary)
        }
        let prefix = "\(subspace.choice.description)."
        return inner.map { item in
            var parameter = item.parameter
            parameter.name = prefix + parameter.name
            parameter.conditions =
                [Condition(parent: parent.name, values: [subspace.choice])]
                + parameter.conditions.map {
                    Condition(parent: prefix + $0.parent, values: $0.values)
                }
            return LocatedParameter(parameter: parameter, origin: item.origin)
        }
    }
}

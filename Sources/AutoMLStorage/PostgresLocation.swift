import Foundation

/// A PostgreSQL database as written after `--storage`, in libpq's URL form:
///
/// ```
/// postgres://USER@HOST:PORT/DATABASE?sslmode=MODE&schema=NAME
/// postgresql://USER@HOST/DATABASE
/// postgres://USER@/DATABASE?host=/var/run/postgresql      (a Unix socket directory)
/// ```
///
/// Missing parts take libpq's defaults: the user from `PGUSER` or the login name, the host from
/// `PGHOST` or `localhost`, the port from `PGPORT` or 5432, the database from `PGDATABASE` or the
/// user's name, `sslmode` `prefer`. `schema` (ours, not libpq's) keeps automl's tables in that
/// schema instead of `public`; it is created when missing.
///
/// The password is not meant to be in the URL: it comes from `PGPASSWORD`, else from the
/// password file (`PGPASSFILE` or `~/.pgpass`, see ``PostgresPassFile``). A password written in
/// the URL still works, with a warning on standard error (it shows in process listings and
/// shell histories). ``description`` — used in every message, report and export — never
/// contains it.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted (libpq's `sslmode`).
    public enum SSLMode: String, Sendable, CaseIterable {
        /// Never TLS.
        case disable
        /// TLS when the server offers it (libpq's `allow` is read as this).
        case prefer
        /// TLS or no connection; the certificate is not verified (as libpq's `require`).
        case require
        /// TLS with the certificate verified against the system's roots, not the host name.
        case verifyCA = "verify-ca"
        /// TLS with the certificate and the host name verified.
        case verifyFull = "verify-full"
    }

    public var user: String
    /// A host name or address, or a Unix socket directory (starting with `/`).
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode
    /// The schema holding automl's tables (`nil`: the server's search path, normally `public`).
    public var schema: String?
    /// A password written into the URL (discouraged; see the type's discussion).
    package var urlPassword: String?

    /// Whether ``host`` is a Unix socket directory.
    public var isUnixSocket: Bool { host.hasPrefix("/") }

    /// Parses a `postgres://` or `postgresql://` URL.
    /// - Parameter environment: where `PGUSER`, `PGHOST`, `PGPORT`, `PGDATABASE` are read.
    /// - Throws: ``StorageError/invalidLocation(_:)`` with the URL, its password masked.
    public init(
        parsing text: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StorageError) {
        let masked = Self.masked(text)
        func invalid(_ why: String) -> StorageError {
            .invalidLocation("\(masked) (\(why))")
        }
        var rest: Substring
        if text.hasPrefix("postgres://") {
            rest = text.dropFirst("postgres://".count)
        } else if text.hasPrefix("postgresql://") {
            rest = text.dropFirst("postgresql://".count)
        } else {
            throw invalid("it must start with postgres:// or postgresql://")
        }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = Self.decode(userInfo[..<colon])
                password = Self.decode(userInfo[userInfo.index(after: colon)...])
            } else {
                user = Self.decode(userInfo)
            }
            guard user != nil, password != nil || !userInfo.contains(":") else {
                throw invalid("the user name is not valid percent-encoding")
            }
        }
        var host: String?
        var port: Int?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw invalid("unclosed [") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = Int(after.dropFirst()) else {
                    throw invalid("a port must follow ']:'")
                }
                port = number
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = Self.decode(rest[..<colon])
            guard let number = Int(rest[rest.index(after: colon)...]) else {
                throw invalid("the port must be a number")
            }
            port = number
        } else if !rest.isEmpty {
            host = Self.decode(rest)
        }
        var database = path.isEmpty ? nil : Self.decode(path)
        if !path.isEmpty, database == nil { throw invalid("the database name is not valid") }
        var sslMode = SSLMode.prefer
        var schema: String?
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard parts.count == 2, let value = Self.decode(parts[1]) else {
                throw invalid("'\(key)' needs a value")
            }
            switch key {
            case "sslmode":
                if value == "allow" {
                    sslMode = .prefer
                } else if let mode = SSLMode(rawValue: value) {
                    sslMode = mode
                } else {
                    throw invalid(
                        "sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full"
                    )
                }
            case "schema":
                guard Self.isIdentifier(value) else {
                    throw invalid(
                        "schema must be letters, digits and underscores, at most 63, not starting with a digit"
                    )
                }
                schema = value
            case "host": host = value
            case "port":
                guard let number = Int(value) else { throw invalid("the port must be a number") }
                port = number
            case "user": user = value
            case "dbname": database = value
            case "password": password = value
            case "application_name", "connect_timeout":
                continue
            default:
                throw invalid(
                    "unknown parameter '\(key)'; automl reads sslmode, schema, host, port, user, dbname"
                )
            }
        }
        let resolvedUser =
            user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGUSER"]
            ?? Self.loginName(environment)
        self.user = resolvedUser
        self.host = host.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGHOST"] ?? "localhost"
        self.port = port ?? environment["PGPORT"].flatMap(Int.init) ?? 5432
        guard (1...65535).contains(self.port) else { throw invalid("the port must be 1…65535") }
        self.database =
            database.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGDATABASE"] ?? resolvedUser
        self.sslMode = sslMode
        self.schema = schema
        self.urlPassword = password
    }

    /// The URL without its password: what every message, report and export shows.
    public var description: String {
        var text = "postgres://\(Self.encode(user))@"
        if isUnixSocket {
            text += "/\(Self.encode(database))?host=\(Self.encode(host))"
            if port != 5432 { text += "&port=\(port)" }
        } else {
            text += host.contains(":") ? "[\(host)]" : Self.encode(host)
            text += ":\(port)/\(Self.encode(database))"
        }
        var parameters: [String] = []
        if sslMode != .prefer { parameters.append("sslmode=\(sslMode.rawValue)") }
        if let schema { parameters.append("schema=\(schema)") }
        if !parameters.isEmpty {
            text += (isUnixSocket ? "&" : "?") + parameters.joined(separator: "&")
        }
        return text
    }

    /// The password to log in with and where it came from: the URL, then `PGPASSWORD`, then the
    /// password file (`PGPASSFILE`, else `~/.pgpass`); `nil` when none of them has one.
    /// - Parameter warn: told of trouble with the password file (unsafe permissions).
    package func password(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        warn: (String) -> Void = { _ in }
    ) -> (password: String, source: String)? {
        if let urlPassword { return (urlPassword, "the URL") }
        if let password = environment["PGPASSWORD"] { return (password, "PGPASSWORD") }
        let home =
            environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        let file = environment["PGPASSFILE"] ?? (home as NSString).appendingPathComponent(".pgpass")
        guard let passFile = PostgresPassFile(path: file, warn: warn) else { return nil }
        let host = isUnixSocket ? "localhost" : self.host
        guard
            let password = passFile.password(
                host: host, port: port, database: database, user: user)
        else { return nil }
        return (password, file)
    }

    /// `text` with the password of its user part replaced by `***` (for messages about URLs
    /// that could not be parsed).
    public static func masked(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let authorityEnd =
            text[scheme.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" })
            ?? text.endIndex
        let authority = text[scheme.upperBound..<authorityEnd]
        var result = text
        if let at = authority.lastIndex(of: "@"),
            let colon = authority[..<at].firstIndex(of: ":")
        {
            result.replaceSubrange(text.index(after: colon)..<at, with: "***")
        }
        if let range = result.range(of: "password=") {
            let end = result[range.upperBound...].firstIndex(of: "&") ?? result.endIndex
            result.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return result
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 63,
            first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return text.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
        }
    }

    private static func decode(_ text: Substring) -> String? {
        String(text).removingPercentEncoding
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private static func loginName(_ environment: [String: String]) -> String {
        if let name = environment["USER"] ?? environment["LOGNAME"], !name.isEmpty { return name }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return "postgres"
    }
}

import Foundation

/// A PostgreSQL password file (`~/.pgpass`, or the file `PGPASSFILE` names), read as libpq
/// reads it: one `hostname:port:database:username:password` per line, `*` matching anything in
/// the first four fields, `\:` and `\\` standing for a colon and a backslash, lines starting
/// with `#` ignored; the first matching line wins. As with libpq, a file that its group or
/// others may read is ignored (with a warning): `chmod 600 ~/.pgpass`.
package struct PostgresPassFile: Sendable, Equatable {
    package struct Entry: Sendable, Equatable {
        package var host: String
        package var port: String
        package var database: String
        package var user: String
        package var password: String
    }

    package var entries: [Entry]

    /// Reads the file at `path`; `nil` when it is missing, unreadable or unsafe.
    package init?(path: String, warn: (String) -> Void = { _ in }) {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        if status.st_mode & 0o077 != 0 {
            warn(
                "password file \(path) has group or world access and is ignored; "
                    + "restrict it with `chmod 600 \(path)`.")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        self.init(text: String(decoding: data, as: UTF8.self))
    }

    /// Parses the text of a password file.
    package init(text: String) {
        entries = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
            .compactMap { line in
                if line.hasPrefix("#") { return nil }
                let fields = Self.fields(line)
                guard fields.count >= 5 else { return nil }
                return Entry(
                    host: fields[0], port: fields[1], database: fields[2], user: fields[3],
                    password: fields[4...].joined(separator: ":"))
            }
    }

    /// The password of the first line matching the connection, or `nil`.
    package func password(host: String, port: Int, database: String, user: String) -> String? {
        func matches(_ pattern: String, _ value: String) -> Bool {
            pattern == "*" || pattern == value
        }
        return entries.first { entry in
            matches(entry.host, host) && matches(entry.port, String(port))
                && matches(entry.database, database) && matches(entry.user, user)
        }?.password
    }

    /// Splits a line at unescaped colons, undoing `\:` and `\\`.
    private static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}

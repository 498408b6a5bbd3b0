import AutoMLStorage
import Foundation
import Testing

@Suite struct PostgresLocationTests {
    struct URLCase: Sendable, CustomTestStringConvertible {
        var url: String
        var user: String
        var host: String
        var port: Int
        var database: String
        var sslMode: PostgresLocation.SSLMode = .prefer
        var schema: String?
        var testDescription: String { url }
    }

    static let urls: [URLCase] = [
        URLCase(
            url: "postgres://automl@db.example:5433/studies", user: "automl", host: "db.example",
            port: 5433, database: "studies"),
        URLCase(
            url: "postgresql://automl@10.231.7.1/studies?sslmode=require", user: "automl",
            host: "10.231.7.1", port: 5999, database: "studies", sslMode: .require),
        URLCase(
            url: "postgres://a%40b@[::1]:6000/d%2Fx?schema=runs&sslmode=disable", user: "a@b",
            host: "::1", port: 6000, database: "d/x", sslMode: .disable, schema: "runs"),
        URLCase(
            url: "postgres://me@/studies?host=/var/run/postgresql", user: "me",
            host: "/var/run/postgresql", port: 5999, database: "studies"),
        URLCase(
            url: "postgres://", user: "envuser", host: "envhost", port: 5999,
            database: "envdb"),
    ]

    /// libpq fills what a URL leaves out from these (a port from PGPORT, and so on).
    static let environment = [
        "PGUSER": "envuser", "PGHOST": "envhost", "PGPORT": "5999", "PGDATABASE": "envdb",
    ]

    @Test("URLs are parsed as libpq parses them, with its defaults", arguments: urls)
    func parses(_ example: URLCase) throws {
        let location = try PostgresLocation(parsing: example.url, environment: Self.environment)
        #expect(location.user == example.user)
        #expect(location.host == example.host)
        #expect(location.port == example.port)
        #expect(location.database == example.database)
        #expect(location.sslMode == example.sslMode)
        #expect(location.schema == example.schema)
        // The description reads back to the same location.
        #expect(
            try PostgresLocation(parsing: location.description, environment: [:]) == location)
    }

    @Test("a password in the URL never shows in descriptions or errors")
    func hidesPassword() throws {
        let url = "postgres://automl:s3cr%3At@db:5432/studies?sslmode=require"
        let location = try PostgresLocation(parsing: url, environment: [:])
        #expect(location.description == "postgres://automl@db:5432/studies?sslmode=require")
        #expect(try StorageLocation(parsing: url).description == location.description)
        #expect(location.password(environment: [:])?.password == "s3cr:t")
        #expect(location.password(environment: [:])?.source == "the URL")
        #expect {
            try PostgresLocation(parsing: "postgres://u:s3cret@h/db?bogus=1", environment: [:])
        } throws: { error in
            "\(error)".contains("bogus") && !"\(error)".contains("s3cret")
        }
        #expect(
            PostgresLocation.masked("postgres://u:s3cret@h:1/db?password=x")
                == "postgres://u:***@h:1/db?password=***")
    }

    @Test("malformed URLs are refused with the reason")
    func refuses() {
        for url in [
            "postgres://u@h:port/db", "postgres://u@h/db?sslmode=maybe",
            "postgres://u@h/db?schema=drop;table", "postgres://u@h:70000/db",
        ] {
            #expect(throws: StorageError.self) { try PostgresLocation(parsing: url) }
        }
    }

    @Test("the password comes from PGPASSWORD, else from the password file as libpq reads it")
    func passwords() throws {
        let directory = scratchPath()
        let file = directory + "/pgpass"
        let text = """
            # comment
            other:5432:*:automl:wrong
            db:5432:studies:automl:pa\\:ss\\\\word
            *:*:*:*:fallback
            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        chmod(file, 0o600)
        let location = try PostgresLocation(
            parsing: "postgres://automl@db:5432/studies", environment: [:])
        #expect(location.password(environment: ["PGPASSWORD": "env"])?.password == "env")
        let fromFile = location.password(environment: ["PGPASSFILE": file])
        #expect(fromFile?.password == "pa:ss\\word")
        #expect(fromFile?.source == file)
        let other = try PostgresLocation(parsing: "postgres://x@elsewhere/y", environment: [:])
        #expect(other.password(environment: ["PGPASSFILE": file])?.password == "fallback")
        // A file others may read is ignored, with a warning, as libpq does.
        chmod(file, 0o644)
        var warnings: [String] = []
        #expect(
            location.password(environment: ["PGPASSFILE": file]) { warnings.append($0) } == nil)
        #expect(warnings.first?.contains("chmod 600") == true)
        #expect(location.password(environment: ["PGPASSFILE": directory + "/missing"]) == nil)
    }

    @Test(
        "a server that does not answer is a connection error naming the location, without the password"
    )
    func unreachable() async throws {
        // Port 1 on loopback: nothing listens there.
        let storage = try PostgresStorage(url: "postgres://someone:s3cret@127.0.0.1:1/db")
        await #expect {
            try await storage.studySummaries()
        } throws: { error in
            guard case StorageError.connection(let location, _)? = error as? StorageError else {
                return false
            }
            return location == "postgres://someone@127.0.0.1:1/db"
                && !"\(error)".contains("s3cret")
        }
        try await storage.close()
    }

    private func scratchPath() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "automl-\(UUID().uuidString)"
        ).path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

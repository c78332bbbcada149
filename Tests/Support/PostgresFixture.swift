import CLibPQ
import Foundation

/// Throwaway databases on the PostgreSQL server `make test` starts (BENCH_TEST_DATABASE_URL).
public enum PostgresFixture {
    public static let adminURL = ProcessInfo.processInfo.environment["BENCH_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Runs SQL as the superuser on `database` (the admin URL's when nil); throws on failure.
    public static func run(_ sql: String, database: String? = nil) throws {
        guard let adminURL else { throw FixtureError("BENCH_TEST_DATABASE_URL is not set") }
        let target = database.map { url(adminURL, database: $0) } ?? adminURL
        let connection = PQconnectdb(target)
        defer { PQfinish(connection) }
        guard PQstatus(connection) == CONNECTION_OK else { throw FixtureError(String(cString: PQerrorMessage(connection))) }
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw FixtureError(String(cString: PQresultErrorMessage(result)))
        }
    }

    /// Creates an empty database and returns its name.
    public static func freshDatabase() throws -> String {
        let name = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try run("CREATE DATABASE \(name)")
        return String(name)
    }

    /// The admin URL pointed at another database, and optionally another user and password.
    public static func url(_ base: String, database: String, user: String? = nil, password: String? = nil) -> String {
        var components = URLComponents(string: base)!
        components.path = "/" + database
        if let user { components.user = user }
        if let password { components.password = password }
        return components.string!
    }

    /// A URL for a fresh database, as the superuser.
    public static func freshURL() throws -> String {
        url(adminURL!, database: try freshDatabase())
    }
}

import CLibPQ
import Foundation

/// Throwaway databases on the PostgreSQL server `make test` starts (BENCH_TEST_DATABASE_URL).
public enum PostgresFixture {
    public static let adminURL = ProcessInfo.processInfo.environment["BENCH_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Runs SQL as the superuser on `database` (the admin URL's when nil); throws on failure.
    public static func run(_ sql: String, database: String? = nil) throws {
        guard let adminURL else { throw FixtureError("BENCH_TEST_DATABASE_URL is not set") }
        try run(sql, url: database.map { url(adminURL, database: $0) } ?? adminURL)
    }

    /// Runs SQL on the database at `target`.
    public static func run(_ sql: String, url target: String) throws {
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

/// A PostgreSQL cluster of a test's own (scripts/with-postgres.sh in the background), for
/// tests that stop and start the server without disturbing the others.
public final class PrivateCluster: @unchecked Sendable {
    public let url: String
    let control: String
    let process: Process

    public init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let info = FileManager.default.temporaryDirectory.appendingPathComponent("bench-cluster-\(UUID().uuidString)").path
        var environment = ProcessInfo.processInfo.environment
        environment["BENCH_PG_INFO_FILE"] = info
        // Waits as long as the script lives: nothing is left behind when it is killed.
        process = try ProcessRunner.start(root.appendingPathComponent("scripts/with-postgres.sh").path,
                                          ["sh", "-c", "while kill -0 $PPID 2>/dev/null; do sleep 1; done"], environment: environment)
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: info) && Date() < deadline && process.isRunning { usleep(50_000) }
        guard let lines = try? String(contentsOfFile: info, encoding: .utf8).split(separator: "\n"), lines.count == 2 else {
            process.terminate()
            throw FixtureError("the private PostgreSQL cluster did not start")
        }
        try? FileManager.default.removeItem(atPath: info)
        url = String(lines[0])
        control = String(lines[1])
    }

    /// `stop` or `start` the server.
    public func control(_ action: String) throws {
        let status = ProcessRunner.spawnAndWait(control, [action])
        guard status == 0 else { throw FixtureError("pg_ctl \(action) failed with status \(status)") }
    }

    /// Stops the cluster and removes it. The script's own clean-up may not run (a test
    /// runner can leave SIGTERM ignored in its children, and bash cannot trap it then), so
    /// this stops the server, removes its directory and kills the script itself.
    public func shutDown() {
        _ = ProcessRunner.spawnAndWait(control, ["stop"])
        try? FileManager.default.removeItem(atPath: (control as NSString).deletingLastPathComponent)
        kill(process.processIdentifier, SIGKILL)
        // Reap it directly: Foundation's waitUntilExit can miss a child killed this way.
        waitpid(process.processIdentifier, nil, 0)
    }
}

import BenchCore
@testable import BenchStore
import Foundation

/// The stores every conformance test runs against: SQLite always, PostgreSQL when
/// `make test` started a server (BENCH_TEST_DATABASE_URL).
enum StoreKind: String, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    static var available: [StoreKind] { PostgresFixture.adminURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// A fresh, empty, migrated store of this kind.
    func make() throws -> Store {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-store-\(UUID().uuidString)").path
            return try SQLiteStore(path: directory + "/bench.sqlite3")
        case .postgres:
            let database = try PostgresFixture.freshDatabase()
            let store = try PostgresStore(url: database, maskedURL: "test", requireSchema: false)
            _ = try store.migrate()
            return store
        }
    }
}

/// Throwaway databases on the test server.
enum PostgresFixture {
    static let adminURL = ProcessInfo.processInfo.environment["BENCH_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Creates an empty database and returns its URL (same server and superuser).
    static func freshDatabase() throws -> String {
        guard let adminURL else { throw StoreError(kind: .unavailable, message: "BENCH_TEST_DATABASE_URL is not set") }
        let name = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = try PostgresConnection(url: adminURL, maskedURL: "admin")
        try admin.execute("CREATE DATABASE \(name)")
        return url(adminURL, database: String(name))
    }

    /// The URL with another database, and optionally another user and password.
    static func url(_ base: String, database: String, user: String? = nil, password: String? = nil) -> String {
        var components = URLComponents(string: base)!
        components.path = "/" + database
        if let user { components.user = user }
        if let password { components.password = password }
        return components.string!
    }
}

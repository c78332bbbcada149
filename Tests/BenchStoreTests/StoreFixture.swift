import BenchCore
@testable import BenchStore
import BenchTestSupport
import Foundation

extension Store {
    /// Records runs with the times they carry, as most tests here set them (an import).
    func record(_ runs: [RunRecord]) throws(StoreError) -> [Snapshot] { try record(runs, time: .given) }
}

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
            let store = try PostgresStore(url: try PostgresFixture.freshURL(), maskedURL: "test", requireSchema: false)
            _ = try store.migrate()
            return store
        }
    }
}


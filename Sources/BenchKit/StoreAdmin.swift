import BenchStore
import Foundation

/// What `bench db migrate` did.
public struct MigrateOutcome: Sendable {
    public var location: StoreLocation
    /// The versions applied now (empty when the schema was current).
    public var applied: [Int]
    public var version: Int
}

/// `bench db`: creating, upgrading and inspecting a store's schema. Works inside a
/// repository (its bench.toml) or anywhere with `--database` / `BENCH_DATABASE_URL`.
public struct StoreAdmin {
    public let location: StoreLocation

    public init(path: String, environment: [String: String], override: String?) throws(BenchError) {
        do {
            location = try Workspace(path: path, environment: environment).storeLocation(override: override)
        } catch where error.kind == .environment {
            // Outside a repository: only an explicit URL can say where the store is.
            guard let url = override ?? environment["BENCH_DATABASE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else { throw error }
            location = try StoreLocation.parse(url, defaultSQLitePath: "", relativeTo: path)
        }
    }

    /// Brings the schema up to date; a second run applies nothing.
    public func migrate() throws(BenchError) -> MigrateOutcome {
        switch location {
        case .sqlite(let path):
            do {
                let existed = FileManager.default.fileExists(atPath: path)
                let store = try SQLiteStore(path: path, create: true)
                return MigrateOutcome(location: location, applied: existed ? [] : [store.schemaVersion], version: store.schemaVersion)
            } catch { throw BenchError(error) }
        case .postgres(let url, let masked):
            do {
                let store = try PostgresStore(url: url, maskedURL: masked, requireSchema: false)
                let applied = try store.migrate()
                return MigrateOutcome(location: location, applied: applied, version: try store.schemaVersion())
            } catch { throw BenchError(error) }
        }
    }

    /// Schema version, row counts, roles and row-level security of a PostgreSQL store.
    public func status() throws(BenchError) -> StoreStatus {
        switch location {
        case .sqlite(let path):
            do {
                guard FileManager.default.fileExists(atPath: path) else {
                    return StoreStatus(schemaVersion: 0, newestVersion: 1, counts: nil, roles: [], rowLevelSecurity: [:], user: "")
                }
                let store = try SQLiteStore(path: path, create: false)
                return StoreStatus(schemaVersion: store.schemaVersion, newestVersion: store.schemaVersion, counts: try store.counts(),
                                      roles: [], rowLevelSecurity: [:], user: "")
            } catch { throw BenchError(error) }
        case .postgres(let url, let masked):
            do { return try PostgresStore(url: url, maskedURL: masked, requireSchema: false).status() } catch { throw BenchError(error) }
        }
    }
}

import BenchCore
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

    public init(path: String, database: String?, environment: [String: String]) throws(BenchError) {
        do {
            location = try Session(path: path, database: database, environment: environment).storeLocation()
        } catch where error.kind == .environment {
            // Outside a repository: only an explicit URL can say where the store is.
            guard let url = database ?? environment["BENCH_DATABASE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else { throw error }
            do { location = try StoreLocation.parse(url, defaultSQLitePath: "", relativeTo: path) } catch { throw BenchError(error) }
        }
    }

    /// Brings the schema up to date; a second run applies nothing.
    public func migrate() throws(BenchError) -> MigrateOutcome {
        do {
            let (applied, version) = try location.migrate()
            return MigrateOutcome(location: location, applied: applied, version: version)
        } catch { throw BenchError(error) }
    }

    /// Schema version, row counts and, for PostgreSQL, roles and row-level security.
    public func status() throws(BenchError) -> StoreStatus {
        do { return try location.status() } catch { throw BenchError(error) }
    }

    /// The SQL schema `bench db migrate` applies to this store.
    public var schema: String { location.schema }
}

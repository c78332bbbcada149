import BenchCore
import Foundation

/// How a command uses the store it opens.
public enum StoreAccess: Sendable, Equatable {
    /// Reading only: an embedded store that does not exist yet reads as empty (a fresh clone
    /// has recorded nothing) and is not created.
    case read
    /// Writing: the embedded store is created when missing.
    case write
}

extension StoreLocation {
    /// Opens the store at this location: the one place a `Store` is built from where it lives.
    /// The shared store must have a current schema (`bench db migrate`).
    /// An embedded store that migrates as it opens is announced through `announce`.
    public func open(_ access: StoreAccess, announce: (String) -> Void = { _ in }) throws(StoreError) -> Store {
        switch self {
        case .sqlite(let path):
            if access == .read && !FileManager.default.fileExists(atPath: path) { return try SQLiteStore.empty() }
            return try SQLiteStore(path: path, create: access == .write, announce: announce)
        case .postgres(let url, let masked):
            return try PostgresStore(url: url, maskedURL: masked)
        }
    }

    /// Whether this is an embedded store that has not been created yet.
    public var isMissing: Bool {
        if case .sqlite(let path) = self { return !FileManager.default.fileExists(atPath: path) }
        return false
    }

    /// Creates or upgrades the schema (`bench db migrate`): the versions applied now (none
    /// when it was current) and the version afterwards.
    public func migrate() throws(StoreError) -> (applied: [Int], version: Int) {
        switch self {
        case .sqlite(let path):
            let existed = FileManager.default.fileExists(atPath: path)
            let store = try SQLiteStore(path: path, create: true)
            return (existed ? store.migratedNow : [store.schemaVersion], store.schemaVersion)
        case .postgres(let url, let masked):
            let store = try PostgresStore(url: url, maskedURL: masked, requireSchema: false)
            let applied = try store.migrate()
            return (applied, try store.schemaVersion())
        }
    }

    /// Schema version, row counts and, for PostgreSQL, roles and row-level security.
    public func status() throws(StoreError) -> StoreStatus {
        switch self {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else {
                return StoreStatus(schemaVersion: 0, newestVersion: SQLiteStore.migrator.newestVersion, counts: nil)
            }
            let store = try SQLiteStore(path: path, create: false)
            return StoreStatus(schemaVersion: store.schemaVersion, newestVersion: SQLiteStore.migrator.newestVersion, counts: try store.counts())
        case .postgres(let url, let masked):
            return try PostgresStore(url: url, maskedURL: masked, requireSchema: false).status()
        }
    }

    /// The SQL schema `bench db migrate` applies to this kind of store: PostgreSQL's script
    /// (roles, functions, row-level security), or the embedded store's migrations in order.
    public var schema: String {
        switch self {
        case .postgres: PostgresSchema.script
        case .sqlite: SQLiteMigrations.all.map { "-- \($0.version): \($0.name)\n" + $0.sql.trimmingCharacters(in: .whitespacesAndNewlines) + "\n" }
            .joined(separator: "\n")
        }
    }
}

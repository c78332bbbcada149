/// One named, versioned change to a store's schema.
struct Migration: Sendable, Equatable {
    let version: Int
    let name: String
    let sql: String
}

/// What the migrator needs from a store, in the store's own SQL: the table that records the
/// applied versions, a transaction, and the lock that keeps two migrators apart.
protocol MigrationHost {
    /// Runs `body` while no other migrator of this database runs.
    func exclusively<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T
    /// Creates the version table when it is missing.
    func createVersionTable() throws(StoreError)
    /// The newest version the version table records; 0 for none.
    func appliedVersion() throws(StoreError) -> Int
    /// Runs `body` as one transaction, rolling back when it throws.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T
    /// Runs a migration's script.
    func execute(script: String) throws(StoreError)
    /// Records in the version table that `migration` was applied.
    func recordApplied(_ migration: Migration) throws(StoreError)
}

/// Runs a store's migrations, after GRDB's `DatabaseMigrator`: named, versioned migrations
/// (1, 2, 3… with no gap) applied in order, each once, all those pending in one transaction,
/// and recorded in the store's version table. A schema newer than this binary is refused,
/// never touched. Both stores use it; each supplies its list and a `MigrationHost`.
struct Migrator {
    let migrations: [Migration]

    /// A migrator for these migrations, which must count 1, 2, 3… with unique names.
    init(_ list: [(version: Int, name: String, sql: String)]) {
        migrations = list.map { Migration(version: $0.version, name: $0.name, sql: $0.sql) }
        precondition(migrations.map(\.version) == Array(0..<migrations.count).map { $0 + 1 },
                     "migrations must be numbered 1, 2, 3… in order")
        precondition(Set(migrations.map(\.name)).count == migrations.count, "migration names must be unique")
    }

    /// The version this binary brings a schema to.
    var newestVersion: Int { migrations.last?.version ?? 0 }

    /// Throws `.schemaTooNew` when `version` (the schema of `subject`, e.g. "the database")
    /// is newer than this binary knows, naming both versions.
    func refuseNewer(_ version: Int, in subject: String) throws(StoreError) {
        guard version > newestVersion else { return }
        throw StoreError(kind: .schemaTooNew, message: "\(subject) has schema version \(version); this bench knows up to \(newestVersion)",
                         hint: "upgrade bench")
    }

    /// Brings the schema up to date and returns the versions applied now (none when it was
    /// current). Throws `.schemaTooNew` (naming `subject`) for a schema newer than this binary.
    /// A store that holds data is announced through `announce` before it is migrated (the
    /// caller decides where that goes: a command's stderr).
    @discardableResult
    func migrate(_ host: some MigrationHost, subject: String, announce: (String) -> Void = { _ in }) throws(StoreError) -> [Int] {
        try host.exclusively { () throws(StoreError) -> [Int] in
            try host.createVersionTable()
            let current = try host.appliedVersion()
            try refuseNewer(current, in: subject)
            // A current schema is only read: opening a store takes no write lock.
            guard current < newestVersion else { return [] }
            return try host.transaction { () throws(StoreError) -> [Int] in
                // Read again inside the transaction: another process may have migrated meanwhile.
                let applied = try host.appliedVersion()
                let pending = migrations.filter { $0.version > applied }
                // A store that holds data may take a while (migration 7 of SQLite rewrites a
                // million runs in about 15 s): say so, rather than hang without a word.
                if applied > 0, let newest = pending.last?.version {
                    announce("bench: updating \(subject) from schema version \(applied) to \(newest), once; a large store takes a while")
                }
                for migration in pending {
                    try host.execute(script: migration.sql)
                    try host.recordApplied(migration)
                }
                return pending.map(\.version)
            }
        }
    }
}

import CSQLite
import Foundation

/// SQLite's memory statistics, turned off before the first connection opens: they take a
/// global mutex around every allocation (a 100,000-run import spent 2% of its time in that
/// mutex), and bench reads none of them.
private let memoryStatisticsOff = bench_sqlite_disable_memory_statistics() == SQLITE_OK

/// One SQLite connection; owns its `sqlite3` handle.
final class SQLiteDatabase {
    let handle: OpaquePointer
    /// Prepared statements by SQL text, reused across calls (a bulk import runs the same
    /// few statements thousands of times).
    private var statements: [String: SQLiteStatement] = [:]

    /// Opens (creating when asked) the database file, with a busy timeout so that concurrent
    /// writers wait their turn instead of failing.
    init(path: String, create: Bool, busyTimeoutMilliseconds: Int32 = 60_000) throws(StoreError) {
        _ = memoryStatisticsOff
        var raw: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &raw, flags, nil)
        guard rc == SQLITE_OK, let raw else {
            let message = raw.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(raw)
            throw StoreError(kind: .unavailable, message: "cannot open the SQLite store at \(path): \(message)",
                             code: "SQLITE_\(rc)")
        }
        handle = raw
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// The last error on this connection, read at once (the next call overwrites it).
    func error(_ rc: Int32, _ context: String) -> StoreError {
        let message = String(cString: sqlite3_errmsg(handle))
        let primary = rc & 0xFF
        let kind: StoreError.Kind = switch primary {
        case SQLITE_CONSTRAINT: .constraint
        case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM, SQLITE_IOERR, SQLITE_FULL: .unavailable
        default: .database
        }
        return StoreError(kind: kind, message: "\(context): \(message)", code: "SQLITE_\(rc)")
    }

    /// Runs SQL that returns no rows (several statements allowed).
    func execute(_ sql: String) throws(StoreError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, "SQLite statement failed") }
    }

    /// The prepared statement for `sql`, made once per connection.
    func prepare(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let statement = statements[sql] { return statement }
        let statement = try SQLiteStatement(database: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back when it throws.
    /// IMMEDIATE takes the write lock up front, so two writers never both read a version
    /// number and then race to insert it.
    func writeTransaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try sqlTransaction(begin: "BEGIN IMMEDIATE", execute, body)
    }

    /// Runs `body`'s reads from one snapshot of the database: a deferred transaction, unless
    /// one is open already (a read inside a write sees the write's own state).
    func readTransaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        guard sqlite3_get_autocommit(handle) != 0 else { return try body() }
        return try sqlTransaction(begin: "BEGIN", execute, body)
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
}

@available(*, unavailable, message: "a SQLite connection is used from one task")
extension SQLiteDatabase: Sendable {}

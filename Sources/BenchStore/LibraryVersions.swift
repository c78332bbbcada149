import CLibPQ
import CSQLite

/// The versions of the database client libraries the binary runs with, asked of the
/// loaded libraries (not the headers it was built against).
public enum StoreLibraries {
    /// SQLite's `sqlite3_libversion()`, e.g. `3.40.1`.
    public static var sqlite: String { String(cString: sqlite3_libversion()) }

    /// libpq's `PQlibVersion()`, e.g. `15.14` (major × 10000 + minor since PostgreSQL 10).
    public static var libpq: String {
        let number = Int(PQlibVersion())
        return number >= 100_000 ? "\(number / 10_000).\(number % 10_000)" : "\(number / 10_000).\(number / 100 % 100).\(number % 100)"
    }
}

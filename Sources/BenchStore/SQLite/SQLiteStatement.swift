import BenchCore
import CSQLite
import Foundation

/// A value to bind to a statement parameter.
enum SQLiteValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// One prepared statement; finalizes in `deinit`. Its database caches it, so it holds the
/// database unowned (the database finalizes its statements before closing).
final class SQLiteStatement {
    let handle: OpaquePointer
    unowned let database: SQLiteDatabase

    init(database: SQLiteDatabase, sql: String) throws(StoreError) {
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw database.error(rc, "cannot prepare SQL") }
        handle = raw
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// Column names by index; a second column of one name is left nameless, so the first wins.
    private lazy var columnNames: [String] = {
        var names: [String] = []
        for index in 0..<sqlite3_column_count(handle) {
            let name = sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
            names.append(names.contains(name) ? "" : name)
        }
        return names
    }()

    /// Where the next lookup by name starts: a row is read in about the order its columns
    /// are selected, so the name is nearly always the next one (no hashing per value).
    private var nextColumn = 0

    /// Binds values to `?1`, `?2`, … in order, clearing earlier bindings.
    @discardableResult
    func bind(_ values: [SQLiteValue]) throws(StoreError) -> SQLiteStatement {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() { try bind(value, at: Int32(offset + 1)) }
        return self
    }

    /// Binds one value to parameter `index`.
    private func bind(_ value: SQLiteValue, at index: Int32) throws(StoreError) {
        let rc: Int32 = switch value {
        case .null: sqlite3_bind_null(handle, index)
        case .integer(let number): sqlite3_bind_int64(handle, index, number)
        case .real(let number): sqlite3_bind_double(handle, index, number)
        case .text(var text):
            // By byte count, so text with a NUL inside is stored whole; from the string's
            // own UTF-8 storage (SQLite copies it), without a C string made per value.
            text.withUTF8 { buffer in
                // An empty string may have no storage: still a text of length 0, not NULL.
                guard let base = buffer.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, bench_sqlite_transient()) }
                return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(buffer.count), bench_sqlite_transient())
                }
            }
        }
        guard rc == SQLITE_OK else { throw database.error(rc, "cannot bind parameter \(index)") }
    }

    /// Steps once; true while a row is available.
    func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(rc, "SQLite statement failed")
        }
    }

    /// Runs the statement to completion, ignoring rows.
    func run(_ values: [SQLiteValue] = []) throws(StoreError) {
        try bind(values)
        // Reset at once: a statement left open would hold its read transaction, and a
        // long-lived connection (the dashboard's) would keep seeing an old database.
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Runs the statement with `values` bound to `?1`… and a metric's name, value, unit and
    /// samples to the four parameters after them, as its metric rows and points store it
    /// (bound one by one: an import writes four of these per run).
    func run(_ values: [SQLiteValue], metric: NamedMetric) throws(StoreError) {
        try bind(values)
        let next = Int32(values.count) + 1
        try bind(.text(metric.name), at: next)
        try bind(.real(metric.metric.value), at: next + 1)
        try bind(metric.metric.unit.map { .text($0) } ?? .null, at: next + 2)
        try bind(metric.metric.samples.map { .text(JSONText.numbers($0)) } ?? .null, at: next + 3)
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Every row, handed to `body` in turn (nothing collected).
    func forEachRow(_ values: [SQLiteValue] = [], _ body: (SQLiteStatement) throws(StoreError) -> Void) throws(StoreError) {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() { try body(self) }
    }

    /// Every row, mapped by `row`.
    func rows<T>(_ values: [SQLiteValue] = [], _ row: (SQLiteStatement) throws(StoreError) -> T) throws(StoreError) -> [T] {
        var result: [T] = []
        try forEachRow(values) { (statement) throws(StoreError) in result.append(try row(statement)) }
        return result
    }

    /// How many columns each row has.
    var columnCount: Int32 { sqlite3_column_count(handle) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// A time the store wrote, parsed from SQLite's own bytes (no string made for it).
    func date(_ column: Int32) -> Date {
        guard let pointer = sqlite3_column_text(handle, column) else { return Date(timeIntervalSince1970: 0) }
        let bytes = UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
        return Timestamp.parseCanonical(bytes: bytes) ?? Timestamp.parse(String(decoding: bytes, as: UTF8.self)) ?? Date(timeIntervalSince1970: 0)
    }

    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

    func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int(column) }
}

/// The current row, read by column name: the names are read once per statement, from
/// `sqlite3_column_name` (an alias when the SELECT gives one).
extension SQLiteStatement: StoreRow {
    /// The index of `column` in this statement's result.
    func index(_ column: String) -> Int32 {
        let names = columnNames
        var probe = nextColumn < names.count ? nextColumn : 0
        for _ in names.indices {
            let next = probe + 1 == names.count ? 0 : probe + 1
            if names[probe] == column {
                nextColumn = next
                return Int32(probe)
            }
            probe = next
        }
        preconditionFailure("the query selects no column named \(column)")
    }

    func isNull(_ column: String) -> Bool { isNull(index(column)) }
    func int(_ column: String) -> Int64 { int(index(column)) }
    func optionalInt(_ column: String) -> Int64? { optionalInt(index(column)) }
    func double(_ column: String) -> Double { double(index(column)) }
    func optionalDouble(_ column: String) -> Double? { optionalDouble(index(column)) }
    func text(_ column: String) -> String { text(index(column)) }
    func date(_ column: String) -> Date { date(index(column)) }
    func optionalText(_ column: String) -> String? { optionalText(index(column)) }
    /// SQLite has no boolean type: the stores write 1 and 0.
    func bool(_ column: String) -> Bool { int(index(column)) == 1 }
    /// A JSON array of strings (`JSONText.strings`).
    func strings(_ column: String) -> [String] { JSONText.parseStrings(text(column)) }
    /// A JSON array of numbers (`JSONText.numbers`).
    func optionalNumbers(_ column: String) -> [Double]? { optionalText(column).map(JSONText.parseNumbers) }
}

@available(*, unavailable, message: "a SQLite statement is used from one task")
extension SQLiteStatement: Sendable {}

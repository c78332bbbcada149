import CLibPQ
import Foundation

/// One libpq connection; owns its `PGconn`. Parameterized queries only.
final class PostgresConnection {
    let handle: OpaquePointer
    /// The URL with its password masked, for messages.
    let maskedURL: String

    /// Connects with a 5-second timeout. Never puts the password in an error.
    init(url: String, maskedURL: String) throws(StoreError) {
        self.maskedURL = maskedURL
        let withTimeout = url.contains("connect_timeout") ? url : url + (url.contains("?") ? "&" : "?") + "connect_timeout=5"
        // PQconnectdb returns a handle even on failure: check the status, and still free it.
        guard let connection = PQconnectdb(withTimeout) else {
            throw StoreError(kind: .unavailable, message: "cannot reach PostgreSQL at \(maskedURL): out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.clean(String(cString: PQerrorMessage(connection)), url: url)
            PQfinish(connection)
            // A server stopping or starting refuses connections for a moment: as good as down.
            let network = ["Connection refused", "could not connect", "timeout expired", "could not translate host name",
                           "Network is unreachable", "No route to host", "server closed the connection",
                           "the database system is shutting down", "the database system is starting up",
                           "the database system is not yet accepting connections"]
            let unreachable = network.contains { message.contains($0) }
                && !message.contains("password authentication failed") && !message.contains("does not exist")
            throw StoreError(kind: unreachable ? .unreachable : .unavailable, message: "cannot reach PostgreSQL at \(maskedURL): \(message)",
                             hint: unreachable ? "check that the server runs and the host and port are right"
                                 : "check the URL's user, password and database")
        }
        handle = connection
        _ = try execute("SET client_min_messages TO warning")
    }

    deinit { PQfinish(handle) }

    /// libpq's message, on one line, with any password from the URL taken out.
    static func clean(_ message: String, url: String) -> String {
        var text = message.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " ")
        if let password = URLComponents(string: url)?.password, !password.isEmpty {
            text = text.replacingOccurrences(of: password, with: "***")
        }
        return text
    }

    /// Runs a script of several statements (a migration) with the simple query protocol.
    func executeScript(_ sql: String) throws(StoreError) {
        guard let result = PQexec(handle, sql) else {
            throw StoreError(kind: .unavailable, message: "PostgreSQL at \(maskedURL): \(Self.clean(String(cString: PQerrorMessage(handle)), url: ""))")
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
            let sqlstate = PQresultErrorField(result, Int32(bench_pg_diag_sqlstate())).map { String(cString: $0) }
            let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Self.error(sqlstate: sqlstate, message: message, connectionLost: PQstatus(handle) != CONNECTION_OK)
        }
    }

    /// Runs one statement with text parameters ($1, $2, …; nil is NULL) and returns its rows.
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(StoreError) -> PostgresResult {
        let cStrings = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for pointer in cStrings { free(pointer) } }
        let result: OpaquePointer? = cStrings.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(1, buffer.count)) { values in
                PQexecParams(handle, sql, Int32(parameters.count), nil, parameters.isEmpty ? nil : values, nil, nil, 0)
            }
        }
        guard let result else {
            throw StoreError(kind: .unavailable, message: "PostgreSQL at \(maskedURL): \(Self.clean(String(cString: PQerrorMessage(handle)), url: ""))")
        }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let sqlstate = PQresultErrorField(result, Int32(bench_pg_diag_sqlstate())).map { String(cString: $0) }
            let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQclear(result)
            throw Self.error(sqlstate: sqlstate, message: message, connectionLost: PQstatus(handle) != CONNECTION_OK)
        }
        return PostgresResult(result)
    }

    static func error(sqlstate: String?, message: String, connectionLost: Bool) -> StoreError {
        let firstLine = message.split(separator: "\n").first.map(String.init) ?? message
        let kind: StoreError.Kind
        var hint: String?
        switch sqlstate ?? "" {
        case "42501":
            kind = .permission
            hint = "this database user may not do that: recording needs the bench_writer role"
        case "23505", "23503", "23514": kind = .constraint
        // The connection broke, or the server is shutting down or starting: it went away.
        case let code where code.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(code):
            kind = .unreachable
            hint = "the server went away; check that it runs"
        case let code where code.hasPrefix("57P"): kind = .unavailable
        case "P0002": kind = .notFound
        default:
            kind = connectionLost ? .unreachable : .database
            if connectionLost { hint = "the server went away; check that it runs" }
        }
        return StoreError(kind: kind, message: "PostgreSQL: \(firstLine)", code: sqlstate, hint: hint)
    }

    /// Runs `body` in a transaction, rolling back when it throws.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try sqlTransaction(begin: "BEGIN", { (sql) throws(StoreError) in try execute(sql) }, body)
    }
}

@available(*, unavailable, message: "a PostgreSQL connection is used from one task")
extension PostgresConnection: Sendable {}

/// The rows of a query, copied out as text; frees the `PGresult`.
final class PostgresResult {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }

    deinit { PQclear(handle) }

    var count: Int { Int(PQntuples(handle)) }

    /// The index of a column by name, or nil.
    func column(_ name: String) -> Int? { columnIndexes[name] }

    /// Column indexes by name, built once from `PQfname` (which gives an alias as written,
    /// folded to lower case unless quoted); the first of two columns with one name wins.
    private lazy var columnIndexes: [String: Int] = {
        var indexes: [String: Int] = [:]
        for index in 0..<Int(PQnfields(handle)) {
            guard let name = PQfname(handle, Int32(index)) else { continue }
            let key = String(cString: name)
            if indexes[key] == nil { indexes[key] = index }
        }
        return indexes
    }()

    /// Every row, decoded by `decode`.
    func rows<T>(_ decode: (PostgresRow) -> T) -> [T] { (0..<count).map { decode(PostgresRow(result: self, index: $0)) } }

    func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) == 1 }

    func text(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column), let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
        return String(cString: value)
    }

    func string(_ row: Int, _ column: Int) -> String { text(row, column) ?? "" }
    func int(_ row: Int, _ column: Int) -> Int64 { text(row, column).flatMap { Int64($0) } ?? 0 }
    func double(_ row: Int, _ column: Int) -> Double? { text(row, column).flatMap { Double($0) } }
    func bool(_ row: Int, _ column: Int) -> Bool { text(row, column) == "t" }
}

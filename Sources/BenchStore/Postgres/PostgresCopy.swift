import CLibPQ
import Foundation

/// COPY … FROM STDIN in text format: one statement streams any number of rows, where an
/// INSERT per row costs a round trip and a parse each (what makes a bulk import fast).
extension PostgresConnection {
    /// Runs `sql` (a `COPY table (columns) FROM STDIN`) and sends `rows`, each a list of
    /// column values (nil is NULL), escaped by `copyField`. Throws the server's error, such
    /// as a value the column's type refuses.
    func copy(_ sql: String, rows: [[String?]]) throws(StoreError) {
        guard let started = PQexec(handle, sql) else {
            throw StoreError(kind: .unavailable, message: "PostgreSQL at \(maskedURL): \(Self.clean(String(cString: PQerrorMessage(handle)), url: ""))")
        }
        let status = PQresultStatus(started)
        if status != PGRES_COPY_IN {
            defer { PQclear(started) }
            throw failure(of: started)
        }
        PQclear(started)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.copyChunk + 4096)
        var sent = true
        for row in rows {
            for (index, field) in row.enumerated() {
                if index > 0 { buffer.append(0x09) }
                Self.appendCopyField(field, to: &buffer)
            }
            buffer.append(0x0A)
            if buffer.count >= Self.copyChunk {
                sent = send(buffer)
                buffer.removeAll(keepingCapacity: true)
                if !sent { break }
            }
        }
        if sent && !buffer.isEmpty { sent = send(buffer) }
        // Ending the COPY with an error message makes the server abandon it; either way the
        // outcome is read from the results that follow.
        _ = sent ? PQputCopyEnd(handle, nil) : PQputCopyEnd(handle, "bench could not send the rows")
        var firstFailure: StoreError?
        while let result = PQgetResult(handle) {
            let resultStatus = PQresultStatus(result)
            if resultStatus != PGRES_COMMAND_OK && firstFailure == nil { firstFailure = failure(of: result) }
            PQclear(result)
        }
        if let firstFailure { throw firstFailure }
        if !sent {
            throw StoreError(kind: .unreachable, message: "PostgreSQL at \(maskedURL): \(Self.clean(String(cString: PQerrorMessage(handle)), url: ""))",
                             hint: "the server went away; check that it runs")
        }
    }

    /// The bytes sent in one `PQputCopyData` call.
    static let copyChunk = 1 << 20

    private func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                PQputCopyData(handle, $0, Int32(buffer.count)) == 1
            }
        }
    }

    /// The error a failed result reports, with its SQLSTATE.
    private func failure(of result: OpaquePointer) -> StoreError {
        let sqlstate = PQresultErrorField(result, Int32(bench_pg_diag_sqlstate())).map { String(cString: $0) }
        let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
        return Self.error(sqlstate: sqlstate, message: message, connectionLost: PQstatus(handle) != CONNECTION_OK)
    }

    /// One field of COPY's text format: `\N` for NULL; backslash, tab, newline and carriage
    /// return escaped with a backslash, every other byte as it is.
    static func appendCopyField(_ field: String?, to buffer: inout [UInt8]) {
        guard let field else {
            buffer.append(0x5C)
            buffer.append(0x4E)
            return
        }
        for byte in field.utf8 {
            switch byte {
            case 0x5C: buffer.append(0x5C); buffer.append(0x5C)
            case 0x09: buffer.append(0x5C); buffer.append(0x74)
            case 0x0A: buffer.append(0x5C); buffer.append(0x6E)
            case 0x0D: buffer.append(0x5C); buffer.append(0x72)
            default: buffer.append(byte)
            }
        }
    }
}

import BenchCore
import Foundation

/// Runs waiting for a shared store that could not be reached: a small SQLite file beside
/// the embedded store. Each keeps its transaction id, so delivering twice records once.
public final class Outbox {
    let db: SQLiteDatabase
    public let path: String

    public init(path: String) throws(StoreError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw StoreError(kind: .unavailable, message: "cannot create \(directory): \(error.localizedDescription)")
        }
        db = try SQLiteDatabase(path: path, create: true)
        try db.execute("PRAGMA journal_mode = WAL")
        try db.execute("""
            CREATE TABLE IF NOT EXISTS outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                transaction_id TEXT NOT NULL UNIQUE,
                target TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at TEXT NOT NULL)
            """)
    }

    /// Keeps runs for `target` (a masked store URL), in order, in one transaction.
    public func add(_ runs: [RunRecord], target: String) throws(StoreError) {
        let encoder = JSONEncoder()
        try db.writeTransaction { () throws(StoreError) in
            for run in runs {
                guard let data = try? encoder.encode(run) else {
                    throw StoreError(kind: .database, message: "cannot encode run \(run.id) for the outbox")
                }
                try db.prepare("INSERT OR IGNORE INTO outbox (transaction_id, target, payload, created_at) VALUES (?1, ?2, ?3, ?4)")
                    .run([.text(run.id), .text(target), .text(String(decoding: data, as: UTF8.self)), .text(Timestamp.format(Date()))])
            }
        }
    }

    /// The runs waiting for `target`, oldest first.
    public func pending(target: String) throws(StoreError) -> [RunRecord] {
        let decoder = JSONDecoder()
        return try db.prepare("SELECT payload FROM outbox WHERE target = ?1 ORDER BY seq").rows([.text(target)]) { row in
            try? decoder.decode(RunRecord.self, from: Data(row.text("payload").utf8))
        }.compactMap { $0 }
    }

    /// Forgets a delivered run.
    public func remove(_ transactionId: String) throws(StoreError) {
        try db.prepare("DELETE FROM outbox WHERE transaction_id = ?1").run([.text(transactionId)])
    }

    /// Delivers every waiting run to `store`, in order, each exactly once: a run whose
    /// transaction id the store already has is only removed. Returns the snapshots recorded.
    /// A run is recorded when it is delivered: it becomes the newest version then, so it
    /// takes the store's time of that moment, like any run recorded now.
    public func deliver(to store: Store, target: String) throws(StoreError) -> [Snapshot] {
        var delivered: [Snapshot] = []
        let runs = try pending(target: target)
        let known = try store.existingTransactions(runs.map(\.id))
        for run in runs {
            if !known.contains(run.id) {
                delivered += try store.record([run], time: .atWrite)
            }
            try remove(run.id)
        }
        return delivered
    }
}

@available(*, unavailable, message: "an outbox holds a connection used from one task")
extension Outbox: Sendable {}

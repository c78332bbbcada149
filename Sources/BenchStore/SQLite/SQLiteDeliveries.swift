import BenchCore
import Foundation

/// The embedded store's delivery queue. `BEGIN IMMEDIATE` holds the only write lock while a
/// delivery is sent, so two deliverers never send one twice; a writer waits for it (at most
/// the send's timeout) as for any other write.
extension SQLiteStore: DeliveryQueue {
    public func enqueue(_ notice: AlertNotice, channels: [String], at date: Date) throws(StoreError) -> Int {
        try db.writeTransaction { () throws(StoreError) -> Int in
            var added = 0
            for channel in channels {
                added += try db.prepare(DeliverySQL.insert(.sqlite) + " RETURNING id")
                    .rows([.integer(notice.alertId), .text(notice.event.rawValue), .text(channel),
                           .text(DeliverySQL.json(notice)), .text(Timestamp.format(date))]) { $0.int("id") }.count
            }
            return added
        }
    }

    public func deliverNext(after id: Int64, dueBy: Date?, at date: Date,
                            _ send: (Delivery) -> DeliveryOutcome) throws(StoreError) -> Delivery? {
        try db.writeTransaction { () throws(StoreError) -> Delivery? in
            let due: SQLiteValue = dueBy.map { .text(Timestamp.format($0)) } ?? .null
            let rows = try db.prepare(DeliverySQL.next(.sqlite)).rows([.integer(id), due]) {
                (row: SQLiteStatement) -> (Int64, Delivery?) in (row.int("id"), Delivery(row: row))
            }
            guard let first = rows.first else { return nil }
            let (found, delivery) = first
            let outcome = delivery.map(send) ?? .skipped(reason: "the queued notice cannot be read by this bench; a newer bench sends it")
            let values = DeliverySQL.values(found, outcome, at: date).map { value -> SQLiteValue in value.map { .text($0) } ?? .null }
            try db.prepare(DeliverySQL.record(.sqlite)).run(values)
            return try db.prepare(DeliverySQL.columns(.sqlite) + " WHERE id = ?1").rows([.integer(found)]) { Delivery(row: $0) }.first ?? nil
        }
    }

    public func deliveries(_ statuses: Set<Delivery.Status>) throws(StoreError) -> [Delivery] {
        let query = DeliverySQL.list(.sqlite, statuses)
        return try db.prepare(query.sql).rows(query.values.map { .text($0) }) { Delivery(row: $0) }.compactMap { $0 }
    }
}

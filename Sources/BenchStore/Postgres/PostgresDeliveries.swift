import BenchCore
import Foundation

extension PostgresSchema {
    /// Migration 7: the queue of alert notifications (`DeliveryQueue`), under the same roles
    /// and row-level security as the other tables. SQLiteMigrations' "notification
    /// deliveries" is the embedded store's twin.
    static let notifications = #"""
    CREATE TABLE IF NOT EXISTS benchmark_notifications (
        id               BIGSERIAL    PRIMARY KEY,
        alert_id         BIGINT       NOT NULL,
        event            TEXT         NOT NULL CHECK (event IN ('opened', 'resolved')),
        channel          TEXT         NOT NULL,
        notice           JSONB        NOT NULL,
        status           TEXT         NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts         INTEGER      NOT NULL DEFAULT 0,
        next_attempt_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
        last_error       TEXT,
        created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
        sent_at          TIMESTAMPTZ,
        UNIQUE (alert_id, event, channel)
    );
    CREATE INDEX IF NOT EXISTS idx_notifications_due ON benchmark_notifications (status, next_attempt_at);

    GRANT SELECT ON benchmark_notifications TO bench_reader, bench_writer;
    GRANT INSERT, UPDATE ON benchmark_notifications TO bench_writer;
    GRANT USAGE ON SEQUENCE benchmark_notifications_id_seq TO bench_writer;
    ALTER TABLE benchmark_notifications ENABLE ROW LEVEL SECURITY;
    DROP POLICY IF EXISTS bench_read ON benchmark_notifications;
    DROP POLICY IF EXISTS bench_write ON benchmark_notifications;
    CREATE POLICY bench_read ON benchmark_notifications FOR SELECT TO bench_reader, bench_writer USING (TRUE);
    CREATE POLICY bench_write ON benchmark_notifications FOR ALL TO bench_writer USING (TRUE) WITH CHECK (TRUE);
    """#
}

/// The shared store's delivery queue: a deliverer locks the row it sends with
/// `FOR UPDATE SKIP LOCKED` until the outcome is committed, so concurrent deliverers (two
/// CI jobs' `bench sync`) each take other rows and none is sent twice.
extension PostgresStore: DeliveryQueue {
    public func enqueue(_ notice: AlertNotice, channels: [String], at date: Date) throws(StoreError) -> Int {
        try connection.transaction { () throws(StoreError) -> Int in
            var added = 0
            for channel in channels {
                let result = try connection.execute(DeliverySQL.insert(.postgres) + " RETURNING id",
                                                    [String(notice.alertId), notice.event.rawValue, channel, DeliverySQL.json(notice),
                                                     Timestamp.format(date)])
                added += result.count
            }
            return added
        }
    }

    public func deliverNext(after id: Int64, dueBy: Date?, at date: Date,
                            _ send: (Delivery) -> DeliveryOutcome) throws(StoreError) -> Delivery? {
        try connection.transaction { () throws(StoreError) -> Delivery? in
            let rows = try connection.execute(DeliverySQL.next(.postgres), [String(id), dueBy.map(Timestamp.format)])
                .rows { row -> (Int64, Delivery?) in (row.int("id"), Delivery(row: row)) }
            guard let first = rows.first else { return nil }
            let (found, delivery) = first
            let outcome = delivery.map(send) ?? .skipped(reason: "the queued notice cannot be read by this bench; a newer bench sends it")
            try connection.execute(DeliverySQL.record(.postgres), DeliverySQL.values(found, outcome, at: date))
            return try connection.execute(DeliverySQL.columns(.postgres) + " WHERE id = $1", [String(found)]).rows { Delivery(row: $0) }.first ?? nil
        }
    }

    public func deliveries(_ statuses: Set<Delivery.Status>) throws(StoreError) -> [Delivery] {
        let query = DeliverySQL.list(.postgres, statuses)
        return try connection.execute(query.sql, query.values).rows { Delivery(row: $0) }.compactMap { $0 }
    }
}

import BenchCore
import Foundation

/// The store's queue of notifications: the outbox that alerts write to and `bench sync`
/// delivers from. Both stores keep it in `benchmark_notifications`.
public protocol DeliveryQueue {
    /// Queues `notice` for each channel, once: a (alert, event, channel) already queued is
    /// left as it is. Returns how many deliveries were added.
    func enqueue(_ notice: AlertNotice, channels: [String], at date: Date) throws(StoreError) -> Int

    /// Takes the first pending delivery after `id` that is due by `dueBy` (any pending one
    /// when nil), holds it while `send` runs, so that no other deliverer takes it (PostgreSQL:
    /// `FOR UPDATE SKIP LOCKED`; SQLite: the write lock), and records the outcome at `date`.
    /// Returns the delivery as it is afterwards, or nil when none is left.
    func deliverNext(after id: Int64, dueBy: Date?, at date: Date,
                     _ send: (Delivery) -> DeliveryOutcome) throws(StoreError) -> Delivery?

    /// The deliveries in these states, oldest first.
    func deliveries(_ statuses: Set<Delivery.Status>) throws(StoreError) -> [Delivery]
}

/// The queue's SQL, written once for both stores.
enum DeliverySQL {
    static func columns(_ dialect: SQLDialect) -> String {
        """
        SELECT id AS id, channel AS channel, notice AS notice, status AS status, attempts AS attempts,
               \(dialect.timestamp("next_attempt_at")) AS next_attempt_at, last_error AS last_error,
               \(dialect.timestamp("created_at")) AS created_at, \(dialect.timestamp("sent_at")) AS sent_at
        FROM benchmark_notifications
        """
    }

    static func insert(_ dialect: SQLDialect) -> String {
        let time = dialect == .postgres ? "::timestamptz" : ""
        return """
            INSERT INTO benchmark_notifications (alert_id, event, channel, notice, next_attempt_at, created_at)
            VALUES (\(dialect.parameter(1)), \(dialect.parameter(2)), \(dialect.parameter(3)), \(dialect.parameter(4)),
                    \(dialect.parameter(5))\(time), \(dialect.parameter(5))\(time))
            ON CONFLICT (alert_id, event, channel) DO NOTHING
            """
    }

    /// The next pending delivery after `$1`, due by `$2` (or any when `$2` is NULL).
    static func next(_ dialect: SQLDialect) -> String {
        let due = dialect == .postgres ? "$2::timestamptz" : "?2"
        return columns(dialect) + """

            WHERE status = 'pending' AND id > \(dialect.parameter(1)) AND (\(due) IS NULL OR next_attempt_at <= \(due))
            ORDER BY id LIMIT 1
            """ + (dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : "")
    }

    /// Records an attempt: `$1` id, `$2` status, `$3` next attempt (NULL keeps it), `$4` error,
    /// `$5` sent at, `$6` the attempts it counts (0 for a delivery skipped here).
    static func record(_ dialect: SQLDialect) -> String {
        let time = dialect == .postgres ? "::timestamptz" : ""
        let counted = dialect == .postgres ? "$6::int" : "CAST(?6 AS INTEGER)"
        return """
            UPDATE benchmark_notifications SET status = \(dialect.parameter(2)), attempts = attempts + \(counted),
                next_attempt_at = coalesce(\(dialect.parameter(3))\(time), next_attempt_at), last_error = \(dialect.parameter(4)),
                sent_at = \(dialect.parameter(5))\(time)
            WHERE id = \(dialect.parameter(1))
            """
    }

    /// The values `record` binds for an outcome, as text (nil is NULL).
    static func values(_ id: Int64, _ outcome: DeliveryOutcome, at date: Date) -> [String?] {
        switch outcome {
        case .sent: [String(id), Delivery.Status.sent.rawValue, nil, nil, Timestamp.format(date), "1"]
        case .notSent(let error, let retryAt):
            [String(id), (retryAt == nil ? Delivery.Status.failed : .pending).rawValue, retryAt.map(Timestamp.format), error, nil, "1"]
        case .skipped(let reason): [String(id), Delivery.Status.pending.rawValue, nil, reason, nil, "0"]
        }
    }

    static func list(_ dialect: SQLDialect, _ statuses: Set<Delivery.Status>) -> (sql: String, values: [String]) {
        let names = statuses.map(\.rawValue).sorted()
        let placeholders = names.indices.map { dialect.parameter($0 + 1) }
        let condition = names.isEmpty ? dialect.literal(false) : "status IN (\(placeholders.joined(separator: ", ")))"
        return (columns(dialect) + "\nWHERE \(condition) ORDER BY id", names)
    }

    /// The notice as the queue keeps it.
    static func json(_ notice: AlertNotice) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(notice)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension Delivery {
    /// A row of `DeliverySQL.columns`; nil when its notice cannot be read (written by a newer bench).
    init?(row: some StoreRow) {
        guard let notice = try? JSONDecoder().decode(AlertNotice.self, from: Data(row.text("notice").utf8)) else { return nil }
        self.init(id: row.int("id"), notice: notice, channel: row.text("channel"),
                  status: Status(rawValue: row.text("status")) ?? .pending, attempts: Int(row.int("attempts")),
                  nextAttemptAt: row.date("next_attempt_at"), lastError: row.optionalText("last_error"),
                  createdAt: row.date("created_at"), sentAt: row.optionalDate("sent_at"))
    }
}

import BenchCore
import Foundation

/// A change to make to an alert: the event, with who, when, why and the figures behind it.
/// Its audit row records every field.
public struct AlertChange: Sendable, Equatable {
    public var event: AlertEventKind
    public var reason: AlertReason?
    public var note: String?
    /// Who; nil on PostgreSQL records the database role.
    public var actor: String?
    /// The commit and value that resolved it (for `resolved`).
    public var commitSha: String?
    public var value: Double?
    public var at: Date

    public init(_ event: AlertEventKind, reason: AlertReason? = nil, note: String? = nil, actor: String?,
                commitSha: String? = nil, value: Double? = nil, at: Date = Date()) {
        self.event = event
        self.reason = reason
        self.note = note
        self.actor = actor
        self.commitSha = commitSha
        self.value = value
        self.at = at
    }
}

/// Alerts as data: `benchmark_alerts` (one row per alert, at most one live per series ×
/// metric, by a partial unique index) and `benchmark_alert_log` (the alerts' append-only
/// audit log: every change, who made it and when). Both stores keep them with the same
/// SQL, written once below over `AlertWriter`'s two primitives.
public protocol AlertStore: AnyObject {
    /// Alerts of the given statuses (all when nil) on series the filter matches, newest first.
    func alerts(_ statuses: Set<AlertStatus>?, series filter: SeriesFilter) throws(StoreError) -> [Alert]

    /// One alert by its id.
    func alert(id: Int64) throws(StoreError) -> Alert?

    /// Opens `alert` (its id, status and times are the store's) and logs it, in one
    /// transaction; nil, writing nothing, when its series × metric already has a live alert.
    func openAlert(_ alert: Alert, by actor: String?, at: Date) throws(StoreError) -> Alert?

    /// Applies `change` to alert `id` and logs it, in one transaction. Throws `.notFound` for
    /// an unknown id, `.conflict` when the alert's status does not allow the change (or a
    /// reopened alert's series × metric has another live alert); nothing is written then.
    func changeAlert(id: Int64, _ change: AlertChange) throws(StoreError) -> Alert

    /// The audit rows of one alert (of every alert when nil), oldest first.
    func alertLog(id: Int64?) throws(StoreError) -> [AlertLogEntry]
}

/// What each store provides for the alert SQL below: statements with text parameters (nil
/// is NULL) whose rows are alerts or log rows, in its own transaction.
protocol AlertWriter: SnapshotWriter, AlertStore {
    var dialect: SQLDialect { get }
    /// Runs a statement returning `AlertSQL.columns`.
    func alertRows(_ sql: String, _ values: [String?]) throws(StoreError) -> [Alert]
    /// Runs a statement returning `AlertSQL.logColumns` (or nothing).
    func alertLogRows(_ sql: String, _ values: [String?]) throws(StoreError) -> [AlertLogEntry]
}

/// The SELECT lists of the alert decoders, for both stores.
enum AlertSQL {
    static func columns(_ dialect: SQLDialect) -> String {
        """
        id, model_version, dataset_version, prompt_version, environment, branch_name, metric_name, status, reason, note, unit,
        direction, baseline_value, value, limit_value, model, good_sha, commit_sha, commit_subject, commit_author,
        snapshot_version, testbed, \(dialect.timestamp("opened_at")) AS opened_at, \(dialect.timestamp("updated_at")) AS updated_at,
        \(dialect.timestamp("resolved_at")) AS resolved_at, resolved_sha, resolved_value
        """
    }

    static func logColumns(_ dialect: SQLDialect) -> String {
        "alert_id, event, reason, note, actor, commit_sha, value, \(dialect.timestamp("created_at")) AS created_at"
    }

    /// The key of the live-alert index, as `ON CONFLICT` names it.
    static let liveKey = "(model_version, dataset_version, prompt_version, environment, branch_name, metric_name) WHERE status IN ('open', 'acknowledged')"
}

extension Alert {
    /// A row of `AlertSQL.columns`.
    init(row: some StoreRow) {
        self.init(id: row.int("id"), series: SeriesKey(row: row), metric: row.text("metric_name"),
                  status: AlertStatus(rawValue: row.text("status")) ?? .open,
                  reason: row.optionalText("reason").flatMap(AlertReason.init(rawValue:)), note: row.optionalText("note"),
                  unit: row.optionalText("unit"), direction: Direction(rawValue: row.text("direction")) ?? .higher,
                  baseline: row.double("baseline_value"), value: row.double("value"), limit: row.double("limit_value"),
                  model: row.text("model"), goodSha: row.text("good_sha"), commitSha: row.text("commit_sha"),
                  commitSubject: row.text("commit_subject"), commitAuthor: row.text("commit_author"),
                  version: Int(row.int("snapshot_version")), testbed: row.optionalText("testbed"),
                  openedAt: row.date("opened_at"), updatedAt: row.date("updated_at"), resolvedAt: row.optionalDate("resolved_at"),
                  resolvedSha: row.optionalText("resolved_sha"), resolvedValue: row.optionalDouble("resolved_value"))
    }
}

extension AlertLogEntry {
    /// A row of `AlertSQL.logColumns`.
    init(row: some StoreRow) {
        self.init(alertId: row.int("alert_id"), event: AlertEventKind(rawValue: row.text("event")) ?? .opened,
                  reason: row.optionalText("reason").flatMap(AlertReason.init(rawValue:)), note: row.optionalText("note"),
                  actor: row.text("actor"), commitSha: row.optionalText("commit_sha"), value: row.optionalDouble("value"),
                  at: row.date("created_at"))
    }
}

extension AlertWriter {
    private func parameters(_ count: Int, from first: Int = 1) -> String {
        (first..<(first + count)).map(dialect.parameter).joined(separator: ", ")
    }

    private static func number(_ value: Double?) -> String? { value.map { JSONText.number($0) } }

    public func alerts(_ statuses: Set<AlertStatus>?, series filter: SeriesFilter) throws(StoreError) -> [Alert] {
        var condition = dialect.condition(filter)
        if let statuses {
            let names = statuses.map(\.rawValue).sorted()
            let placeholders = names.indices.map { dialect.parameter(condition.values.count + $0 + 1) }
            condition.values += names
            condition.sql += names.isEmpty ? " AND \(dialect.literal(false))" : " AND status IN (\(placeholders.joined(separator: ", ")))"
        }
        return try alertRows("SELECT \(AlertSQL.columns(dialect)) FROM benchmark_alerts WHERE \(condition.sql) ORDER BY id DESC",
                             condition.values)
    }

    public func alert(id: Int64) throws(StoreError) -> Alert? {
        try alertRows("SELECT \(AlertSQL.columns(dialect)) FROM benchmark_alerts WHERE id = \(dialect.parameter(1))", [String(id)]).first
    }

    public func openAlert(_ alert: Alert, by actor: String?, at: Date) throws(StoreError) -> Alert? {
        try writing { () throws(StoreError) -> Alert? in
            let series = alert.series
            // Looked for first, so that a refused alert takes no id (ids count 1, 2, 3…); the
            // index still refuses a second one should another writer race this one.
            if try alerts(AlertStatus.live, series: SeriesFilter(series)).contains(where: { $0.metric == alert.metric }) { return nil }
            let now = Timestamp.format(at)
            let values: [String?] = [series.modelVersion, series.datasetVersion, series.promptVersion, series.environment,
                                     series.branchName, alert.metric, alert.unit, alert.direction.rawValue,
                                     Self.number(alert.baseline), Self.number(alert.value), Self.number(alert.limit), alert.model,
                                     alert.goodSha, alert.commitSha, alert.commitSubject, alert.commitAuthor, String(alert.version),
                                     alert.testbed, now]
            let opened = try alertRows("""
                INSERT INTO benchmark_alerts (model_version, dataset_version, prompt_version, environment, branch_name, metric_name,
                    unit, direction, baseline_value, value, limit_value, model, good_sha, commit_sha, commit_subject, commit_author,
                    snapshot_version, testbed, opened_at, updated_at, status)
                VALUES (\(parameters(19)), \(dialect.parameter(19)), 'open')
                ON CONFLICT \(AlertSQL.liveKey) DO NOTHING
                RETURNING \(AlertSQL.columns(dialect))
                """, values).first
            guard let opened else { return nil }
            try log(opened.id, AlertChange(.opened, actor: actor, commitSha: alert.commitSha, value: alert.value, at: at))
            return opened
        }
    }

    public func changeAlert(id: Int64, _ change: AlertChange) throws(StoreError) -> Alert {
        try writing { () throws(StoreError) -> Alert in
            guard let before = try alert(id: id) else {
                throw StoreError(kind: .notFound, message: "no alert #\(id)", hint: "see the alerts with `bench alerts --status all`")
            }
            guard change.event.from.contains(before.status) else {
                let allowed = change.event.from.map(\.rawValue).sorted().joined(separator: " or ")
                throw StoreError(kind: .conflict, message: "alert #\(id) is \(before.status.rawValue): only an alert that is \(allowed) can be \(change.event.rawValue)",
                                 hint: "see it with `bench alerts --status all`")
            }
            if change.event == .reopened, let live = try alerts(AlertStatus.live, series: SeriesFilter(before.series))
                .first(where: { $0.metric == before.metric }) {
                throw StoreError(kind: .conflict, message: "alert #\(id) cannot be reopened: \(before.series) \(before.metric) has alert #\(live.id) open",
                                 hint: "triage alert #\(live.id) instead")
            }
            let resolved = change.event == .resolved
            let values: [String?] = [String(id), change.event.status.rawValue, change.event == .dismissed ? change.reason?.rawValue : nil,
                                     change.note, Timestamp.format(change.at),
                                     resolved ? Timestamp.format(change.at) : nil, resolved ? change.commitSha : nil,
                                     resolved ? Self.number(change.value) : nil, before.status.rawValue]
            let p = dialect.parameter
            // Only from the status read above: a change made meanwhile by another writer (a
            // person's triage racing a result that resolves it) wins, and this one is refused.
            guard let after = try alertRows("""
                UPDATE benchmark_alerts SET status = \(p(2)), reason = \(p(3)), note = coalesce(\(p(4)), note), updated_at = \(p(5)),
                    resolved_at = \(p(6)), resolved_sha = \(p(7)), resolved_value = \(p(8))
                WHERE id = \(p(1)) AND status = \(p(9)) RETURNING \(AlertSQL.columns(dialect))
                """, values).first else {
                throw StoreError(kind: .conflict, message: "alert #\(id) changed while this change was being made",
                                 hint: "see it with `bench alerts --status all`, then try again")
            }
            try log(id, change)
            return after
        }
    }

    public func alertLog(id: Int64?) throws(StoreError) -> [AlertLogEntry] {
        let columns = AlertSQL.logColumns(dialect)
        guard let id else { return try alertLogRows("SELECT \(columns) FROM benchmark_alert_log ORDER BY seq", []) }
        return try alertLogRows("SELECT \(columns) FROM benchmark_alert_log WHERE alert_id = \(dialect.parameter(1)) ORDER BY seq", [String(id)])
    }

    /// The audit row of a change. Without an actor, PostgreSQL records the database role.
    private func log(_ id: Int64, _ change: AlertChange) throws(StoreError) {
        let actor = dialect == .postgres ? "coalesce(\(dialect.parameter(5)), current_user)" : "coalesce(\(dialect.parameter(5)), 'unknown')"
        _ = try alertLogRows("""
            INSERT INTO benchmark_alert_log (alert_id, event, reason, note, actor, commit_sha, value, created_at)
            VALUES (\(parameters(4)), \(actor), \(parameters(3, from: 6)))
            """, [String(id), change.event.rawValue, change.event == .dismissed ? change.reason?.rawValue : nil, change.note,
                  change.actor, change.commitSha, Self.number(change.value), Timestamp.format(change.at)])
    }
}

import BenchCore
import Foundation

extension SQLiteMigrations {
    /// Migration 5: alerts as data. `PostgresSchema.alerts` (migration 6) is the shared
    /// store's twin; `AlertStore` describes both tables.
    static let alerts = """
    CREATE TABLE benchmark_alerts (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        model_version     TEXT    NOT NULL,
        dataset_version   TEXT    NOT NULL DEFAULT '',
        prompt_version    TEXT    NOT NULL DEFAULT '',
        environment       TEXT    NOT NULL,
        branch_name       TEXT    NOT NULL,
        metric_name       TEXT    NOT NULL,
        status            TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'dismissed', 'resolved')),
        reason            TEXT    CHECK (reason IN ('false-alarm', 'expected')),
        note              TEXT,
        unit              TEXT,
        direction         TEXT    NOT NULL CHECK (direction IN ('higher', 'lower')),
        baseline_value    REAL    NOT NULL,
        value             REAL    NOT NULL,
        limit_value       REAL    NOT NULL,
        model             TEXT    NOT NULL,
        good_sha          TEXT    NOT NULL,
        commit_sha        TEXT    NOT NULL,
        commit_subject    TEXT    NOT NULL DEFAULT '',
        commit_author     TEXT    NOT NULL DEFAULT '',
        snapshot_version  INTEGER NOT NULL,
        testbed           TEXT,
        opened_at         TEXT    NOT NULL,
        updated_at        TEXT    NOT NULL,
        resolved_at       TEXT,
        resolved_sha      TEXT,
        resolved_value    REAL
    );
    -- A second live alert on one series × metric is impossible, not merely avoided.
    CREATE UNIQUE INDEX idx_alerts_one_live
        ON benchmark_alerts (model_version, dataset_version, prompt_version, environment, branch_name, metric_name)
        WHERE status IN ('open', 'acknowledged');
    CREATE INDEX idx_alerts_status ON benchmark_alerts (status, id);

    -- The alerts' audit log: every change, who made it and when. Append-only.
    CREATE TABLE benchmark_alert_log (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id    INTEGER NOT NULL REFERENCES benchmark_alerts (id),
        event       TEXT    NOT NULL CHECK (event IN ('opened', 'resolved', 'acknowledged', 'dismissed', 'reopened')),
        reason      TEXT,
        note        TEXT,
        actor       TEXT    NOT NULL,
        commit_sha  TEXT,
        value       REAL,
        created_at  TEXT    NOT NULL
    );
    CREATE INDEX idx_alert_log_alert ON benchmark_alert_log (alert_id, seq);
    CREATE TRIGGER benchmark_alert_log_no_update BEFORE UPDATE ON benchmark_alert_log
        BEGIN SELECT RAISE(ABORT, 'the alert log is append-only'); END;
    CREATE TRIGGER benchmark_alert_log_no_delete BEFORE DELETE ON benchmark_alert_log
        BEGIN SELECT RAISE(ABORT, 'the alert log is append-only'); END;
    """
}

extension SQLiteStore: AlertWriter {
    var dialect: SQLDialect { .sqlite }

    private func bound(_ values: [String?]) -> [SQLiteValue] { values.map { $0.map { .text($0) } ?? .null } }

    func alertRows(_ sql: String, _ values: [String?]) throws(StoreError) -> [Alert] {
        try db.prepare(sql).rows(bound(values)) { Alert(row: $0) }
    }

    func alertLogRows(_ sql: String, _ values: [String?]) throws(StoreError) -> [AlertLogEntry] {
        try db.prepare(sql).rows(bound(values)) { AlertLogEntry(row: $0) }
    }
}

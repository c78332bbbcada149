import BenchCore
import Foundation

extension PostgresSchema {
    /// Migration 6: alerts as data, under the same roles and row-level security as the other
    /// tables: readers see alerts and their log; writers open and change alerts and append to
    /// the log, which nobody may update or delete. `SQLiteMigrations.alerts` (migration 5)
    /// is the embedded store's twin.
    static let alerts = #"""
    CREATE TABLE IF NOT EXISTS benchmark_alerts (
        id                BIGSERIAL         PRIMARY KEY,
        model_version     TEXT              NOT NULL,
        dataset_version   TEXT              NOT NULL DEFAULT '',
        prompt_version    TEXT              NOT NULL DEFAULT '',
        environment       TEXT              NOT NULL,
        branch_name       TEXT              NOT NULL,
        metric_name       TEXT              NOT NULL,
        status            TEXT              NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'dismissed', 'resolved')),
        reason            TEXT              CHECK (reason IN ('false-alarm', 'expected')),
        note              TEXT,
        unit              TEXT,
        direction         TEXT              NOT NULL CHECK (direction IN ('higher', 'lower')),
        baseline_value    DOUBLE PRECISION  NOT NULL,
        value             DOUBLE PRECISION  NOT NULL,
        limit_value       DOUBLE PRECISION  NOT NULL,
        model             TEXT              NOT NULL,
        good_sha          TEXT              NOT NULL,
        commit_sha        TEXT              NOT NULL,
        commit_subject    TEXT              NOT NULL DEFAULT '',
        commit_author     TEXT              NOT NULL DEFAULT '',
        snapshot_version  INTEGER           NOT NULL,
        testbed           TEXT,
        opened_at         TIMESTAMPTZ       NOT NULL DEFAULT now(),
        updated_at        TIMESTAMPTZ       NOT NULL DEFAULT now(),
        resolved_at       TIMESTAMPTZ,
        resolved_sha      TEXT,
        resolved_value    DOUBLE PRECISION
    );
    -- A second live alert on one series × metric is impossible, not merely avoided.
    CREATE UNIQUE INDEX IF NOT EXISTS idx_alerts_one_live
        ON benchmark_alerts (model_version, dataset_version, prompt_version, environment, branch_name, metric_name)
        WHERE status IN ('open', 'acknowledged');
    CREATE INDEX IF NOT EXISTS idx_alerts_status ON benchmark_alerts (status, id);

    -- The alerts' audit log: every change, who made it (the person, else the database role)
    -- and when. Append-only: no role is granted UPDATE or DELETE on it.
    CREATE TABLE IF NOT EXISTS benchmark_alert_log (
        seq         BIGSERIAL         PRIMARY KEY,
        alert_id    BIGINT            NOT NULL REFERENCES benchmark_alerts (id),
        event       TEXT              NOT NULL CHECK (event IN ('opened', 'resolved', 'acknowledged', 'dismissed', 'reopened')),
        reason      TEXT,
        note        TEXT,
        actor       TEXT              NOT NULL DEFAULT current_user,
        commit_sha  TEXT,
        value       DOUBLE PRECISION,
        created_at  TIMESTAMPTZ       NOT NULL DEFAULT now()
    );
    CREATE INDEX IF NOT EXISTS idx_alert_log_alert ON benchmark_alert_log (alert_id, seq);

    -- The same roles and row-level security as the other tables.
    GRANT SELECT ON benchmark_alerts, benchmark_alert_log TO bench_reader, bench_writer;
    GRANT INSERT, UPDATE ON benchmark_alerts TO bench_writer;
    GRANT INSERT ON benchmark_alert_log TO bench_writer;
    GRANT USAGE ON SEQUENCE benchmark_alerts_id_seq, benchmark_alert_log_seq_seq TO bench_writer;
    ALTER TABLE benchmark_alerts ENABLE ROW LEVEL SECURITY;
    ALTER TABLE benchmark_alert_log ENABLE ROW LEVEL SECURITY;
    DROP POLICY IF EXISTS bench_read ON benchmark_alerts;
    DROP POLICY IF EXISTS bench_write ON benchmark_alerts;
    DROP POLICY IF EXISTS bench_read ON benchmark_alert_log;
    DROP POLICY IF EXISTS bench_write ON benchmark_alert_log;
    CREATE POLICY bench_read ON benchmark_alerts FOR SELECT TO bench_reader, bench_writer USING (TRUE);
    CREATE POLICY bench_write ON benchmark_alerts FOR ALL TO bench_writer USING (TRUE) WITH CHECK (TRUE);
    CREATE POLICY bench_read ON benchmark_alert_log FOR SELECT TO bench_reader, bench_writer USING (TRUE);
    CREATE POLICY bench_write ON benchmark_alert_log FOR INSERT TO bench_writer WITH CHECK (TRUE);
    """#
}

extension PostgresStore: AlertWriter {
    var dialect: SQLDialect { .postgres }

    func alertRows(_ sql: String, _ values: [String?]) throws(StoreError) -> [Alert] {
        try connection.execute(sql, values).rows { Alert(row: $0) }
    }

    func alertLogRows(_ sql: String, _ values: [String?]) throws(StoreError) -> [AlertLogEntry] {
        try connection.execute(sql, values).rows { AlertLogEntry(row: $0) }
    }
}

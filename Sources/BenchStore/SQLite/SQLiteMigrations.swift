import BenchCore
import Foundation

/// The embedded store's schema, as numbered migrations applied in order, each once.
/// Table and column names follow the seeds' PostgreSQL schema so their queries read the same.
enum SQLiteMigrations {
    static let all: [(version: Int, name: String, sql: String)] = [
        (1, "benchmark tables", """
        CREATE TABLE benchmark_transactions (
            seq               INTEGER PRIMARY KEY AUTOINCREMENT,
            id                TEXT    NOT NULL UNIQUE,
            transaction_type  TEXT    NOT NULL DEFAULT 'run'
                              CHECK (transaction_type IN ('run', 'checkout', 'baseline_set', 'baseline_clear')),
            commit_sha        TEXT    NOT NULL,
            branch_name       TEXT    NOT NULL,
            commit_time       TEXT,
            commit_author     TEXT,
            is_dirty          INTEGER NOT NULL DEFAULT 0,
            model_version     TEXT    NOT NULL,
            model_provider    TEXT,
            dataset_version   TEXT    NOT NULL DEFAULT '',
            dataset_size      INTEGER,
            prompt_version    TEXT    NOT NULL DEFAULT '',
            environment       TEXT    NOT NULL,
            run_id            TEXT,
            triggered_by      TEXT,
            metrics           TEXT    NOT NULL DEFAULT '{}',
            duration_seconds  REAL,
            tags              TEXT    NOT NULL DEFAULT '[]',
            notes             TEXT,
            snapshot_version  INTEGER,
            created_at        TEXT    NOT NULL
        );
        CREATE INDEX idx_transactions_commit ON benchmark_transactions (commit_sha);
        CREATE INDEX idx_transactions_created ON benchmark_transactions (created_at);
        CREATE INDEX idx_transactions_model ON benchmark_transactions (model_version, created_at);

        -- One row per metric of a run: any metric, not just f1, is an indexed lookup.
        CREATE TABLE benchmark_metrics (
            transaction_seq INTEGER NOT NULL REFERENCES benchmark_transactions (seq),
            position        INTEGER NOT NULL,
            metric_name     TEXT    NOT NULL,
            value           REAL    NOT NULL,
            unit            TEXT,
            samples         TEXT,
            PRIMARY KEY (transaction_seq, metric_name)
        ) WITHOUT ROWID;
        CREATE INDEX idx_metrics_name ON benchmark_metrics (metric_name, transaction_seq);

        CREATE TABLE benchmark_snapshots (
            id                INTEGER PRIMARY KEY AUTOINCREMENT,
            transaction_id    TEXT    NOT NULL REFERENCES benchmark_transactions (id),
            model_version     TEXT    NOT NULL,
            model_provider    TEXT,
            dataset_version   TEXT    NOT NULL DEFAULT '',
            prompt_version    TEXT    NOT NULL DEFAULT '',
            environment       TEXT    NOT NULL,
            branch_name       TEXT    NOT NULL,
            commit_sha        TEXT    NOT NULL,
            commit_time       TEXT,
            snapshot_version  INTEGER NOT NULL CHECK (snapshot_version >= 1),
            metrics           TEXT    NOT NULL,
            f1_score          REAL,
            precision_score   REAL,
            recall_score      REAL,
            latency_ms        REAL,
            analysis_cost     REAL,
            is_current        INTEGER NOT NULL DEFAULT 0,
            is_baseline       INTEGER NOT NULL DEFAULT 0,
            is_active         INTEGER NOT NULL DEFAULT 1,
            inactive_reason   TEXT,
            created_at        TEXT    NOT NULL,
            last_updated_at   TEXT    NOT NULL,
            UNIQUE (model_version, dataset_version, prompt_version, environment, branch_name, snapshot_version)
        );
        -- A second current (or baseline) snapshot in one series is impossible, not merely avoided.
        CREATE UNIQUE INDEX idx_snapshots_one_current
            ON benchmark_snapshots (model_version, dataset_version, prompt_version, environment, branch_name)
            WHERE is_current = 1;
        CREATE UNIQUE INDEX idx_snapshots_one_baseline
            ON benchmark_snapshots (model_version, dataset_version, prompt_version, environment, branch_name)
            WHERE is_baseline = 1;
        CREATE INDEX idx_snapshots_commit ON benchmark_snapshots (commit_sha);
        CREATE INDEX idx_snapshots_transaction ON benchmark_snapshots (transaction_id);

        CREATE VIEW v_latest_benchmarks AS
            SELECT * FROM benchmark_snapshots WHERE is_current = 1 AND is_active = 1;
        """),
        (2, "index of checkouts and baseline changes", """
        -- A series' history lists its checkouts and baseline changes: found by index, not by
        -- reading every run of the model.
        CREATE INDEX idx_transactions_actions ON benchmark_transactions (model_version, transaction_type, seq);
        """),
        (3, "index of the commits measured on each branch", """
        -- `bench align` (run by the git hooks) reads the commits of a branch from this index
        -- alone, not every snapshot version.
        CREATE INDEX idx_snapshots_branch_commit ON benchmark_snapshots (branch_name, commit_sha, is_active);
        """),
        (4, "testbeds", """
        -- The machine each run was measured on (NULL: unknown, for runs recorded before), and
        -- what each testbed is. PostgresSchema.testbeds is the shared store's twin.
        ALTER TABLE benchmark_transactions ADD COLUMN testbed TEXT;
        CREATE TABLE benchmark_testbeds (
            name          TEXT    PRIMARY KEY,
            architecture  TEXT,
            cpu_model     TEXT,
            cores         INTEGER,
            memory_bytes  INTEGER,
            os            TEXT,
            os_id         TEXT,
            kernel        TEXT,
            toolchain     TEXT,
            updated_at    TEXT    NOT NULL
        );
        """),
        (5, "alerts", alerts),
        (6, "notification deliveries", """
        -- The queue of alert notifications: one row per alert, event and [[notify]] channel,
        -- sent with retries (attempts, next_attempt_at, last_error). PostgresSchema.notifications
        -- is the shared store's twin.
        CREATE TABLE benchmark_notifications (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            alert_id         INTEGER NOT NULL,
            event            TEXT    NOT NULL CHECK (event IN ('opened', 'resolved')),
            channel          TEXT    NOT NULL,
            notice           TEXT    NOT NULL,
            status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
            attempts         INTEGER NOT NULL DEFAULT 0,
            next_attempt_at  TEXT    NOT NULL,
            last_error       TEXT,
            created_at       TEXT    NOT NULL,
            sent_at          TEXT,
            UNIQUE (alert_id, event, channel)
        );
        CREATE INDEX idx_notifications_due ON benchmark_notifications (status, next_attempt_at);
        """),
        (7, "series-ordered versions and points", points),
    ]
}

/// How the embedded store records its migrations: in `schema_migrations`, inside the file.
/// `BEGIN IMMEDIATE` takes the database's only write lock, so the transaction is also what
/// keeps two migrators apart.
struct SQLiteMigrationHost: MigrationHost {
    let db: SQLiteDatabase

    func exclusively<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T { try body() }

    func createVersionTable() throws(StoreError) {
        try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    }

    func appliedVersion() throws(StoreError) -> Int {
        Int(try db.prepare("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations").rows { $0.int("version") }.first ?? 0)
    }

    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T { try db.writeTransaction(body) }

    func execute(script: String) throws(StoreError) { try db.execute(script) }

    func recordApplied(_ migration: Migration) throws(StoreError) {
        try db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)")
            .run([.integer(Int64(migration.version)), .text(migration.name), .text(Timestamp.format(Date()))])
    }
}

/// The embedded store's series-ordered copy of what charts and histories read (migration 7).
///
/// `benchmark_snapshots` and `benchmark_metrics` are kept in the order runs arrived, so a
/// series' 20,000 versions lie on 20,000 pages among the other series' rows, and reading one
/// metric of one series read three scattered pages per version. These tables hold, in the
/// order of (series, version), each version's commit, time, testbed and activity
/// (`benchmark_versions`) and its metric values (`benchmark_points`): one series' history is
/// a few hundred consecutive pages.
///
/// They are derived: triggers on `benchmark_snapshots` keep them (a snapshot written, its
/// `is_active` changed, a snapshot deleted), so record, checkout, align and prune keep them
/// with no code of their own. A snapshot's metric rows are written before the snapshot
/// (`insertRun`, `importRuns`), which is what the insert trigger copies. The bulk import is
/// the one writer: it sets the insert trigger aside in its transaction and writes the same
/// rows from what it holds (`SQLiteImport.swift`), which `ImportEquivalenceTests` compares.
/// No code changes a snapshot's series, commit, time or version once written.
/// `PointsLayoutTests` holds them equal to what the migration's backfill computes from the
/// snapshots after every kind of write.
extension SQLiteMigrations {
    /// The series key columns of `benchmark_series` named `r` equal to those of `row` (NEW or OLD).
    private static func seriesOf(_ row: String) -> String {
        """
        r.model_version = \(row).model_version AND r.dataset_version = \(row).dataset_version
                    AND r.prompt_version = \(row).prompt_version AND r.environment = \(row).environment
                    AND r.branch_name = \(row).branch_name
        """
    }

    /// The id of the series of `row` (NEW or OLD), as a scalar subquery.
    private static func seriesId(_ row: String) -> String {
        "(SELECT r.id FROM benchmark_series r WHERE \(seriesOf(row)))"
    }

    /// The backfill of `benchmark_versions` from the snapshots; `PointsLayoutTests` compares
    /// the table with it.
    static let versionsFromSnapshots = """
        SELECT r.id AS series_id, s.snapshot_version AS snapshot_version, s.id AS snapshot_id, s.commit_sha AS commit_sha,
               s.created_at AS created_at, (SELECT t.testbed FROM benchmark_transactions t WHERE t.id = s.transaction_id) AS testbed,
               s.is_active AS is_active
        FROM benchmark_series r JOIN benchmark_snapshots s ON \(seriesOf("s"))
        ORDER BY r.id, s.snapshot_version
        """

    /// The backfill of `benchmark_points` from the snapshots and their metric rows.
    static let pointsFromSnapshots = """
        SELECT r.id AS series_id, s.snapshot_version AS snapshot_version, m.position AS position, m.metric_name AS metric_name,
               m.value AS value, m.unit AS unit, m.samples AS samples
        FROM benchmark_series r JOIN benchmark_snapshots s ON \(seriesOf("s"))
        JOIN benchmark_transactions t ON t.id = s.transaction_id JOIN benchmark_metrics m ON m.transaction_seq = t.seq
        ORDER BY r.id, s.snapshot_version, m.position
        """

    /// The trigger that copies a new snapshot into the series-ordered tables. A bulk import
    /// sets it aside inside its transaction and writes those rows itself (`SQLiteImport`).
    static let snapshotsWritten = """
        CREATE TRIGGER benchmark_snapshots_written AFTER INSERT ON benchmark_snapshots BEGIN
            INSERT OR IGNORE INTO benchmark_series (model_version, dataset_version, prompt_version, environment, branch_name)
                VALUES (NEW.model_version, NEW.dataset_version, NEW.prompt_version, NEW.environment, NEW.branch_name);
            INSERT INTO benchmark_versions (series_id, snapshot_version, snapshot_id, commit_sha, created_at, testbed, is_active)
                VALUES (\(seriesId("NEW")), NEW.snapshot_version, NEW.id, NEW.commit_sha, NEW.created_at,
                        (SELECT t.testbed FROM benchmark_transactions t WHERE t.id = NEW.transaction_id), NEW.is_active);
            INSERT INTO benchmark_points (series_id, snapshot_version, position, metric_name, value, unit, samples)
                SELECT \(seriesId("NEW")), NEW.snapshot_version, m.position, m.metric_name, m.value, m.unit, m.samples
                FROM benchmark_transactions t JOIN benchmark_metrics m ON m.transaction_seq = t.seq
                WHERE t.id = NEW.transaction_id;
        END
        """

    static let points = """
        -- Every series, numbered: the versions and points below name theirs by this id.
        CREATE TABLE benchmark_series (
            id              INTEGER PRIMARY KEY,
            model_version   TEXT NOT NULL,
            dataset_version TEXT NOT NULL,
            prompt_version  TEXT NOT NULL,
            environment     TEXT NOT NULL,
            branch_name     TEXT NOT NULL,
            UNIQUE (model_version, dataset_version, prompt_version, environment, branch_name)
        );
        -- Each snapshot version of a series, in the series' order: what a chart's readout names.
        CREATE TABLE benchmark_versions (
            series_id        INTEGER NOT NULL,
            snapshot_version INTEGER NOT NULL,
            snapshot_id      INTEGER NOT NULL,
            commit_sha       TEXT    NOT NULL,
            created_at       TEXT    NOT NULL,
            testbed          TEXT,
            is_active        INTEGER NOT NULL,
            PRIMARY KEY (series_id, snapshot_version)
        ) WITHOUT ROWID;
        -- Each metric of each version, in the series' order, then the run's order of metrics.
        CREATE TABLE benchmark_points (
            series_id        INTEGER NOT NULL,
            snapshot_version INTEGER NOT NULL,
            position         INTEGER NOT NULL,
            metric_name      TEXT    NOT NULL,
            value            REAL    NOT NULL,
            unit             TEXT,
            samples          TEXT,
            PRIMARY KEY (series_id, snapshot_version, position)
        ) WITHOUT ROWID;

        INSERT INTO benchmark_series (model_version, dataset_version, prompt_version, environment, branch_name)
            SELECT DISTINCT model_version, dataset_version, prompt_version, environment, branch_name FROM benchmark_snapshots
            ORDER BY model_version, dataset_version, prompt_version, environment, branch_name;
        INSERT INTO benchmark_versions \(versionsFromSnapshots);
        INSERT INTO benchmark_points \(pointsFromSnapshots);

        \(snapshotsWritten);
        CREATE TRIGGER benchmark_snapshots_activity AFTER UPDATE OF is_active ON benchmark_snapshots
        WHEN NEW.is_active IS NOT OLD.is_active BEGIN
            UPDATE benchmark_versions SET is_active = NEW.is_active
            WHERE series_id = \(seriesId("NEW")) AND snapshot_version = NEW.snapshot_version;
        END;
        CREATE TRIGGER benchmark_snapshots_deleted AFTER DELETE ON benchmark_snapshots BEGIN
            DELETE FROM benchmark_points WHERE series_id = \(seriesId("OLD")) AND snapshot_version = OLD.snapshot_version;
            DELETE FROM benchmark_versions WHERE series_id = \(seriesId("OLD")) AND snapshot_version = OLD.snapshot_version;
        END;
        """
}

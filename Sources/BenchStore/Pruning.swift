import BenchCore
import Foundation

extension StoreSQL {
    /// The rows a prune never removes, as conditions on a snapshot `s` and its run `t`, each
    /// true of a row that something refers to: the current and baseline snapshots, a version
    /// a checkout or baseline change names (a pinned one, and what the history's actions
    /// list), and a run with a note.
    ///
    /// The seam for tables that refer to results: a table added later (alerts) adds its
    /// condition here, e.g. `EXISTS (SELECT 1 FROM benchmark_alerts a WHERE a.snapshot_id = s.id)`,
    /// and both stores' prunes keep its rows.
    static func referencedRows(_ dialect: SQLDialect) -> [String] {
        [
            dialect.isSet("s.is_current"),
            dialect.isSet("s.is_baseline"),
            "t.notes IS NOT NULL",
            """
            EXISTS (SELECT 1 FROM benchmark_transactions a
                    WHERE a.model_version = s.model_version AND a.transaction_type IN ('checkout', 'baseline_set', 'baseline_clear')
                      AND a.dataset_version = s.dataset_version AND a.prompt_version = s.prompt_version
                      AND a.environment = s.environment AND a.branch_name = s.branch_name AND a.snapshot_version = s.snapshot_version)
            """,
            // An alert's evidence: its series' runs at the good commit, the regressing one and the one that resolved it.
            """
            EXISTS (SELECT 1 FROM benchmark_alerts al
                    WHERE al.model_version = s.model_version AND al.dataset_version = s.dataset_version
                      AND al.prompt_version = s.prompt_version AND al.environment = s.environment AND al.branch_name = s.branch_name
                      AND (s.commit_sha = al.good_sha OR s.commit_sha = al.commit_sha OR s.commit_sha = al.resolved_sha))
            """,
        ]
    }

    /// The runs `policy` removes: `s.id` (snapshot), `s.seq` (its run's audit row) and the
    /// series, version and time of each. `commits` is the parameter that holds the kept
    /// commits (a JSON array in SQLite, a text array in PostgreSQL).
    static func pruned(_ dialect: SQLDialect, _ policy: PrunePolicy) -> (sql: String, values: [String]) {
        var values: [String] = []
        var conditions = referencedRows(dialect).map { "NOT (\($0))" }
        if let keepNewest = policy.keepNewest { conditions.append("s.newness > \(keepNewest)") }
        if let since = policy.keepSince {
            values.append(Timestamp.format(since))
            conditions.append("s.created_at < \(dialect.parameter(values.count))" + (dialect == .postgres ? "::timestamptz" : ""))
        }
        if !policy.keepCommits.isEmpty {
            switch dialect {
            case .sqlite:
                values.append("[" + policy.keepCommits.map(JSONText.string).joined(separator: ",") + "]")
                conditions.append("s.commit_sha NOT IN (SELECT value FROM json_each(\(dialect.parameter(values.count))))")
            case .postgres:
                values.append("{" + policy.keepCommits.joined(separator: ",") + "}")
                conditions.append("s.commit_sha <> ALL(\(dialect.parameter(values.count))::text[])")
            }
        }
        // A policy without a rule keeps everything.
        if policy.keepNewest == nil && policy.keepSince == nil { conditions.append(dialect.literal(false)) }
        let sql = """
            SELECT s.id AS id, t.seq AS seq, s.model_version AS model_version, s.dataset_version AS dataset_version,
                   s.prompt_version AS prompt_version, s.environment AS environment, s.branch_name AS branch_name,
                   s.snapshot_version AS snapshot_version, \(dialect.timestamp("s.created_at")) AS created_at
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.model_version, x.dataset_version, x.prompt_version, x.environment,
                                                              x.branch_name ORDER BY x.snapshot_version DESC) AS newness
                  FROM benchmark_snapshots x) s
            JOIN benchmark_transactions t ON t.id = s.transaction_id
            WHERE \(conditions.joined(separator: " AND "))
            """
        return (sql, values)
    }

    /// The runs `policy` removes, by series (`pruned` grouped).
    static func pruneGroups(_ dialect: SQLDialect, _ policy: PrunePolicy) -> (sql: String, values: [String]) {
        let (inner, values) = pruned(dialect, policy)
        return ("""
            SELECT model_version, dataset_version, prompt_version, environment, branch_name, COUNT(*) AS runs,
                   MIN(snapshot_version) AS oldest_version, MAX(snapshot_version) AS newest_version,
                   MIN(created_at) AS oldest_recorded, MAX(created_at) AS newest_recorded
            FROM (\(inner)) p
            GROUP BY model_version, dataset_version, prompt_version, environment, branch_name
            ORDER BY model_version, dataset_version, prompt_version, environment, branch_name
            """, values)
    }

    /// Deletes the runs listed in the table `prune_runs (id, seq)`: metric rows, snapshots,
    /// then the runs' audit rows (the order their references allow).
    static let deletePruned = """
        DELETE FROM benchmark_metrics WHERE transaction_seq IN (SELECT seq FROM prune_runs);
        DELETE FROM benchmark_snapshots WHERE id IN (SELECT id FROM prune_runs);
        DELETE FROM benchmark_transactions WHERE seq IN (SELECT seq FROM prune_runs);
        """
}

extension PruneGroup {
    /// A row of `StoreSQL.pruneGroups`.
    init(row: some StoreRow) {
        self.init(series: SeriesKey(row: row), runs: Int(row.int("runs")), oldestVersion: Int(row.int("oldest_version")),
                  newestVersion: Int(row.int("newest_version")), oldestRecorded: row.date("oldest_recorded"),
                  newestRecorded: row.date("newest_recorded"))
    }
}

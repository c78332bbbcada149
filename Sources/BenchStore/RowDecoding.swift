import BenchCore
import Foundation

/// One row of a query's result, read by column name (after GRDB's `row["column"]`): what the
/// decoders below see, whichever store ran the query. A NULL reads as 0, "" or false from
/// the non-optional readers. Naming a column the query does not select is a programming
/// error and stops the program.
protocol StoreRow {
    func isNull(_ column: String) -> Bool
    func int(_ column: String) -> Int64
    func optionalInt(_ column: String) -> Int64?
    func double(_ column: String) -> Double
    func optionalDouble(_ column: String) -> Double?
    func text(_ column: String) -> String
    func optionalText(_ column: String) -> String?
    func bool(_ column: String) -> Bool
    /// A timestamp written by `Timestamp.format` (or `SQLDialect.timestamp`); the epoch when
    /// unreadable. A requirement, so that a store can read it without making a string.
    func date(_ column: String) -> Date
    /// A list of strings, as the store keeps one (a JSON array in SQLite, `text[]` in PostgreSQL).
    func strings(_ column: String) -> [String]
    /// A list of numbers, as the store keeps one; nil for NULL.
    func optionalNumbers(_ column: String) -> [Double]?
}

extension StoreRow {
    func date(_ column: String) -> Date { Timestamp.parse(text(column)) ?? Date(timeIntervalSince1970: 0) }

    func optionalDate(_ column: String) -> Date? { optionalText(column).flatMap(Timestamp.parse) }
}

/// The SELECT lists the decoders below read, written once for both stores: the aliases are
/// the names the decoders ask for.
enum StoreSQL {
    /// Snapshot columns (with `transaction_seq`, which finds their metrics), from `s` joined to its run `t`.
    static func snapshots(_ dialect: SQLDialect) -> String {
        """
        SELECT s.id AS id, s.model_version AS model_version, s.dataset_version AS dataset_version,
               s.prompt_version AS prompt_version, s.environment AS environment, s.branch_name AS branch_name,
               s.snapshot_version AS snapshot_version, s.transaction_id AS transaction_id, s.commit_sha AS commit_sha,
               \(dialect.timestamp("s.commit_time")) AS commit_time, s.model_provider AS model_provider,
               s.is_current AS is_current, s.is_baseline AS is_baseline, s.is_active AS is_active,
               s.inactive_reason AS inactive_reason, \(dialect.timestamp("s.created_at")) AS created_at,
               \(dialect.timestamp("s.last_updated_at")) AS last_updated_at, t.seq AS transaction_seq, t.testbed AS testbed
        FROM benchmark_snapshots s JOIN benchmark_transactions t ON t.id = s.transaction_id
        """
    }

    /// Audit-row columns of `benchmark_transactions`; `seq` finds their metrics.
    static func entries(_ dialect: SQLDialect) -> String {
        """
        SELECT seq AS seq, id AS id, transaction_type AS transaction_type, model_version AS model_version,
               dataset_version AS dataset_version, prompt_version AS prompt_version, environment AS environment,
               branch_name AS branch_name, model_provider AS model_provider, commit_sha AS commit_sha,
               \(dialect.timestamp("commit_time")) AS commit_time, commit_author AS commit_author, is_dirty AS is_dirty,
               run_id AS run_id, triggered_by AS triggered_by, tags AS tags, notes AS notes, dataset_size AS dataset_size,
               duration_seconds AS duration_seconds, snapshot_version AS snapshot_version,
               \(dialect.timestamp("created_at")) AS created_at, testbed AS testbed
        FROM benchmark_transactions
        """
    }

    /// Every testbed runs were recorded on (NULL: the unknown one), with its facts when the
    /// store has them, its number of runs and its first and last run; the newest first.
    static func testbeds(_ dialect: SQLDialect) -> String {
        """
        SELECT r.testbed AS name, r.runs AS runs, \(dialect.timestamp("r.first_run")) AS first_run,
               \(dialect.timestamp("r.last_run")) AS last_run, b.architecture AS architecture, b.cpu_model AS cpu_model,
               b.cores AS cores, b.memory_bytes AS memory_bytes, b.os AS os, b.os_id AS os_id, b.kernel AS kernel,
               b.toolchain AS toolchain
        FROM (SELECT testbed, COUNT(*) AS runs, MIN(created_at) AS first_run, MAX(created_at) AS last_run
              FROM benchmark_transactions WHERE transaction_type = 'run' GROUP BY testbed) r
        LEFT JOIN benchmark_testbeds b ON b.name = r.testbed
        ORDER BY r.last_run DESC, r.testbed
        """
    }

    /// One metric's value at each active version of the series `condition` names, oldest
    /// first; the metric's name is the parameter after the condition's.
    static func points(_ dialect: SQLDialect, where condition: SQLCondition) -> String {
        """
        SELECT s.snapshot_version AS snapshot_version, s.commit_sha AS commit_sha, \(dialect.timestamp("s.created_at")) AS created_at,
               t.testbed AS testbed, m.value AS value, m.unit AS unit, m.samples AS samples
        FROM benchmark_snapshots s JOIN benchmark_transactions t ON t.id = s.transaction_id
        JOIN benchmark_metrics m ON m.transaction_seq = t.seq AND m.metric_name = \(dialect.parameter(condition.values.count + 1))
        WHERE \(condition.sql) AND \(dialect.isSet("s.is_active")) ORDER BY s.snapshot_version
        """
    }

    /// The metric rows' columns, with the run (`transaction_seq`) they belong to.
    static let metrics = "SELECT transaction_seq, metric_name, value, unit, samples FROM benchmark_metrics"

    /// Every distinct series of the snapshots matching `condition`, in order.
    static func series(where condition: String) -> String {
        """
        SELECT DISTINCT model_version, dataset_version, prompt_version, environment, branch_name
        FROM benchmark_snapshots WHERE \(condition)
        ORDER BY model_version, dataset_version, prompt_version, environment, branch_name
        """
    }

    /// How many rows each table holds, in one statement (so from one read snapshot).
    static let counts = """
        SELECT (SELECT COUNT(*) FROM benchmark_transactions) AS transactions,
               (SELECT COUNT(*) FROM benchmark_snapshots) AS snapshots,
               (SELECT COUNT(*) FROM benchmark_metrics) AS metrics
        """

    /// The order of series: model, dataset, prompt, environment, branch.
    static let seriesOrder = "s.model_version, s.dataset_version, s.prompt_version, s.environment, s.branch_name"
}

extension SeriesKey {
    /// The five columns that name a series.
    init(row: some StoreRow) {
        self.init(modelVersion: row.text("model_version"), datasetVersion: row.text("dataset_version"),
                  promptVersion: row.text("prompt_version"), environment: row.text("environment"),
                  branchName: row.text("branch_name"))
    }
}

extension Snapshot {
    /// A row of `StoreSQL.snapshots`, without its metrics (the store reads them by `transaction_seq`).
    init(row: some StoreRow) {
        self.init(id: row.int("id"), series: SeriesKey(row: row), version: Int(row.int("snapshot_version")),
                  transactionId: row.text("transaction_id"), commitSha: row.text("commit_sha"),
                  commitTime: row.optionalDate("commit_time"), modelProvider: row.optionalText("model_provider"), metrics: [],
                  isCurrent: row.bool("is_current"), isBaseline: row.bool("is_baseline"), isActive: row.bool("is_active"),
                  inactiveReason: row.optionalText("inactive_reason"),
                  createdAt: row.date("created_at"), lastUpdatedAt: row.date("last_updated_at"),
                  testbed: row.optionalText("testbed"))
    }
}

extension AuditEntry {
    /// A row of `StoreSQL.entries`, without its metrics (the store reads them by `seq`).
    init(row: some StoreRow) {
        let provenance = Provenance(
            commitSha: row.text("commit_sha"), commitTime: row.optionalDate("commit_time"),
            commitAuthor: row.optionalText("commit_author"), isDirty: row.bool("is_dirty"), runId: row.optionalText("run_id"),
            triggeredBy: row.optionalText("triggered_by"), tags: row.strings("tags"), notes: row.optionalText("notes"),
            datasetSize: row.optionalInt("dataset_size").map { Int($0) }, durationSeconds: row.optionalDouble("duration_seconds"),
            testbed: row.optionalText("testbed"))
        self.init(id: row.text("id"), kind: TransactionKind(rawValue: row.text("transaction_type")) ?? .run,
                  series: SeriesKey(row: row), modelProvider: row.optionalText("model_provider"), provenance: provenance,
                  metrics: [], snapshotVersion: row.optionalInt("snapshot_version").map { Int($0) },
                  createdAt: row.date("created_at"))
    }
}

/// A value read without its run's metric rows, which are attached after, for every row at once.
protocol HoldsMetrics {
    var metrics: [NamedMetric] { get set }
}

extension Snapshot: HoldsMetrics {}
extension AuditEntry: HoldsMetrics {}

extension NamedMetric {
    /// A row of `StoreSQL.metrics`.
    init(row: some StoreRow) {
        self.init(name: row.text("metric_name"), metric: MetricValue(
            value: row.double("value"), unit: row.optionalText("unit"), samples: row.optionalNumbers("samples")))
    }
}

extension MetricPoint {
    /// A row of `StoreSQL.points`.
    init(row: some StoreRow) {
        self.init(version: Int(row.int("snapshot_version")), commitSha: row.text("commit_sha"), createdAt: row.date("created_at"),
                  testbed: row.optionalText("testbed"),
                  metric: MetricValue(value: row.double("value"), unit: row.optionalText("unit"), samples: row.optionalNumbers("samples")))
    }
}

extension TestbedUsage {
    /// A row of `StoreSQL.testbeds`; no fingerprint when the store has none for the name.
    init(row: some StoreRow) {
        let fingerprint = row.optionalText("cpu_model").map { model in
            Fingerprint(architecture: row.text("architecture"), cpuModel: model, cores: Int(row.int("cores")),
                        memoryBytes: row.int("memory_bytes"), os: row.text("os"), osID: row.text("os_id"),
                        kernel: row.text("kernel"), toolchain: row.optionalText("toolchain"))
        }
        self.init(name: row.optionalText("name"), fingerprint: fingerprint, runs: Int(row.int("runs")),
                  firstSeen: row.optionalDate("first_run"), lastSeen: row.optionalDate("last_run"))
    }
}

extension CommitState {
    /// A commit of a branch: `commit_sha`, `has_active`, `has_inactive`.
    init(row: some StoreRow) {
        self.init(sha: row.text("commit_sha"), hasActive: row.bool("has_active"), hasInactive: row.bool("has_inactive"))
    }
}

extension StoreCounts {
    /// A row of `StoreSQL.counts`.
    init(row: some StoreRow) {
        self.init(transactions: Int(row.int("transactions")), snapshots: Int(row.int("snapshots")),
                  metrics: Int(row.int("metrics")))
    }
}

import BenchCore
import Foundation

/// The shared store: PostgreSQL through libpq, with the schema of `PostgresSchema`.
/// Writers of one series are serialized by an advisory lock, so versions stay gapless and
/// one snapshot current under any number of concurrent writers.
public final class PostgresStore: Store {
    let connection: PostgresConnection

    /// Connects; with `requireSchema`, refuses a database whose schema is missing, older
    /// (run `bench db migrate`) or newer (upgrade bench) than this binary's.
    public init(url: String, maskedURL: String, requireSchema: Bool = true) throws(StoreError) {
        connection = try PostgresConnection(url: url, maskedURL: maskedURL)
        if requireSchema {
            let version = try schemaVersion()
            let newest = Self.migrator.newestVersion
            try Self.migrator.refuseNewer(version, in: "the database at \(maskedURL)")
            if version < newest {
                throw StoreError(kind: .unavailable,
                                 message: "the database at \(maskedURL) has schema version \(version), this bench needs \(newest)",
                                 hint: "run `bench db migrate` as the database's owner")
            }
        }
    }

    // MARK: Schema

    static let migrator = Migrator(PostgresSchema.migrations)

    /// The applied schema version (0 for an empty database).
    public func schemaVersion() throws(StoreError) -> Int {
        try PostgresMigrationHost(connection: connection).appliedVersion()
    }

    /// Applies the migrations the database lacks, in one transaction, under an advisory lock
    /// so two migrators never race. Returns the versions applied (none when the schema was
    /// already current).
    public func migrate() throws(StoreError) -> [Int] {
        try Self.migrator.migrate(PostgresMigrationHost(connection: connection), subject: "the database")
    }

    /// What `bench db status` shows.
    public func status() throws(StoreError) -> StoreStatus {
        let version = try schemaVersion()
        let roles = try connection.execute("SELECT rolname FROM pg_roles WHERE rolname IN ('bench_reader', 'bench_writer') ORDER BY 1")
            .rows { $0.text("rolname") }
        let rls = version == 0 ? [] : try connection.execute("""
            SELECT relname, relrowsecurity FROM pg_class WHERE relname IN ('benchmark_transactions', 'benchmark_snapshots', 'benchmark_metrics', 'benchmark_testbeds', 'benchmark_alerts', 'benchmark_alert_log', 'benchmark_notifications') ORDER BY 1
            """).rows { ($0.text("relname"), $0.bool("relrowsecurity")) }
        let user = try connection.execute("SELECT current_user AS name").rows { $0.text("name") }.first ?? ""
        return StoreStatus(schemaVersion: version, newestVersion: Self.migrator.newestVersion,
                           counts: version == 0 ? nil : try counts(), roles: roles,
                           rowLevelSecurity: Dictionary(uniqueKeysWithValues: rls), user: user)
    }

    // MARK: Writing

    /// `bench_record_run` takes the time itself, after the series' lock, when given none.
    public func record(_ runs: [RunRecord], time: RunTime) throws(StoreError) -> [Snapshot] {
        try connection.transaction { () throws(StoreError) -> [Snapshot] in
            var positions: [Int64: Int] = [:]
            for (position, run) in runs.enumerated() {
                let result = try connection.execute("""
                    SELECT bench_record_run($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14::text[], $15,
                                            $16::timestamptz, $17, $18::boolean, $19::timestamptz) AS snapshot_id
                    """, [run.id, run.provenance.commitSha, run.series.branchName, run.series.modelVersion, run.modelProvider,
                          run.series.datasetVersion, run.provenance.datasetSize.map(String.init), run.series.promptVersion,
                          run.series.environment, run.provenance.runId, run.provenance.triggeredBy, Self.details(run.metrics),
                          run.provenance.durationSeconds.map(JSONText.number), Self.array(run.provenance.tags), run.provenance.notes,
                          run.provenance.commitTime.map(Timestamp.format), run.provenance.commitAuthor,
                          run.provenance.isDirty ? "true" : "false", time == .atWrite ? nil : Timestamp.format(run.createdAt)])
                if let id = result.rows({ $0.int("snapshot_id") }).first { positions[id] = position }
                if let testbed = run.provenance.testbed {
                    let print = run.fingerprint
                    try connection.execute("SELECT bench_record_testbed($1, $2, $3, $4, $5::integer, $6::bigint, $7, $8, $9, $10)",
                                           [run.id, testbed, print?.architecture, print?.cpuModel, print.map { String($0.cores) },
                                            print.map { String($0.memoryBytes) }, print?.os, print?.osID, print?.kernel, print?.toolchain])
                }
            }
            let ids = positions.keys.map(String.init).joined(separator: ",")
            return try snapshots(where: "s.id = ANY($1::bigint[])", ["{\(ids)}"]).sorted { positions[$0.id]! < positions[$1.id]! }
        }
    }

    public func prunePlan(_ policy: PrunePolicy) throws(StoreError) -> [PruneGroup] {
        let (sql, values) = StoreSQL.pruneGroups(Self.dialect, policy)
        return try connection.execute(sql, values).rows { PruneGroup(row: $0) }
    }

    public func prune(_ policy: PrunePolicy) throws(StoreError) -> Int {
        let (sql, values) = StoreSQL.pruned(Self.dialect, policy)
        let removed = try connection.transaction { () throws(StoreError) -> Int in
            try connection.execute("CREATE TEMP TABLE prune_runs ON COMMIT DROP AS SELECT id, seq FROM (\(sql)) p", values)
            let count = try connection.execute("SELECT COUNT(*) AS runs FROM prune_runs").rows { $0.int("runs") }.first ?? 0
            try connection.executeScript(StoreSQL.deletePruned)
            return Int(count)
        }
        // VACUUM cannot run inside a transaction: one statement of its own.
        try connection.executeScript("VACUUM (ANALYZE) benchmark_metrics, benchmark_snapshots, benchmark_transactions")
        return removed
    }

    /// A PostgreSQL array literal of text that may hold NULLs.
    static func nullableArray(_ values: [String?]) -> String {
        "{" + values.map { value in
            value.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" } ?? "NULL"
        }.joined(separator: ",") + "}"
    }

    public func existingTransactions(_ ids: [String]) throws(StoreError) -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return Set(try connection.execute("SELECT id FROM benchmark_transactions WHERE id = ANY($1::text[])", [Self.array(ids)]).rows { $0.text("id") })
    }

    /// `[{"name": …, "value": …, "unit": …, "samples": […]}]` for `bench_record_run`.
    static func details(_ metrics: [NamedMetric]) -> String {
        "[" + metrics.map { metric in
            var fields = ["\"name\": \(JSONText.string(metric.name))", "\"value\": \(JSONText.number(metric.metric.value))"]
            if let unit = metric.metric.unit { fields.append("\"unit\": \(JSONText.string(unit))") }
            if let samples = metric.metric.samples { fields.append("\"samples\": \(JSONText.numbers(samples))") }
            return "{" + fields.joined(separator: ", ") + "}"
        }.joined(separator: ", ") + "]"
    }

    /// A PostgreSQL array literal of text.
    static func array(_ values: [String]) -> String { nullableArray(values) }

    private static let dialect = SQLDialect.postgres

    /// A series' five key columns, in the order `bench_lock_series` takes them.
    private func seriesParameters(_ series: SeriesKey) -> [String?] {
        [series.modelVersion, series.datasetVersion, series.promptVersion, series.environment, series.branchName]
    }

    public func commitStates(onBranch branch: String) throws(StoreError) -> [CommitState] {
        try connection.execute("""
            SELECT commit_sha, bool_or(is_active) AS has_active, NOT bool_and(is_active) AS has_inactive FROM benchmark_snapshots
            WHERE branch_name = $1 GROUP BY commit_sha
            """, [branch]).rows { CommitState(row: $0) }
    }

    // MARK: Reading

    private static let snapshotColumns = StoreSQL.snapshots(dialect)
    private static let entryColumns = StoreSQL.entries(dialect)

    private func snapshots(where clause: String, _ values: [String?], order: String = "s.id", metrics withMetrics: Bool = true) throws(StoreError) -> [Snapshot] {
        let result = try connection.execute("\(Self.snapshotColumns) WHERE \(clause) ORDER BY \(order)", values)
        let sequences = result.rows { $0.int("transaction_seq") }
        var rows = result.rows { Snapshot(row: $0) }
        guard withMetrics else { return rows }
        let metrics = try metrics(forSequences: sequences)
        for index in rows.indices { rows[index].metrics = metrics[sequences[index]] ?? [] }
        return rows
    }

    private func metrics(forSequences sequences: [Int64]) throws(StoreError) -> [Int64: [NamedMetric]] {
        guard !sequences.isEmpty else { return [:] }
        let list = "{" + Set(sequences).map(String.init).joined(separator: ",") + "}"
        let rows = try connection.execute("""
            \(StoreSQL.metrics) WHERE transaction_seq = ANY($1::bigint[]) ORDER BY transaction_seq, position
            """, [list]).rows { row in (row.int("transaction_seq"), NamedMetric(row: row)) }
        var byRun: [Int64: [NamedMetric]] = [:]
        for (sequence, metric) in rows { byRun[sequence, default: []].append(metric) }
        return byRun
    }

    public func currentSnapshots(_ filter: SeriesFilter) throws(StoreError) -> [Snapshot] {
        let condition = Self.dialect.condition(filter, prefix: "s.")
        return try snapshots(where: "\(Self.dialect.isSet("s.is_current")) AND \(Self.dialect.isSet("s.is_active")) AND \(condition.sql)",
                             condition.values, order: StoreSQL.seriesOrder)
    }

    public func series(_ filter: SeriesFilter) throws(StoreError) -> [SeriesKey] {
        let condition = Self.dialect.condition(filter)
        return try connection.execute(StoreSQL.series(where: condition.sql), condition.values).rows { SeriesKey(row: $0) }
    }

    public func history(of series: SeriesKey, limit: Int?, before: Int?, metrics: Bool) throws(StoreError) -> [Snapshot] {
        let condition = Self.dialect.condition(series, prefix: "s.")
        let cursor = before.map { _ in " AND s.snapshot_version < \(Self.dialect.parameter(condition.values.count + 1))" } ?? ""
        return try snapshots(where: condition.sql + cursor, condition.values + (before.map { [String($0)] } ?? []),
                             order: "s.snapshot_version DESC" + (limit.map { " LIMIT \(max(0, $0))" } ?? ""), metrics: metrics)
    }

    public func points(of series: SeriesKey, metric: String) throws(StoreError) -> [MetricPoint] {
        let condition = Self.dialect.condition(series, prefix: "s.")
        return try connection.execute(StoreSQL.points(Self.dialect, where: condition), condition.values + [metric]).rows { MetricPoint(row: $0) }
    }

    public func points(of series: SeriesKey) throws(StoreError) -> [MetricSeries] {
        MetricSeries.of(try history(of: series).filter(\.isActive).reversed())
    }

    public func baselines(_ filter: SeriesFilter) throws(StoreError) -> [Snapshot] {
        let condition = Self.dialect.condition(filter, prefix: "s.")
        return try snapshots(where: "\(Self.dialect.isSet("s.is_baseline")) AND \(condition.sql)", condition.values,
                             order: StoreSQL.seriesOrder + ", s.snapshot_version DESC")
    }

    public func snapshots(atCommits shas: [String], matching filter: SeriesFilter) throws(StoreError) -> [Snapshot] {
        guard !shas.isEmpty else { return [] }
        let condition = Self.dialect.condition(filter, prefix: "s.")
        return try snapshots(where: "\(condition.sql) AND s.commit_sha = ANY(\(Self.dialect.parameter(condition.values.count + 1))::text[])",
                             condition.values + [Self.array(shas)])
    }

    private func entries(where clause: String, _ values: [String?]) throws(StoreError) -> [AuditEntry] {
        let result = try connection.execute("\(Self.entryColumns) WHERE \(clause) ORDER BY seq", values)
        let sequences = result.rows { $0.int("seq") }
        var rows = result.rows { AuditEntry(row: $0) }
        let metrics = try metrics(forSequences: sequences)
        for index in rows.indices { rows[index].metrics = metrics[sequences[index]] ?? [] }
        return rows
    }

    public func entries(since: Date?, kinds: Set<TransactionKind>?, series filter: SeriesFilter) throws(StoreError) -> [AuditEntry] {
        let condition = Self.dialect.condition(filter, since: since, kinds: kinds)
        return try entries(where: condition.sql, condition.values)
    }

    public func entry(id: String) throws(StoreError) -> AuditEntry? {
        try entries(where: "id = $1", [id]).first
    }

    public func counts() throws(StoreError) -> StoreCounts {
        try connection.execute(StoreSQL.counts).rows { StoreCounts(row: $0) }.first ?? StoreCounts(transactions: 0, snapshots: 0, metrics: 0)
    }

    public func testbeds() throws(StoreError) -> [TestbedUsage] {
        try connection.execute(StoreSQL.testbeds(Self.dialect)).rows { TestbedUsage(row: $0) }
    }
}

extension PostgresStore: SnapshotWriter {
    func writing<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T { try connection.transaction(body) }

    func lock(_ series: SeriesKey) throws(StoreError) {
        try connection.execute("SELECT bench_lock_series($1, $2, $3, $4, $5)", seriesParameters(series))
    }

    func snapshot(_ series: SeriesKey, version: Int) throws(StoreError) -> Snapshot? {
        let condition = Self.dialect.condition(series, prefix: "s.")
        return try snapshots(where: "\(condition.sql) AND s.snapshot_version = \(Self.dialect.parameter(condition.values.count + 1))",
                             condition.values + [String(version)]).first
    }

    func move(_ flag: SeriesFlag, in series: SeriesKey, to id: Int64?, at date: Date) throws(StoreError) {
        let now = Timestamp.format(date)
        let dialect = Self.dialect, inSeries = dialect.condition(series)
        try connection.execute("""
            UPDATE benchmark_snapshots SET \(flag.rawValue) = \(dialect.literal(false)),
                last_updated_at = \(dialect.parameter(inSeries.values.count + 1))::timestamptz
            WHERE \(inSeries.sql) AND \(dialect.isSet(flag.rawValue))
            """, inSeries.values + [now])
        if let id {
            try connection.execute("UPDATE benchmark_snapshots SET \(flag.rawValue) = \(dialect.literal(true)), last_updated_at = $2::timestamptz WHERE id = $1",
                                   [String(id), now])
        }
    }

    func setInactive(_ id: Int64, reason: String?, at date: Date) throws(StoreError) {
        if let reason {
            try connection.execute("UPDATE benchmark_snapshots SET is_active = FALSE, is_current = FALSE, inactive_reason = $2, last_updated_at = $3::timestamptz WHERE id = $1",
                                   [String(id), reason, Timestamp.format(date)])
        } else {
            try connection.execute("UPDATE benchmark_snapshots SET is_active = TRUE, inactive_reason = NULL, last_updated_at = $2::timestamptz WHERE id = $1",
                                   [String(id), Timestamp.format(date)])
        }
    }

    func recordAction(_ kind: TransactionKind, _ snapshot: Snapshot, _ action: ActionContext) throws(StoreError) {
        try connection.execute("SELECT bench_record_action($1, $2, $3, $4, $5, $6::timestamptz)",
                               [kind.rawValue, String(snapshot.id), action.commitSha, action.triggeredBy, action.notes, Timestamp.format(action.at)])
    }
}

@available(*, unavailable, message: "a store holds a connection used from one task")
extension PostgresStore: Sendable {}

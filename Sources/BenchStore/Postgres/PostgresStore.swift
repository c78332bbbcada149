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
            let newest = PostgresSchema.migrations.last!.version
            if version > newest {
                throw StoreError(kind: .schemaTooNew, message: "the database at \(maskedURL) has schema version \(version); this bench knows up to \(newest)",
                                 hint: "upgrade bench")
            }
            if version < newest {
                throw StoreError(kind: .unavailable,
                                 message: "the database at \(maskedURL) has schema version \(version), this bench needs \(newest)",
                                 hint: "run `bench db migrate` as the database's owner")
            }
        }
    }

    // MARK: Schema

    /// The applied schema version (0 for an empty database).
    public func schemaVersion() throws(StoreError) -> Int {
        let exists = try connection.execute("SELECT to_regclass('bench_schema_migrations') IS NOT NULL")
        guard exists.bool(0, 0) else { return 0 }
        return Int(try connection.execute("SELECT coalesce(max(version), 0) FROM bench_schema_migrations").int(0, 0))
    }

    /// Applies the migrations the database lacks, each in its own transaction, under an
    /// advisory lock so two migrators never race. Returns the versions applied (none when
    /// the schema was already current).
    public func migrate() throws(StoreError) -> [Int] {
        try connection.execute("SELECT pg_advisory_lock(727272)")
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock(727272)") }
        try connection.execute(PostgresSchema.versionTable)
        let current = try schemaVersion()
        let newest = PostgresSchema.migrations.last!.version
        if current > newest {
            throw StoreError(kind: .schemaTooNew, message: "the database has schema version \(current); this bench knows up to \(newest)",
                             hint: "upgrade bench")
        }
        var applied: [Int] = []
        for migration in PostgresSchema.migrations where migration.version > current {
            try connection.transaction { () throws(StoreError) in
                try connection.executeScript(migration.sql)
                try connection.execute("INSERT INTO bench_schema_migrations (version, name) VALUES ($1, $2)",
                                       [String(migration.version), migration.name])
            }
            applied.append(migration.version)
        }
        return applied
    }

    /// What `bench db status` shows.
    public func status() throws(StoreError) -> StoreStatus {
        let version = try schemaVersion()
        let roles = try connection.execute("SELECT rolname FROM pg_roles WHERE rolname IN ('bench_reader', 'bench_writer') ORDER BY 1")
        let rls = version == 0 ? [] : try connection.execute("""
            SELECT relname, relrowsecurity FROM pg_class WHERE relname IN ('benchmark_transactions', 'benchmark_snapshots', 'benchmark_metrics') ORDER BY 1
            """).rowsMap { result, row in (result.string(row, 0), result.bool(row, 1)) }
        let user = try connection.execute("SELECT current_user").string(0, 0)
        return StoreStatus(schemaVersion: version, newestVersion: PostgresSchema.migrations.last!.version,
                              counts: version == 0 ? nil : try counts(),
                              roles: (0..<roles.count).map { roles.string($0, 0) },
                              rowLevelSecurity: Dictionary(uniqueKeysWithValues: rls), user: user)
    }

    // MARK: Writing

    public func record(_ runs: [RunRecord]) throws(StoreError) -> [Snapshot] {
        try connection.transaction { () throws(StoreError) -> [Snapshot] in
            var positions: [Int64: Int] = [:]
            for (position, run) in runs.enumerated() {
                let result = try connection.execute("""
                    SELECT bench_record_run($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14::text[], $15,
                                            $16::timestamptz, $17, $18::boolean, $19::timestamptz)
                    """, [run.id, run.provenance.commitSha, run.series.branchName, run.series.modelVersion, run.modelProvider,
                          run.series.datasetVersion, run.provenance.datasetSize.map(String.init), run.series.promptVersion,
                          run.series.environment, run.provenance.runId, run.provenance.triggeredBy, Self.details(run.metrics),
                          run.provenance.durationSeconds.map(JSONText.number), Self.array(run.provenance.tags), run.provenance.notes,
                          run.provenance.commitTime.map(Timestamp.format), run.provenance.commitAuthor,
                          run.provenance.isDirty ? "true" : "false", Timestamp.format(run.createdAt)])
                positions[result.int(0, 0)] = position
            }
            let ids = positions.keys.map(String.init).joined(separator: ",")
            return try snapshots(where: "s.id = ANY($1::bigint[])", ["{\(ids)}"]).sorted { positions[$0.id]! < positions[$1.id]! }
        }
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
    static func array(_ values: [String]) -> String {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    private func seriesParameters(_ series: SeriesKey) -> [String?] {
        [series.modelVersion, series.datasetVersion, series.promptVersion, series.environment, series.branchName]
    }

    private static let seriesWhere = "model_version = $1 AND dataset_version = $2 AND prompt_version = $3 AND environment = $4 AND branch_name = $5"

    public func checkout(_ series: SeriesKey, version: Int?, by action: ActionContext) throws(StoreError) -> Snapshot {
        try performCheckout(series, version: version, by: action)
    }

    public func setBaseline(_ series: SeriesKey, version: Int, by action: ActionContext) throws(StoreError) -> Snapshot {
        try performSetBaseline(series, version: version, by: action)
    }

    public func clearBaseline(_ series: SeriesKey, by action: ActionContext) throws(StoreError) -> Snapshot? {
        try performClearBaseline(series, by: action)
    }

    public func realign(_ series: SeriesKey, inactive: [Int64: String], current: Int64?, by action: ActionContext) throws(StoreError) -> [Snapshot] {
        try performRealign(series, inactive: inactive, current: current, by: action)
    }

    public func commitStates(onBranch branch: String) throws(StoreError) -> [CommitState] {
        try connection.execute("""
            SELECT commit_sha, bool_or(is_active), NOT bool_and(is_active) FROM benchmark_snapshots
            WHERE branch_name = $1 GROUP BY commit_sha
            """, [branch]).rowsMap { result, row in
            CommitState(sha: result.string(row, 0), hasActive: result.bool(row, 1), hasInactive: result.bool(row, 2))
        }
    }

    // MARK: Reading

    private static func utc(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
    }

    private static let snapshotColumns = """
        SELECT s.id, s.model_version, s.dataset_version, s.prompt_version, s.environment, s.branch_name,
               s.snapshot_version, s.transaction_id, s.commit_sha, \(utc("s.commit_time")), s.model_provider,
               s.is_current, s.is_baseline, s.is_active, \(utc("s.created_at")), \(utc("s.last_updated_at")), t.seq, s.inactive_reason
        FROM benchmark_snapshots s JOIN benchmark_transactions t ON t.id = s.transaction_id
        """

    private func filterClause(_ filter: SeriesFilter, prefix: String, firstParameter: Int) -> (String, [String?]) {
        var clauses: [String] = []
        var values: [String?] = []
        let fields: [(String, String?)] = [("model_version", filter.modelVersion), ("dataset_version", filter.datasetVersion),
                                           ("prompt_version", filter.promptVersion), ("environment", filter.environment),
                                           ("branch_name", filter.branchName)]
        for (column, value) in fields {
            guard let value else { continue }
            values.append(value)
            clauses.append("\(prefix)\(column) = $\(firstParameter + values.count - 1)")
        }
        return (clauses.isEmpty ? "TRUE" : clauses.joined(separator: " AND "), values)
    }

    private func snapshots(where clause: String, _ values: [String?], order: String = "s.id", metrics withMetrics: Bool = true) throws(StoreError) -> [Snapshot] {
        let result = try connection.execute("\(Self.snapshotColumns) WHERE \(clause) ORDER BY \(order)", values)
        var sequences: [Int64] = []
        var rows: [Snapshot] = []
        for row in 0..<result.count {
            sequences.append(result.int(row, 16))
            rows.append(Snapshot(
                id: result.int(row, 0),
                series: SeriesKey(modelVersion: result.string(row, 1), datasetVersion: result.string(row, 2),
                                  promptVersion: result.string(row, 3), environment: result.string(row, 4), branchName: result.string(row, 5)),
                version: Int(result.int(row, 6)), transactionId: result.string(row, 7), commitSha: result.string(row, 8),
                commitTime: result.text(row, 9).flatMap(Timestamp.parse), modelProvider: result.text(row, 10), metrics: [],
                isCurrent: result.bool(row, 11), isBaseline: result.bool(row, 12), isActive: result.bool(row, 13),
                inactiveReason: result.text(row, 17),
                createdAt: Timestamp.parse(result.string(row, 14)) ?? Date(timeIntervalSince1970: 0),
                lastUpdatedAt: Timestamp.parse(result.string(row, 15)) ?? Date(timeIntervalSince1970: 0)))
        }
        guard withMetrics else { return rows }
        let metrics = try metrics(forSequences: sequences)
        for index in rows.indices { rows[index].metrics = metrics[sequences[index]] ?? [] }
        return rows
    }

    private func metrics(forSequences sequences: [Int64]) throws(StoreError) -> [Int64: [NamedMetric]] {
        guard !sequences.isEmpty else { return [:] }
        let list = "{" + Set(sequences).map(String.init).joined(separator: ",") + "}"
        let result = try connection.execute("""
            SELECT transaction_seq, metric_name, value, unit, samples FROM benchmark_metrics
            WHERE transaction_seq = ANY($1::bigint[]) ORDER BY transaction_seq, position
            """, [list])
        var byRun: [Int64: [NamedMetric]] = [:]
        for row in 0..<result.count {
            let samples = result.text(row, 4).map { text in
                text.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").compactMap { Double($0) }
            }
            byRun[result.int(row, 0), default: []].append(NamedMetric(
                name: result.string(row, 1), metric: MetricValue(value: result.double(row, 2) ?? 0, unit: result.text(row, 3), samples: samples)))
        }
        return byRun
    }

    public func currentSnapshots(_ filter: SeriesFilter) throws(StoreError) -> [Snapshot] {
        let (clause, values) = filterClause(filter, prefix: "s.", firstParameter: 1)
        return try snapshots(where: "s.is_current AND s.is_active AND \(clause)", values,
                             order: "s.model_version, s.dataset_version, s.prompt_version, s.environment, s.branch_name")
    }

    public func series(_ filter: SeriesFilter) throws(StoreError) -> [SeriesKey] {
        let (clause, values) = filterClause(filter, prefix: "", firstParameter: 1)
        return try connection.execute("""
            SELECT DISTINCT model_version, dataset_version, prompt_version, environment, branch_name
            FROM benchmark_snapshots WHERE \(clause)
            ORDER BY model_version, dataset_version, prompt_version, environment, branch_name
            """, values).rowsMap { result, row in
            SeriesKey(modelVersion: result.string(row, 0), datasetVersion: result.string(row, 1), promptVersion: result.string(row, 2),
                      environment: result.string(row, 3), branchName: result.string(row, 4))
        }
    }

    public func history(of series: SeriesKey, limit: Int?, metrics: Bool) throws(StoreError) -> [Snapshot] {
        let (clause, values) = filterClause(SeriesFilter(series), prefix: "s.", firstParameter: 1)
        return try snapshots(where: clause, values, order: "s.snapshot_version DESC" + (limit.map { " LIMIT \(max(0, $0))" } ?? ""),
                             metrics: metrics)
    }

    public func baselines(_ filter: SeriesFilter) throws(StoreError) -> [Snapshot] {
        let (clause, values) = filterClause(filter, prefix: "s.", firstParameter: 1)
        return try snapshots(where: "s.is_baseline AND \(clause)", values,
                             order: "s.model_version, s.dataset_version, s.prompt_version, s.environment, s.branch_name, s.snapshot_version DESC")
    }

    public func snapshots(atCommits shas: [String], matching filter: SeriesFilter) throws(StoreError) -> [Snapshot] {
        guard !shas.isEmpty else { return [] }
        let (clause, values) = filterClause(filter, prefix: "s.", firstParameter: 1)
        return try snapshots(where: "\(clause) AND s.commit_sha = ANY($\(values.count + 1)::text[])", values + [Self.array(shas)])
    }

    private static let entryColumns = """
        SELECT seq, id, transaction_type, model_version, dataset_version, prompt_version, environment, branch_name,
               model_provider, commit_sha, \(utc("commit_time")), commit_author, is_dirty, run_id, triggered_by, tags, notes,
               dataset_size, duration_seconds, snapshot_version, \(utc("created_at"))
        FROM benchmark_transactions
        """

    private func entries(where clause: String, _ values: [String?]) throws(StoreError) -> [AuditEntry] {
        let result = try connection.execute("\(Self.entryColumns) WHERE \(clause) ORDER BY seq", values)
        var sequences: [Int64] = []
        var rows: [AuditEntry] = []
        for row in 0..<result.count {
            sequences.append(result.int(row, 0))
            let provenance = Provenance(
                commitSha: result.string(row, 9), commitTime: result.text(row, 10).flatMap(Timestamp.parse),
                commitAuthor: result.text(row, 11), isDirty: result.bool(row, 12), runId: result.text(row, 13),
                triggeredBy: result.text(row, 14), tags: Self.parseArray(result.string(row, 15)), notes: result.text(row, 16),
                datasetSize: result.text(row, 17).flatMap { Int($0) }, durationSeconds: result.double(row, 18))
            rows.append(AuditEntry(
                id: result.string(row, 1), kind: TransactionKind(rawValue: result.string(row, 2)) ?? .run,
                series: SeriesKey(modelVersion: result.string(row, 3), datasetVersion: result.string(row, 4),
                                  promptVersion: result.string(row, 5), environment: result.string(row, 6), branchName: result.string(row, 7)),
                modelProvider: result.text(row, 8), provenance: provenance, metrics: [],
                snapshotVersion: result.text(row, 19).flatMap { Int($0) },
                createdAt: Timestamp.parse(result.string(row, 20)) ?? Date(timeIntervalSince1970: 0)))
        }
        let metrics = try metrics(forSequences: sequences)
        for index in rows.indices { rows[index].metrics = metrics[sequences[index]] ?? [] }
        return rows
    }

    /// Reads a text[] as PostgreSQL prints it: {a,"b c","d\"e"}.
    static func parseArray(_ text: String) -> [String] {
        guard text.count >= 2 else { return [] }
        var items: [String] = []
        var current = ""
        var quoted = false, escaped = false, any = false
        for character in text.dropFirst().dropLast() {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where quoted: escaped = true
            case "\"": quoted.toggle(); any = true
            case "," where !quoted:
                items.append(current); current = ""; any = false
            default: current.append(character); any = true
            }
        }
        if any || !current.isEmpty { items.append(current) }
        return items
    }

    public func entries(since: Date?, kinds: Set<TransactionKind>?, series filter: SeriesFilter) throws(StoreError) -> [AuditEntry] {
        var (clause, values) = filterClause(filter, prefix: "", firstParameter: 1)
        if let since {
            values.append(Timestamp.format(since))
            clause += " AND created_at >= $\(values.count)::timestamptz"
        }
        if let kinds {
            values.append(Self.array(kinds.map(\.rawValue).sorted()))
            clause += " AND transaction_type = ANY($\(values.count)::text[])"
        }
        return try entries(where: clause, values)
    }

    public func entry(id: String) throws(StoreError) -> AuditEntry? {
        try entries(where: "id = $1", [id]).first
    }

    public func counts() throws(StoreError) -> StoreCounts {
        let result = try connection.execute("""
            SELECT (SELECT count(*) FROM benchmark_transactions), (SELECT count(*) FROM benchmark_snapshots),
                   (SELECT count(*) FROM benchmark_metrics)
            """)
        return StoreCounts(transactions: Int(result.int(0, 0)), snapshots: Int(result.int(0, 1)), metrics: Int(result.int(0, 2)))
    }
}

extension PostgresStore: SnapshotWriter {
    func writing<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T { try connection.transaction(body) }

    func lock(_ series: SeriesKey) throws(StoreError) {
        try connection.execute("SELECT bench_lock_series($1, $2, $3, $4, $5)", seriesParameters(series))
    }

    func snapshot(_ series: SeriesKey, version: Int) throws(StoreError) -> Snapshot? {
        let (clause, values) = filterClause(SeriesFilter(series), prefix: "s.", firstParameter: 1)
        return try snapshots(where: "\(clause) AND s.snapshot_version = $6", values + [String(version)]).first
    }

    func move(_ flag: SeriesFlag, in series: SeriesKey, to id: Int64?, at date: Date) throws(StoreError) {
        let now = Timestamp.format(date)
        try connection.execute("UPDATE benchmark_snapshots SET \(flag.rawValue) = FALSE, last_updated_at = $6::timestamptz WHERE \(Self.seriesWhere) AND \(flag.rawValue)",
                               seriesParameters(series) + [now])
        if let id {
            try connection.execute("UPDATE benchmark_snapshots SET \(flag.rawValue) = TRUE, last_updated_at = $2::timestamptz WHERE id = $1", [String(id), now])
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

extension PostgresResult {
    func rowsMap<T>(_ transform: (PostgresResult, Int) -> T) -> [T] { (0..<count).map { transform(self, $0) } }
}

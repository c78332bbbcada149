import BenchCore
import CSQLite
import Foundation

/// The embedded store: one SQLite file in WAL mode, shared by every worktree of a clone.
public final class SQLiteStore: Store {
    let db: SQLiteDatabase
    /// The file it opened.
    public let path: String

    /// Opens the store at `path`, creating the file and its directory when `create` is set,
    /// and brings the schema up to date. Throws `.unavailable` when the file cannot be opened
    /// and `.schemaTooNew` when a newer bench wrote it.
    public init(path: String, create: Bool = true) throws(StoreError) {
        self.path = path
        if path == ":memory:" {
            // An empty store that lives as long as this object.
        } else if create {
            let directory = (path as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError(kind: .unavailable, message: "cannot create the store directory \(directory): \(error.localizedDescription)")
            }
        } else if !FileManager.default.fileExists(atPath: path) {
            throw StoreError(kind: .unavailable, message: "no store at \(path)", hint: "run `bench init` or `bench record` first")
        }
        db = try SQLiteDatabase(path: path, create: create)
        try db.execute("PRAGMA journal_mode = WAL")
        try db.execute("PRAGMA foreign_keys = ON")
        try db.execute("PRAGMA synchronous = NORMAL")
        try migrate()
    }

    /// An empty store in memory: what reads see before anything was recorded.
    public static func empty() throws(StoreError) -> SQLiteStore {
        try SQLiteStore(path: ":memory:", create: true)
    }

    /// The schema version the file holds after opening.
    public private(set) var schemaVersion = 0

    private func migrate() throws(StoreError) {
        try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        let newest = SQLiteMigrations.all.last?.version ?? 0
        let current = try db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").rows { $0.int(0) }.first ?? 0
        if current > newest {
            throw StoreError(kind: .schemaTooNew, message: "the store at \(path) has schema version \(current); this bench knows up to \(newest)",
                             hint: "upgrade bench")
        }
        if current < newest {
            try db.writeTransaction { () throws(StoreError) in
                // Read again under the write lock: another process may have migrated meanwhile.
                let applied = try db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").rows { $0.int(0) }.first ?? 0
                for migration in SQLiteMigrations.all where migration.version > applied {
                    try db.execute(migration.sql)
                    try db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)")
                        .run([.integer(Int64(migration.version)), .text(migration.name), .text(Timestamp.format(Date()))])
                }
            }
        }
        schemaVersion = newest
    }

    // MARK: Writing

    public func record(_ runs: [RunRecord]) throws(StoreError) -> [Snapshot] {
        try db.writeTransaction { () throws(StoreError) -> [Snapshot] in
            var positions: [Int64: Int] = [:]
            for (position, run) in runs.enumerated() { positions[try insertRun(run)] = position }
            var result: [Snapshot] = []
            let ids = Array(positions.keys)
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = ids[start..<min(start + 500, ids.count)]
                result += try snapshots(where: "s.id IN (\(chunk.map(String.init).joined(separator: ",")))", [])
            }
            return result.sorted { positions[$0.id]! < positions[$1.id]! }
        }
    }

    private func seriesValues(_ series: SeriesKey) -> [SQLiteValue] {
        [.text(series.modelVersion), .text(series.datasetVersion), .text(series.promptVersion),
         .text(series.environment), .text(series.branchName)]
    }

    private static let seriesWhere = "model_version = ?1 AND dataset_version = ?2 AND prompt_version = ?3 AND environment = ?4 AND branch_name = ?5"

    private func insertRun(_ run: RunRecord) throws(StoreError) -> Int64 {
        let now = Timestamp.format(run.createdAt)
        let version = try db.prepare("SELECT COALESCE(MAX(snapshot_version), 0) + 1 FROM benchmark_snapshots WHERE \(Self.seriesWhere)")
            .rows(seriesValues(run.series)) { $0.int(0) }.first ?? 1
        let seq = try insertEntry(id: run.id, kind: .run, series: run.series, provider: run.modelProvider,
                                  provenance: run.provenance, metrics: run.metrics, version: Int(version), at: now)
        let insertMetric = try db.prepare("""
            INSERT INTO benchmark_metrics (transaction_seq, position, metric_name, value, unit, samples)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """)
        for (position, metric) in run.metrics.enumerated() {
            try insertMetric.run([.integer(seq), .integer(Int64(position)), .text(metric.name), .real(metric.metric.value),
                                  metric.metric.unit.map { .text($0) } ?? .null,
                                  metric.metric.samples.map { .text(JSONText.numbers($0)) } ?? .null])
        }
        // A run becomes current unless the series already has a newer one (an import of
        // older history must not replace today's figures).
        let currentCreatedAt = try db.prepare("SELECT created_at FROM benchmark_snapshots WHERE \(Self.seriesWhere) AND is_current = 1")
            .rows(seriesValues(run.series)) { $0.text(0) }.first
        let becomesCurrent = currentCreatedAt.map { now >= $0 } ?? true
        if becomesCurrent { try move(.current, in: run.series, to: nil, at: run.createdAt) }
        let named = { (name: String) -> SQLiteValue in run.metrics[name].map { .real($0.value) } ?? .null }
        try db.prepare("""
            INSERT INTO benchmark_snapshots (transaction_id, model_version, dataset_version, prompt_version, environment,
                branch_name, model_provider, commit_sha, commit_time, snapshot_version, metrics, f1_score, precision_score,
                recall_score, latency_ms, analysis_cost, is_current, is_active, created_at, last_updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?18, 1, ?17, ?17)
            """).run([.text(run.id)] + seriesValues(run.series) + [
                run.modelProvider.map { .text($0) } ?? .null, .text(run.provenance.commitSha),
                run.provenance.commitTime.map { .text(Timestamp.format($0)) } ?? .null,
                .integer(version), .text(JSONText.flatMetrics(run.metrics)),
                named("f1"), named("precision"), named("recall"), named("latency_ms"), named("analysis_cost"),
                .text(now), .integer(becomesCurrent ? 1 : 0)])
        return db.lastInsertRowID
    }

    @discardableResult
    private func insertEntry(id: String, kind: TransactionKind, series: SeriesKey, provider: String?,
                             provenance: Provenance, metrics: [NamedMetric], version: Int?, at: String) throws(StoreError) -> Int64 {
        try db.prepare("""
            INSERT INTO benchmark_transactions (id, transaction_type, model_version, dataset_version, prompt_version,
                environment, branch_name, model_provider, commit_sha, commit_time, commit_author, is_dirty, run_id,
                triggered_by, metrics, duration_seconds, tags, notes, dataset_size, snapshot_version, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)
            """).run([.text(id), .text(kind.rawValue)] + seriesValues(series) + [
                provider.map { .text($0) } ?? .null,
                .text(provenance.commitSha),
                provenance.commitTime.map { .text(Timestamp.format($0)) } ?? .null,
                provenance.commitAuthor.map { .text($0) } ?? .null,
                .integer(provenance.isDirty ? 1 : 0),
                provenance.runId.map { .text($0) } ?? .null,
                provenance.triggeredBy.map { .text($0) } ?? .null,
                .text(JSONText.flatMetrics(metrics)),
                provenance.durationSeconds.map { .real($0) } ?? .null,
                .text(JSONText.strings(provenance.tags)),
                provenance.notes.map { .text($0) } ?? .null,
                provenance.datasetSize.map { .integer(Int64($0)) } ?? .null,
                version.map { .integer(Int64($0)) } ?? .null,
                .text(at)])
        return db.lastInsertRowID
    }

    func recordAction(_ kind: TransactionKind, _ snapshot: Snapshot, _ action: ActionContext) throws(StoreError) {
        let provenance = Provenance(commitSha: action.commitSha, triggeredBy: action.triggeredBy, notes: action.notes)
        try insertEntry(id: UUID().uuidString.lowercased(), kind: kind, series: snapshot.series, provider: snapshot.modelProvider,
                        provenance: provenance, metrics: [], version: snapshot.version, at: Timestamp.format(action.at))
    }

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
        try db.prepare("""
            SELECT commit_sha, MAX(is_active), MIN(is_active) FROM benchmark_snapshots
            WHERE branch_name = ?1 GROUP BY commit_sha
            """).rows([.text(branch)]) { row in
            CommitState(sha: row.text(0), hasActive: row.int(1) == 1, hasInactive: row.int(2) == 0)
        }
    }

    // MARK: Reading

    private static let snapshotColumns = """
        SELECT s.id, s.model_version, s.dataset_version, s.prompt_version, s.environment, s.branch_name,
               s.snapshot_version, s.transaction_id, s.commit_sha, s.commit_time, s.model_provider,
               s.is_current, s.is_baseline, s.is_active, s.created_at, s.last_updated_at, t.seq, s.inactive_reason
        FROM benchmark_snapshots s JOIN benchmark_transactions t ON t.id = s.transaction_id
        """

    private func filterClause(_ filter: SeriesFilter, prefix: String, firstParameter: Int) -> (String, [SQLiteValue]) {
        var clauses: [String] = []
        var values: [SQLiteValue] = []
        let fields: [(String, String?)] = [("model_version", filter.modelVersion), ("dataset_version", filter.datasetVersion),
                                           ("prompt_version", filter.promptVersion), ("environment", filter.environment),
                                           ("branch_name", filter.branchName)]
        for (column, value) in fields {
            guard let value else { continue }
            values.append(.text(value))
            clauses.append("\(prefix)\(column) = ?\(firstParameter + values.count - 1)")
        }
        return (clauses.isEmpty ? "1 = 1" : clauses.joined(separator: " AND "), values)
    }

    private func snapshots(where clause: String, _ values: [SQLiteValue], order: String = "s.id", metrics withMetrics: Bool = true) throws(StoreError) -> [Snapshot] {
        var sequences: [Int64] = []
        var rows = try db.prepare("\(Self.snapshotColumns) WHERE \(clause) ORDER BY \(order)").rows(values) { row in
            sequences.append(row.int(16))
            return Snapshot(
                id: row.int(0),
                series: SeriesKey(modelVersion: row.text(1), datasetVersion: row.text(2), promptVersion: row.text(3),
                                  environment: row.text(4), branchName: row.text(5)),
                version: Int(row.int(6)), transactionId: row.text(7), commitSha: row.text(8),
                commitTime: row.optionalText(9).flatMap(Timestamp.parse), modelProvider: row.optionalText(10), metrics: [],
                isCurrent: row.int(11) == 1, isBaseline: row.int(12) == 1, isActive: row.int(13) == 1,
                inactiveReason: row.optionalText(17),
                createdAt: Timestamp.parse(row.text(14)) ?? Date(timeIntervalSince1970: 0),
                lastUpdatedAt: Timestamp.parse(row.text(15)) ?? Date(timeIntervalSince1970: 0))
        }
        guard withMetrics else { return rows }
        let metrics = try metrics(forSequences: sequences)
        for index in rows.indices { rows[index].metrics = metrics[sequences[index]] ?? [] }
        return rows
    }

    private func metrics(forSequences sequences: [Int64]) throws(StoreError) -> [Int64: [NamedMetric]] {
        var result: [Int64: [NamedMetric]] = [:]
        let unique = Array(Set(sequences))
        for start in stride(from: 0, to: unique.count, by: 500) {
            let chunk = unique[start..<min(start + 500, unique.count)]
            let list = chunk.map(String.init).joined(separator: ",")
            let rows = try db.prepare("""
                SELECT transaction_seq, metric_name, value, unit, samples FROM benchmark_metrics
                WHERE transaction_seq IN (\(list)) ORDER BY transaction_seq, position
                """).rows { row in
                (row.int(0), NamedMetric(name: row.text(1), metric: MetricValue(
                    value: row.double(2), unit: row.optionalText(3), samples: row.optionalText(4).map(JSONText.parseNumbers))))
            }
            for (sequence, metric) in rows { result[sequence, default: []].append(metric) }
        }
        return result
    }

    public func currentSnapshots(_ filter: SeriesFilter) throws(StoreError) -> [Snapshot] {
        let (clause, values) = filterClause(filter, prefix: "s.", firstParameter: 1)
        return try snapshots(where: "s.is_current = 1 AND s.is_active = 1 AND \(clause)", values,
                             order: "s.model_version, s.dataset_version, s.prompt_version, s.environment, s.branch_name")
    }

    public func series(_ filter: SeriesFilter) throws(StoreError) -> [SeriesKey] {
        let (clause, values) = filterClause(filter, prefix: "", firstParameter: 1)
        return try db.prepare("""
            SELECT DISTINCT model_version, dataset_version, prompt_version, environment, branch_name
            FROM benchmark_snapshots WHERE \(clause)
            ORDER BY model_version, dataset_version, prompt_version, environment, branch_name
            """).rows(values) { row in
            SeriesKey(modelVersion: row.text(0), datasetVersion: row.text(1), promptVersion: row.text(2),
                      environment: row.text(3), branchName: row.text(4))
        }
    }

    public func history(of series: SeriesKey, limit: Int?, metrics: Bool) throws(StoreError) -> [Snapshot] {
        let (clause, values) = filterClause(SeriesFilter(series), prefix: "s.", firstParameter: 1)
        return try snapshots(where: clause, values, order: "s.snapshot_version DESC" + (limit.map { " LIMIT \(max(0, $0))" } ?? ""),
                             metrics: metrics)
    }

    public func baselines(_ filter: SeriesFilter) throws(StoreError) -> [Snapshot] {
        let (clause, values) = filterClause(filter, prefix: "s.", firstParameter: 1)
        return try snapshots(where: "s.is_baseline = 1 AND \(clause)", values,
                             order: "s.model_version, s.dataset_version, s.prompt_version, s.environment, s.branch_name, s.snapshot_version DESC")
    }

    public func snapshots(atCommits shas: [String], matching filter: SeriesFilter) throws(StoreError) -> [Snapshot] {
        var result: [Snapshot] = []
        // "+s.column" keeps SQLite off the series index: a commit has a few snapshots, a
        // series may have millions, so the commit index must lead.
        let (clause, values) = filterClause(filter, prefix: "+s.", firstParameter: 1)
        for start in stride(from: 0, to: shas.count, by: 500) {
            let chunk = Array(shas[start..<min(start + 500, shas.count)])
            let placeholders = chunk.indices.map { "?\($0 + values.count + 1)" }.joined(separator: ",")
            result += try snapshots(where: "\(clause) AND s.commit_sha IN (\(placeholders))", values + chunk.map { .text($0) })
        }
        return result.sorted { $0.id < $1.id }
    }

    private static let entryColumns = """
        SELECT seq, id, transaction_type, model_version, dataset_version, prompt_version, environment, branch_name,
               model_provider, commit_sha, commit_time, commit_author, is_dirty, run_id, triggered_by, tags, notes,
               dataset_size, duration_seconds, snapshot_version, created_at
        FROM benchmark_transactions
        """

    private func entries(where clause: String, _ values: [SQLiteValue]) throws(StoreError) -> [AuditEntry] {
        var sequences: [Int64] = []
        var rows = try db.prepare("\(Self.entryColumns) WHERE \(clause) ORDER BY seq").rows(values) { row in
            sequences.append(row.int(0))
            let provenance = Provenance(
                commitSha: row.text(9), commitTime: row.optionalText(10).flatMap(Timestamp.parse),
                commitAuthor: row.optionalText(11), isDirty: row.int(12) == 1, runId: row.optionalText(13),
                triggeredBy: row.optionalText(14), tags: JSONText.parseStrings(row.text(15)), notes: row.optionalText(16),
                datasetSize: row.optionalInt(17).map { Int($0) }, durationSeconds: row.optionalDouble(18))
            return AuditEntry(
                id: row.text(1), kind: TransactionKind(rawValue: row.text(2)) ?? .run,
                series: SeriesKey(modelVersion: row.text(3), datasetVersion: row.text(4), promptVersion: row.text(5),
                                  environment: row.text(6), branchName: row.text(7)),
                modelProvider: row.optionalText(8), provenance: provenance, metrics: [],
                snapshotVersion: row.optionalInt(19).map { Int($0) },
                createdAt: Timestamp.parse(row.text(20)) ?? Date(timeIntervalSince1970: 0))
        }
        let metrics = try metrics(forSequences: sequences)
        for index in rows.indices { rows[index].metrics = metrics[sequences[index]] ?? [] }
        return rows
    }

    public func entries(since: Date?, kinds: Set<TransactionKind>?, series filter: SeriesFilter) throws(StoreError) -> [AuditEntry] {
        var (clause, values) = filterClause(filter, prefix: "", firstParameter: 1)
        if let since {
            values.append(.text(Timestamp.format(since)))
            clause += " AND created_at >= ?\(values.count)"
        }
        if let kinds {
            let list = kinds.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
            clause += " AND transaction_type IN (\(list))"
        }
        return try entries(where: clause, values)
    }

    public func entry(id: String) throws(StoreError) -> AuditEntry? {
        try entries(where: "id = ?1", [.text(id)]).first
    }

    public func counts() throws(StoreError) -> StoreCounts {
        let count = { (table: String) throws(StoreError) -> Int in
            Int(try self.db.prepare("SELECT COUNT(*) FROM \(table)").rows { $0.int(0) }.first ?? 0)
        }
        return StoreCounts(transactions: try count("benchmark_transactions"), snapshots: try count("benchmark_snapshots"),
                           metrics: try count("benchmark_metrics"))
    }
}

extension SQLiteStore: SnapshotWriter {
    func writing<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T { try db.writeTransaction(body) }

    /// BEGIN IMMEDIATE already holds the database's only write lock.
    func lock(_ series: SeriesKey) throws(StoreError) {}

    func snapshot(_ series: SeriesKey, version: Int) throws(StoreError) -> Snapshot? {
        let (clause, values) = filterClause(SeriesFilter(series), prefix: "s.", firstParameter: 1)
        return try snapshots(where: "\(clause) AND s.snapshot_version = ?6", values + [.integer(Int64(version))]).first
    }

    /// Clearing first keeps the partial unique index satisfied at every statement.
    func move(_ flag: SeriesFlag, in series: SeriesKey, to id: Int64?, at date: Date) throws(StoreError) {
        let now = Timestamp.format(date)
        try db.prepare("UPDATE benchmark_snapshots SET \(flag.rawValue) = 0, last_updated_at = ?6 WHERE \(Self.seriesWhere) AND \(flag.rawValue) = 1")
            .run(seriesValues(series) + [.text(now)])
        if let id {
            try db.prepare("UPDATE benchmark_snapshots SET \(flag.rawValue) = 1, last_updated_at = ?2 WHERE id = ?1").run([.integer(id), .text(now)])
        }
    }

    func setInactive(_ id: Int64, reason: String?, at date: Date) throws(StoreError) {
        if let reason {
            try db.prepare("UPDATE benchmark_snapshots SET is_active = 0, is_current = 0, inactive_reason = ?2, last_updated_at = ?3 WHERE id = ?1")
                .run([.integer(id), .text(reason), .text(Timestamp.format(date))])
        } else {
            try db.prepare("UPDATE benchmark_snapshots SET is_active = 1, inactive_reason = NULL, last_updated_at = ?2 WHERE id = ?1")
                .run([.integer(id), .text(Timestamp.format(date))])
        }
    }
}

@available(*, unavailable, message: "a store holds a connection used from one task")
extension SQLiteStore: Sendable {}

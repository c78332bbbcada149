import BenchCore
import CSQLite
import Foundation

/// The embedded store: one SQLite file in WAL mode, shared by every worktree of a clone.
public final class SQLiteStore: Store {
    let db: SQLiteDatabase
    /// The file it opened.
    public let path: String

    /// Opens the store at `path`, creating the file and its directory when `create` is set,
    /// and brings the schema up to date; a store that held data is announced through
    /// `announce` before it migrates. Throws `.unavailable` when the file cannot be opened
    /// and `.schemaTooNew` when a newer bench wrote it.
    public init(path: String, create: Bool = true, announce: (String) -> Void = { _ in }) throws(StoreError) {
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
        migratedNow = try Self.migrator.migrate(SQLiteMigrationHost(db: db), subject: "the store at \(path)", announce: announce)
        schemaVersion = Self.migrator.newestVersion
    }

    /// An empty store in memory: what reads see before anything was recorded.
    public static func empty() throws(StoreError) -> SQLiteStore {
        try SQLiteStore(path: ":memory:", create: true)
    }

    /// The schema version the file holds after opening.
    public private(set) var schemaVersion = 0

    /// The migrations this opening applied (none when the schema was current).
    public private(set) var migratedNow: [Int] = []

    static let migrator = Migrator(SQLiteMigrations.all)

    // MARK: Writing

    public func record(_ runs: [RunRecord], time: RunTime) throws(StoreError) -> [Snapshot] {
        try db.writeTransaction { () throws(StoreError) -> [Snapshot] in
            var positions: [Int64: Int] = [:]
            for (position, run) in runs.enumerated() { positions[try insertRun(run, time: time)] = position }
            var result: [Snapshot] = []
            let ids = Array(positions.keys)
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = ids[start..<min(start + 500, ids.count)]
                result += try snapshots(where: "s.id IN (\(chunk.map(String.init).joined(separator: ",")))", [])
            }
            return result.sorted { positions[$0.id]! < positions[$1.id]! }
        }
    }

    public func existingTransactions(_ ids: [String]) throws(StoreError) -> Set<String> {
        var found = Set<String>()
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let placeholders = chunk.indices.map { Self.dialect.parameter($0 + 1) }.joined(separator: ",")
            for id in try db.prepare("SELECT id FROM benchmark_transactions WHERE id IN (\(placeholders))").rows(chunk.map { .text($0) }, { $0.text("id") }) {
                found.insert(id)
            }
        }
        return found
    }

    public func prunePlan(_ policy: PrunePolicy) throws(StoreError) -> [PruneGroup] {
        let (sql, values) = StoreSQL.pruneGroups(Self.dialect, policy)
        return try db.prepare(sql).rows(values.map { .text($0) }) { PruneGroup(row: $0) }
    }

    public func prune(_ policy: PrunePolicy) throws(StoreError) -> Int {
        let (sql, values) = StoreSQL.pruned(Self.dialect, policy)
        let removed = try db.writeTransaction { () throws(StoreError) -> Int in
            try db.execute("DROP TABLE IF EXISTS temp.prune_runs")
            try db.prepare("CREATE TEMP TABLE prune_runs AS SELECT id, seq FROM (\(sql)) p").run(values.map { .text($0) })
            let count = try db.prepare("SELECT COUNT(*) AS runs FROM temp.prune_runs").rows { $0.int("runs") }.first ?? 0
            try db.execute(StoreSQL.deletePruned)
            try db.execute("DROP TABLE temp.prune_runs")
            return Int(count)
        }
        try db.execute("VACUUM")
        try db.execute("ANALYZE")
        return removed
    }

    static let dialect = SQLDialect.sqlite

    /// The condition's text values, bound as text.
    func bindings(_ condition: SQLCondition) -> [SQLiteValue] { condition.values.map { .text($0) } }

    /// A series' five key columns, in the order the INSERTs below list them.
    func seriesValues(_ series: SeriesKey) -> [SQLiteValue] {
        [.text(series.modelVersion), .text(series.datasetVersion), .text(series.promptVersion),
         .text(series.environment), .text(series.branchName)]
    }

    /// Records one run: its audit row, its metric rows, and the next snapshot version of its
    /// series. A run recorded now (`.atWrite`) takes its time here, inside the transaction
    /// that holds the write lock, and becomes current; an imported one (`.given`) keeps its
    /// time and becomes current unless the series' current snapshot is newer.
    ///
    /// These rules are written twice: here for the embedded store, and in SQL for the shared
    /// store, in `bench_record_run` (`PostgresSchema.recordTimes`), which the seeds'
    /// `upsert_benchmark_result` calls too. Change both together;
    /// `StoreConformanceTests.bothStoresFollowTheSameRecordRules` (times given) and
    /// `bothStoresStampRunsRecordedNowAlike` (times taken at the write) fail when they differ.
    private func insertRun(_ run: RunRecord, time: RunTime) throws(StoreError) -> Int64 {
        // BEGIN IMMEDIATE holds the only write lock: no writer can commit a later time first.
        let createdAt = time == .atWrite ? Date() : run.createdAt
        let now = Timestamp.format(createdAt)
        let inSeries = Self.dialect.condition(run.series)
        let version = try db.prepare("SELECT COALESCE(MAX(snapshot_version), 0) + 1 AS version FROM benchmark_snapshots WHERE \(inSeries.sql)")
            .rows(bindings(inSeries)) { $0.int("version") }.first ?? 1
        let metricsJSON = JSONText.flatMetrics(run.metrics)
        let seq = try insertEntry(id: run.id, kind: .run, series: run.series, provider: run.modelProvider,
                                  provenance: run.provenance, metricsJSON: metricsJSON, version: Int(version), at: now)
        if let testbed = run.provenance.testbed { try registerTestbed(testbed, run.fingerprint, at: now) }
        try insertMetrics(run.metrics, of: seq)
        // An imported run becomes current unless the series already has a newer one (older
        // history must not replace today's figures); a run recorded now is the newest.
        let currentCreatedAt = time == .atWrite ? nil : try db.prepare("""
            SELECT created_at FROM benchmark_snapshots WHERE \(inSeries.sql) AND \(Self.dialect.isSet("is_current"))
            """).rows(bindings(inSeries)) { $0.text("created_at") }.first
        let becomesCurrent = currentCreatedAt.map { now >= $0 } ?? true
        if becomesCurrent { try move(.current, in: run.series, to: nil, at: createdAt) }
        try insertSnapshot(run, version: version, at: now, current: becomesCurrent, lastUpdated: now, metricsJSON: metricsJSON)
        return db.lastInsertRowID
    }

    /// Writes the metric rows of audit row `seq`, in their order.
    func insertMetrics(_ metrics: [NamedMetric], of seq: Int64) throws(StoreError) {
        let insertMetric = try db.prepare("""
            INSERT INTO benchmark_metrics (transaction_seq, position, metric_name, value, unit, samples)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """)
        for (position, metric) in metrics.enumerated() {
            try insertMetric.run([.integer(seq), .integer(Int64(position))], metric: metric)
        }
    }

    /// Writes a run's snapshot row: version `version` of its series, recorded at `at`.
    /// `metricsJSON`: the run's `JSONText.flatMetrics`, which its audit row holds too.
    func insertSnapshot(_ run: RunRecord, version: Int64, at now: String, current: Bool, lastUpdated: String,
                        metricsJSON: String) throws(StoreError) {
        let named = { (name: String) -> SQLiteValue in run.metrics[name].map { .real($0.value) } ?? .null }
        try db.prepare("""
            INSERT INTO benchmark_snapshots (transaction_id, model_version, dataset_version, prompt_version, environment,
                branch_name, model_provider, commit_sha, commit_time, snapshot_version, metrics, f1_score, precision_score,
                recall_score, latency_ms, analysis_cost, is_current, is_active, created_at, last_updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?18, 1, ?17, ?19)
            """).run([.text(run.id)] + seriesValues(run.series) + [
                run.modelProvider.map { .text($0) } ?? .null, .text(run.provenance.commitSha),
                run.provenance.commitTime.map { .text(Timestamp.format($0)) } ?? .null,
                .integer(version), .text(metricsJSON),
                named("f1"), named("precision"), named("recall"), named("latency_ms"), named("analysis_cost"),
                .text(now), .integer(current ? 1 : 0), .text(lastUpdated)])
    }

    @discardableResult
    func insertEntry(id: String, kind: TransactionKind, series: SeriesKey, provider: String?,
                             provenance: Provenance, metricsJSON: String, version: Int?, at: String) throws(StoreError) -> Int64 {
        try db.prepare("""
            INSERT INTO benchmark_transactions (id, transaction_type, model_version, dataset_version, prompt_version,
                environment, branch_name, model_provider, commit_sha, commit_time, commit_author, is_dirty, run_id,
                triggered_by, metrics, duration_seconds, tags, notes, dataset_size, snapshot_version, created_at, testbed)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
            """).run([.text(id), .text(kind.rawValue)] + seriesValues(series) + [
                provider.map { .text($0) } ?? .null,
                .text(provenance.commitSha),
                provenance.commitTime.map { .text(Timestamp.format($0)) } ?? .null,
                provenance.commitAuthor.map { .text($0) } ?? .null,
                .integer(provenance.isDirty ? 1 : 0),
                provenance.runId.map { .text($0) } ?? .null,
                provenance.triggeredBy.map { .text($0) } ?? .null,
                .text(metricsJSON),
                provenance.durationSeconds.map { .real($0) } ?? .null,
                .text(JSONText.strings(provenance.tags)),
                provenance.notes.map { .text($0) } ?? .null,
                provenance.datasetSize.map { .integer(Int64($0)) } ?? .null,
                version.map { .integer(Int64($0)) } ?? .null,
                .text(at), provenance.testbed.map { .text($0) } ?? .null])
        return db.lastInsertRowID
    }

    /// Keeps what testbed `name` is: the newest facts known (none, for a run imported by name
    /// only, changes nothing). `bench_record_testbed` does the same in the shared store.
    func registerTestbed(_ name: String, _ fingerprint: Fingerprint?, at: String) throws(StoreError) {
        let facts: [SQLiteValue] = fingerprint.map { print in
            [.text(print.architecture), .text(print.cpuModel), .integer(Int64(print.cores)), .integer(print.memoryBytes),
             .text(print.os), .text(print.osID), .text(print.kernel), print.toolchain.map { .text($0) } ?? .null]
        } ?? Array(repeating: .null, count: 8)
        try db.prepare("""
            INSERT INTO benchmark_testbeds AS b (name, architecture, cpu_model, cores, memory_bytes, os, os_id, kernel, toolchain, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            ON CONFLICT (name) DO UPDATE SET
                architecture = coalesce(excluded.architecture, b.architecture), cpu_model = coalesce(excluded.cpu_model, b.cpu_model),
                cores = coalesce(excluded.cores, b.cores), memory_bytes = coalesce(excluded.memory_bytes, b.memory_bytes),
                os = coalesce(excluded.os, b.os), os_id = coalesce(excluded.os_id, b.os_id), kernel = coalesce(excluded.kernel, b.kernel),
                toolchain = coalesce(excluded.toolchain, b.toolchain),
                updated_at = CASE WHEN excluded.cpu_model IS NULL THEN b.updated_at ELSE excluded.updated_at END
            """).run([.text(name)] + facts + [.text(at)])
    }

    func recordAction(_ kind: TransactionKind, _ snapshot: Snapshot, _ action: ActionContext) throws(StoreError) {
        let provenance = Provenance(commitSha: action.commitSha, triggeredBy: action.triggeredBy, notes: action.notes)
        try insertEntry(id: TransactionID.make(), kind: kind, series: snapshot.series, provider: snapshot.modelProvider,
                        provenance: provenance, metricsJSON: JSONText.flatMetrics([]), version: snapshot.version, at: Timestamp.format(action.at))
    }

    public func commitStates(onBranch branch: String) throws(StoreError) -> [CommitState] {
        try db.prepare("""
            SELECT commit_sha, MAX(is_active) = 1 AS has_active, MIN(is_active) = 0 AS has_inactive FROM benchmark_snapshots
            WHERE branch_name = ?1 GROUP BY commit_sha
            """).rows([.text(branch)]) { CommitState(row: $0) }
    }

    // MARK: Reading

    private static let snapshotColumns = StoreSQL.snapshots(dialect)
    private static let entryColumns = StoreSQL.entries(dialect)

    private func snapshots(where clause: String, _ values: [SQLiteValue], order: String = "s.id", metrics withMetrics: Bool = true) throws(StoreError) -> [Snapshot] {
        var sequences: [Int64] = []
        var rows = try db.prepare("\(Self.snapshotColumns) WHERE \(clause) ORDER BY \(order)").rows(values) { row in
            sequences.append(row.int("transaction_seq"))
            return Snapshot(row: row)
        }
        guard withMetrics else { return rows }
        try attachMetrics(to: &rows, runs: sequences)
        return rows
    }

    /// Gives each row the metric rows of its run (`runs[i]` is row i's `transaction_seq`), read
    /// in one statement whatever their number: the list is bound as a JSON array, so the
    /// statement is prepared once and reused (a statement per list of ids would be prepared,
    /// and kept, for every page of a long history). Each metric goes straight to its row: no
    /// table of the metrics by run is built and copied over (a `log` of 2,500 snapshots
    /// touched a megabyte of fresh memory for it).
    private func attachMetrics<Row: HoldsMetrics>(to rows: inout [Row], runs: [Int64]) throws(StoreError) {
        guard !runs.isEmpty else { return }
        var place: [Int64: Int] = [:]
        place.reserveCapacity(runs.count)
        // Rows of one run (none today; the schema allows it) share the first one's metrics.
        var repeats: [(row: Int, first: Int)] = []
        for (row, run) in runs.enumerated() {
            if let first = place[run] { repeats.append((row, first)) } else { place[run] = row }
        }
        let list = "[" + runs.map(String.init).joined(separator: ",") + "]"
        try db.prepare("""
            \(StoreSQL.metrics) WHERE transaction_seq IN (SELECT value FROM json_each(?1)) ORDER BY transaction_seq, position
            """).forEachRow([.text(list)]) { row in
            // Column 0 of `StoreSQL.metrics` is the run's `transaction_seq`.
            if let index = place[row.int(0)] { rows[index].metrics.append(NamedMetric(row: row)) }
        }
        for (row, first) in repeats { rows[row].metrics = rows[first].metrics }
    }

    public func currentSnapshots(_ filter: SeriesFilter) throws(StoreError) -> [Snapshot] {
        let condition = Self.dialect.condition(filter, prefix: "s.")
        return try snapshots(where: "\(Self.dialect.isSet("s.is_current")) AND \(Self.dialect.isSet("s.is_active")) AND \(condition.sql)",
                             bindings(condition), order: StoreSQL.seriesOrder)
    }

    /// A skip scan of the series index: each step seeks the first entry after the last
    /// series found (past its newest possible version), so the answer costs one seek per
    /// series instead of a read of every version (`SELECT DISTINCT` reads them all).
    public func series(_ filter: SeriesFilter) throws(StoreError) -> [SeriesKey] {
        let scan = SeriesSkipScan(filter)
        let values = scan.values.map { SQLiteValue.text($0) }
        var key = try db.prepare(scan.first).rows(values) { SeriesKey(row: $0) }.first
        guard scan.leading < SeriesSkipScan.columns.count else { return key.map { [$0] } ?? [] }
        let next = try db.prepare(scan.next)
        var result: [SeriesKey] = []
        while let found = key {
            result.append(found)
            let after = seriesValues(found).dropFirst(scan.leading) + [.integer(Int64.max)]
            key = try next.rows(values + after) { SeriesKey(row: $0) }.first
        }
        return result
    }

    /// A series' history from the series-ordered versions (SQLitePoints.swift): the
    /// snapshots by id, their testbed and metrics from consecutive pages, where the runs'
    /// own rows lie one page per version.
    public func history(of series: SeriesKey, limit: Int?, before: Int?, metrics: Bool) throws(StoreError) -> [Snapshot] {
        try db.readTransaction { () throws(StoreError) -> [Snapshot] in try versions(of: series, limit: limit, before: before, metrics: metrics) }
    }

    /// `history`, read inside one read transaction.
    private func versions(of series: SeriesKey, limit: Int?, before: Int?, metrics: Bool) throws(StoreError) -> [Snapshot] {
        let page: [SQLiteValue] = [.integer(before.map(Int64.init) ?? .max), .integer(limit.map { Int64(max(0, $0)) } ?? -1)]
        var rows = try db.prepare(Self.seriesHistory).rows(seriesValues(series) + page) { Snapshot(row: $0) }
        guard metrics, let newest = rows.first?.version, let oldest = rows.last?.version else { return rows }
        // Both in version order: the points oldest first, the rows newest first.
        let points = try db.prepare(Self.seriesPoints).rows(seriesValues(series) + [.integer(Int64(oldest)), .integer(Int64(newest))]) { row in
            (Int(row.int("snapshot_version")), NamedMetric(row: row))
        }
        var index = rows.count - 1
        for (version, metric) in points {
            while index >= 0 && rows[index].version < version { index -= 1 }
            guard index >= 0 else { break }
            if rows[index].version == version { rows[index].metrics.append(metric) }
        }
        return rows
    }

    /// A series' snapshots older than version `?6`, newest first, at most `?7` (-1: all).
    private static let seriesHistory = """
        SELECT s.id AS id, s.model_version AS model_version, s.dataset_version AS dataset_version,
               s.prompt_version AS prompt_version, s.environment AS environment, s.branch_name AS branch_name,
               s.snapshot_version AS snapshot_version, s.transaction_id AS transaction_id, s.commit_sha AS commit_sha,
               s.commit_time AS commit_time, s.model_provider AS model_provider, s.is_current AS is_current,
               s.is_baseline AS is_baseline, s.is_active AS is_active, s.inactive_reason AS inactive_reason,
               s.created_at AS created_at, s.last_updated_at AS last_updated_at, v.testbed AS testbed
        FROM benchmark_series r JOIN benchmark_versions v ON v.series_id = r.id JOIN benchmark_snapshots s ON s.id = v.snapshot_id
        WHERE \(seriesIs) AND v.snapshot_version < ?6
        ORDER BY v.snapshot_version DESC LIMIT ?7
        """

    /// Every metric of a series' versions `?6` to `?7`, by version, in each run's order.
    private static let seriesPoints = """
        SELECT p.snapshot_version AS snapshot_version, p.metric_name AS metric_name, p.value AS value, p.unit AS unit, p.samples AS samples
        FROM benchmark_series r JOIN benchmark_points p ON p.series_id = r.id
        WHERE \(seriesIs) AND p.snapshot_version BETWEEN ?6 AND ?7
        ORDER BY p.snapshot_version, p.position
        """

    /// The series `r` whose key is `?1` to `?5` (the order of `seriesValues`).
    static let seriesIs = """
        r.model_version = ?1 AND r.dataset_version = ?2 AND r.prompt_version = ?3 AND r.environment = ?4 AND r.branch_name = ?5
        """

    /// A series' active versions, oldest first: one range of the series-ordered versions.
    private static let activeVersions = """
        SELECT v.snapshot_version AS snapshot_version, v.commit_sha AS commit_sha, v.created_at AS created_at, v.testbed AS testbed
        FROM benchmark_series r JOIN benchmark_versions v ON v.series_id = r.id
        WHERE \(seriesIs) AND v.is_active = 1 ORDER BY v.snapshot_version
        """

    /// One metric (`?6`) at each version of a series, oldest first: one range of the points.
    private static let metricValues = """
        SELECT p.snapshot_version AS snapshot_version, p.value AS value, p.unit AS unit, p.samples AS samples
        FROM benchmark_series r JOIN benchmark_points p ON p.series_id = r.id
        WHERE \(seriesIs) AND p.metric_name = ?6 ORDER BY p.snapshot_version
        """

    /// The metric's values, then the active versions, merged by version.
    public func points(of series: SeriesKey, metric: String) throws(StoreError) -> [MetricPoint] {
        var points: [MetricPoint] = []
        try activePoints(of: series, Self.metricValues, [.text(metric)], extra: { _ in () }) { point, _ in
            // A name given twice in one run: the first is its value, as `metrics[name]` reads.
            if points.last?.version != point.version { points.append(point) }
        }
        return points
    }

    /// Every metric at each version of a series, in the versions' order, then each run's
    /// order of metrics (the metric's name after the columns `metricValues` has).
    private static let allValues = """
        SELECT p.snapshot_version AS snapshot_version, p.value AS value, p.unit AS unit, p.samples AS samples,
               p.metric_name AS metric_name
        FROM benchmark_series r JOIN benchmark_points p ON p.series_id = r.id
        WHERE \(seriesIs) ORDER BY p.snapshot_version, p.position
        """

    /// Every point, then the active versions, merged by version; a metric's series starts
    /// where an active version first names it.
    public func points(of series: SeriesKey) throws(StoreError) -> [MetricSeries] {
        var gathered = MetricSeries.Gathering()
        try activePoints(of: series, Self.allValues, [], extra: { $0.text(4) }) { point, name in gathered.add(point, as: name) }
        return gathered.series
    }

    /// The points `sql` reads of a series (its columns: the version, then the value, unit and
    /// samples, then what `extra` reads), oldest first, and the series' active versions, each
    /// read as one range of consecutive pages inside one read transaction and merged here by
    /// version (a join would seek the points once per version): each point of an active
    /// version is handed to `body` with its version's commit, time and testbed.
    private func activePoints<Extra>(of series: SeriesKey, _ sql: String, _ bindings: [SQLiteValue], extra: (SQLiteStatement) -> Extra,
                                     _ body: (MetricPoint, Extra) -> Void) throws(StoreError) {
        try db.readTransaction { () throws(StoreError) in
            // Columns by their place in the SELECT: a chart reads 20,000 rows of each.
            let values = try db.prepare(sql).rows(seriesValues(series) + bindings) { row in
                (version: Int(row.int(0)), extra: extra(row),
                 metric: MetricValue(value: row.double(1), unit: row.optionalText(2), samples: row.optionalText(3).map(JSONText.parseNumbers)))
            }
            guard !values.isEmpty else { return }
            var next = 0
            _ = try db.prepare(Self.activeVersions).rows(seriesValues(series)) { row in
                let version = Int(row.int(0))
                while next < values.count && values[next].version < version { next += 1 }
                guard next < values.count, values[next].version == version else { return }
                let commitSha = row.text(1), createdAt = row.date(2), testbed = row.optionalText(3)
                while next < values.count && values[next].version == version {
                    body(MetricPoint(version: version, commitSha: commitSha, createdAt: createdAt, testbed: testbed, metric: values[next].metric),
                         values[next].extra)
                    next += 1
                }
            }
        }
    }

    public func baselines(_ filter: SeriesFilter) throws(StoreError) -> [Snapshot] {
        let condition = Self.dialect.condition(filter, prefix: "s.")
        return try snapshots(where: "\(Self.dialect.isSet("s.is_baseline")) AND \(condition.sql)", bindings(condition),
                             order: StoreSQL.seriesOrder + ", s.snapshot_version DESC")
    }

    public func snapshots(atCommits shas: [String], matching filter: SeriesFilter) throws(StoreError) -> [Snapshot] {
        var result: [Snapshot] = []
        // "+s.column" keeps SQLite off the series index: a commit has a few snapshots, a
        // series may have millions, so the commit index must lead.
        let condition = Self.dialect.condition(filter, prefix: "+s.")
        for start in stride(from: 0, to: shas.count, by: 500) {
            let chunk = Array(shas[start..<min(start + 500, shas.count)])
            let placeholders = chunk.indices.map { Self.dialect.parameter($0 + condition.values.count + 1) }.joined(separator: ",")
            let found = try snapshots(where: "\(condition.sql) AND s.commit_sha IN (\(placeholders))",
                                      bindings(condition) + chunk.map { .text($0) })
            // Each chunk comes in id order: one chunk is the answer as it is.
            if result.isEmpty { result = found } else { result += found }
        }
        if shas.count > 500 { result.sort { $0.id < $1.id } }
        return result
    }

    private func entries(where clause: String, _ values: [SQLiteValue]) throws(StoreError) -> [AuditEntry] {
        var sequences: [Int64] = []
        var rows = try db.prepare("\(Self.entryColumns) WHERE \(clause) ORDER BY seq").rows(values) { row in
            sequences.append(row.int("seq"))
            return AuditEntry(row: row)
        }
        try attachMetrics(to: &rows, runs: sequences)
        return rows
    }

    public func entries(since: Date?, kinds: Set<TransactionKind>?, series filter: SeriesFilter) throws(StoreError) -> [AuditEntry] {
        let condition = Self.dialect.condition(filter, since: since, kinds: kinds)
        return try entries(where: condition.sql, bindings(condition))
    }

    public func entry(id: String) throws(StoreError) -> AuditEntry? {
        try entries(where: "id = ?1", [.text(id)]).first
    }

    public func counts() throws(StoreError) -> StoreCounts {
        try db.prepare(StoreSQL.counts).rows { StoreCounts(row: $0) }.first ?? StoreCounts(transactions: 0, snapshots: 0, metrics: 0)
    }

    public func testbeds() throws(StoreError) -> [TestbedUsage] {
        try db.prepare(StoreSQL.testbeds(Self.dialect)).rows { TestbedUsage(row: $0) }
    }
}

extension SQLiteStore: SnapshotWriter {
    func writing<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T { try db.writeTransaction(body) }

    /// BEGIN IMMEDIATE already holds the database's only write lock.
    func lock(_ series: SeriesKey) throws(StoreError) {}

    func snapshot(_ series: SeriesKey, version: Int) throws(StoreError) -> Snapshot? {
        let condition = Self.dialect.condition(series, prefix: "s.")
        return try snapshots(where: "\(condition.sql) AND s.snapshot_version = \(Self.dialect.parameter(condition.values.count + 1))",
                             bindings(condition) + [.integer(Int64(version))]).first
    }

    /// Clearing first keeps the partial unique index satisfied at every statement.
    func move(_ flag: SeriesFlag, in series: SeriesKey, to id: Int64?, at date: Date) throws(StoreError) {
        let now = Timestamp.format(date)
        let dialect = Self.dialect, inSeries = dialect.condition(series)
        try db.prepare("""
            UPDATE benchmark_snapshots SET \(flag.rawValue) = \(dialect.literal(false)), last_updated_at = \(dialect.parameter(inSeries.values.count + 1))
            WHERE \(inSeries.sql) AND \(dialect.isSet(flag.rawValue))
            """).run(bindings(inSeries) + [.text(now)])
        if let id {
            try db.prepare("UPDATE benchmark_snapshots SET \(flag.rawValue) = \(dialect.literal(true)), last_updated_at = ?2 WHERE id = ?1")
                .run([.integer(id), .text(now)])
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

import BenchCore
import Foundation

/// A bulk import into the shared store, set-based: each batch of runs is streamed with COPY
/// into temporary staging tables, then written with one INSERT … SELECT per table. Versions
/// and the current flag are worked out once per series, from the series' newest version and
/// current snapshot (two index lookups), not per run.
///
/// The outcome is `bench_record_run`'s, run by run, in input order: the same rows, versions,
/// current flags and times (a superseded current snapshot's `last_updated_at` is the time of
/// the run that superseded it). A run given a time becomes current when it is no older than
/// the series' current snapshot and every earlier run of the batch (what the row-by-row rule
/// amounts to); a run recorded now always does. The series' advisory locks are taken as
/// `bench_record_run` takes them, and the writes go through the tables' grants and
/// row-level security: a role that may not write is refused by the first write, and the
/// transaction leaves nothing. Change these statements with `bench_record_run`
/// (`PostgresSchema.recordTimes`); `ImportEquivalenceTests` holds them to it.
extension PostgresStore {
    public func importRuns(time: RunTime, progress: (Int) -> Void,
                           _ feed: (_ write: ([RunRecord]) throws(StoreError) -> Void) throws(StoreError) -> Bool) throws(StoreError) -> Bool {
        try importRuns(time: time, batch: Self.importBatch, progress: progress, feed)
    }

    /// `importRuns` of these runs, staging `batch` at a time (tests use small batches to cross them).
    func importRuns(_ runs: [RunRecord], time: RunTime, batch size: Int, progress: (Int) -> Void) throws(StoreError) {
        _ = try importRuns(time: time, batch: size, progress: progress) { (write) throws(StoreError) -> Bool in
            try write(runs)
            return true
        }
    }

    /// `importRuns`, staging the runs handed over `batch` at a time, whatever their number per `write`.
    func importRuns(time: RunTime, batch size: Int, progress: (Int) -> Void,
                            _ feed: (_ write: ([RunRecord]) throws(StoreError) -> Void) throws(StoreError) -> Bool) throws(StoreError) -> Bool {
        var written = 0
        let kept = try StoreError.keepingUnlessAbandoned { () throws(StoreError) in
            try connection.transaction { () throws(StoreError) in
                try connection.executeScript(PostgresImportSQL.staging)
                var pending: [RunRecord] = []
                pending.reserveCapacity(size)
                var analyzed: StagedShape?
                func flush() throws(StoreError) {
                    guard !pending.isEmpty else { return }
                    let shape = StagedShape(pending)
                    let analyzing = analyzed.map { shape.differs(from: $0) } ?? true
                    try importBatch(pending, time: time, analyzing: analyzing)
                    if analyzing { analyzed = shape }
                    let before = written
                    written += pending.count
                    if written / importProgressStep > before / importProgressStep { progress(written) }
                    pending.removeAll(keepingCapacity: true)
                }
                // (`progress`, called by `flush`, is only called while `feed` runs.)
                let keep = try withoutActuallyEscaping(flush) { (flush) throws(StoreError) -> Bool in
                    try feed { (runs) throws(StoreError) in
                        for run in runs {
                            pending.append(run)
                            if pending.count == size { try flush() }
                        }
                    }
                }
                guard keep else { throw StoreError.importAbandoned }
                try flush()
            }
        }
        guard kept else { return false }
        // Fresh statistics for the planner (see `PostgresSchema.analyzeImported`).
        try connection.executeScript("SELECT bench_analyze_imported()")
        progress(written)
        return true
    }

    /// Runs an import stages and writes at once.
    static let importBatch = 20_000

    /// One batch staged and written. The staging tables are analyzed for the first batch, and
    /// again only when a batch's shape is far from the one analyzed (`StagedShape`): the next
    /// batches of an import refill them with runs alike, and the planner scales the statistics
    /// by the tables' pages as they are now (an ANALYZE per batch cost 0.8 s of every 100,000 runs).
    private func importBatch(_ runs: [RunRecord], time: RunTime, analyzing: Bool) throws(StoreError) {
        try connection.executeScript("TRUNCATE bench_import_runs, bench_import_metrics, bench_import_plan")
        var runRows: [[String?]] = [], metricRows: [[String?]] = []
        runRows.reserveCapacity(runs.count)
        metricRows.reserveCapacity(runs.count * 4)
        for (offset, run) in runs.enumerated() {
            let ord = String(offset), print = run.fingerprint, provenance = run.provenance
            runRows.append([
                ord, run.id, provenance.commitSha, run.series.branchName, run.series.modelVersion, run.modelProvider,
                run.series.datasetVersion, provenance.datasetSize.map { String($0) }, run.series.promptVersion,
                run.series.environment, provenance.runId, provenance.triggeredBy,
                provenance.durationSeconds.map { JSONText.number($0) }, Self.array(provenance.tags), provenance.notes,
                provenance.commitTime.map { Timestamp.format($0) }, provenance.commitAuthor, provenance.isDirty ? "t" : "f",
                time == .atWrite ? nil : Timestamp.format(run.createdAt), provenance.testbed, print?.architecture,
                print?.cpuModel, print.map { String($0.cores) }, print.map { String($0.memoryBytes) }, print?.os,
                print?.osID, print?.kernel, print?.toolchain,
            ])
            for (position, metric) in run.metrics.enumerated() {
                metricRows.append([ord, String(position), metric.name, JSONText.number(metric.metric.value), metric.metric.unit,
                                   metric.metric.samples.map { "{" + $0.map { JSONText.number($0) }.joined(separator: ",") + "}" }])
            }
        }
        try connection.copy(PostgresImportSQL.copyRuns, rows: runRows)
        try connection.copy(PostgresImportSQL.copyMetrics, rows: metricRows)
        if analyzing { try connection.executeScript(PostgresImportSQL.analyzeStaged) }
        try connection.executeScript(PostgresImportSQL.lockAndTime)
        try connection.execute(PostgresImportSQL.plan, [time == .atWrite ? "true" : "false"])
        if analyzing { try connection.execute(PostgresImportSQL.analyzePlan) }
        for statement in PostgresImportSQL.write { try connection.execute(statement) }
    }
}

/// What the planner's statistics of the staging tables describe: a batch's runs and series.
/// A batch of four times as many or as few of either as the batch analyzed last is analyzed
/// anew (a history grouped by series stages one series in a batch and many in the next; the
/// plan's join to the stored snapshots follows the number of series).
struct StagedShape: Equatable {
    var runs: Int
    var series: Int

    func differs(from analyzed: StagedShape) -> Bool {
        func far(_ a: Int, _ b: Int) -> Bool { max(a, b) > 4 * max(1, min(a, b)) }
        return far(runs, analyzed.runs) || far(series, analyzed.series)
    }
}

extension StagedShape {
    init(_ batch: [RunRecord]) {
        self.init(runs: batch.count, series: Set(batch.map(\.series)).count)
    }
}

/// The statements of `PostgresStore.importRuns`, in the order it runs them.
enum PostgresImportSQL {
    /// The staging tables, dropped with the transaction. `ord` is a run's place in its batch.
    static let staging = """
        CREATE TEMP TABLE bench_import_runs (
            ord integer PRIMARY KEY, seq bigint, id text, commit_sha text, branch_name text, model_version text, model_provider text,
            dataset_version text, dataset_size integer, prompt_version text, environment text, run_id text,
            triggered_by text, duration_seconds double precision, tags text[], notes text, commit_time timestamptz,
            commit_author text, is_dirty boolean, created_at timestamptz, testbed text, architecture text, cpu_model text,
            cores integer, memory_bytes bigint, os text, os_id text, kernel text, toolchain text
        ) ON COMMIT DROP;
        CREATE TEMP TABLE bench_import_metrics (
            ord integer, position integer, metric_name text, value double precision, unit text, samples double precision[]
        ) ON COMMIT DROP;
        CREATE INDEX ON bench_import_metrics (ord);
        CREATE TEMP TABLE bench_import_plan (
            ord integer PRIMARY KEY, snapshot_version integer, metrics jsonb, becomes_current boolean, is_current boolean,
            last_updated_at timestamptz
        ) ON COMMIT DROP;
        """

    static let copyRuns = """
        COPY bench_import_runs (ord, id, commit_sha, branch_name, model_version, model_provider, dataset_version, dataset_size,
            prompt_version, environment, run_id, triggered_by, duration_seconds, tags, notes, commit_time, commit_author,
            is_dirty, created_at, testbed, architecture, cpu_model, cores, memory_bytes, os, os_id, kernel, toolchain) FROM STDIN
        """

    static let copyMetrics = "COPY bench_import_metrics (ord, position, metric_name, value, unit, samples) FROM STDIN"

    /// The staged runs' statistics, for the plans of the statements that read them (the first batch's).
    static let analyzeStaged = "ANALYZE bench_import_runs; ANALYZE bench_import_metrics;"

    /// The plan's statistics, for the writes that join it (the first batch's).
    static let analyzePlan = "ANALYZE bench_import_plan"

    /// The batch's series locked in one order (as `bench_record_run` locks each), then the
    /// time of each run recorded now read under those locks, in input order, to the
    /// millisecond as `bench_record_run` reads it; and each run's audit row number, from the
    /// table's sequence in input order (a subquery's ORDER BY is kept: it is not flattened).
    static let lockAndTime = """
        SELECT bench_lock_series(model_version, dataset_version, prompt_version, environment, branch_name)
          FROM (SELECT DISTINCT model_version, dataset_version, prompt_version, environment, branch_name FROM bench_import_runs
                 ORDER BY 1, 2, 3, 4, 5) s;
        UPDATE bench_import_runs r SET created_at = t.at
          FROM (SELECT ord, date_trunc('milliseconds', clock_timestamp()) AS at
                  FROM (SELECT ord FROM bench_import_runs WHERE created_at IS NULL ORDER BY ord) o) t
         WHERE r.ord = t.ord;
        UPDATE bench_import_runs r SET seq = t.seq
          FROM (SELECT ord, nextval('benchmark_transactions_seq_seq') AS seq FROM (SELECT ord FROM bench_import_runs ORDER BY ord) o) t
         WHERE r.ord = t.ord;
        """

    /// Each run's version, metrics object, final current flag and `last_updated_at`, in one
    /// pass of window functions over the batch (no join of derived sets, whose sizes the
    /// planner cannot know). `$1`: whether the runs are recorded now (each becomes current).
    /// A run given a time becomes current when it is no older than the series' current
    /// snapshot and every earlier run of the series in the batch: those runs' times never
    /// fall, so the next one's is the least that follows (read newest first, so the frame
    /// only grows). `OFFSET 0` keeps the series' two lookups once per series, not per run. The last run of a series to become
    /// current stays current; each earlier one was superseded at the time of the next.
    static let plan = """
        INSERT INTO bench_import_plan (ord, snapshot_version, metrics, becomes_current, is_current, last_updated_at)
        SELECT x.ord, x.snapshot_version,
               coalesce(m.metrics, '{}'::jsonb),
               x.becomes_current, x.becomes_current AND x.next_current IS NULL,
               CASE WHEN x.becomes_current THEN coalesce(x.next_current, x.created_at) ELSE x.created_at END
          FROM (
            SELECT y.*,
                   CASE WHEN $1::boolean THEN lead(y.created_at) OVER v
                        ELSE min(CASE WHEN y.becomes_current THEN y.created_at END)
                             OVER (later ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) END AS next_current
              FROM (
                SELECT r.ord, r.created_at, r.model_version, r.dataset_version, r.prompt_version, r.environment, r.branch_name,
                       s.newest_version + row_number() OVER w AS snapshot_version,
                       $1::boolean OR coalesce(r.created_at >= greatest(s.current_created,
                           max(r.created_at) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)), TRUE) AS becomes_current
                  FROM bench_import_runs r JOIN (
                    SELECT k.*,
                           (SELECT coalesce(max(b.snapshot_version), 0) FROM benchmark_snapshots b
                             WHERE b.model_version = k.model_version AND b.dataset_version = k.dataset_version
                               AND b.prompt_version = k.prompt_version AND b.environment = k.environment
                               AND b.branch_name = k.branch_name) AS newest_version,
                           (SELECT b.created_at FROM benchmark_snapshots b
                             WHERE b.model_version = k.model_version AND b.dataset_version = k.dataset_version
                               AND b.prompt_version = k.prompt_version AND b.environment = k.environment
                               AND b.branch_name = k.branch_name AND b.is_current) AS current_created
                      FROM (SELECT DISTINCT model_version, dataset_version, prompt_version, environment, branch_name
                              FROM bench_import_runs) k OFFSET 0) s
                    USING (model_version, dataset_version, prompt_version, environment, branch_name)
                WINDOW w AS (PARTITION BY r.model_version, r.dataset_version, r.prompt_version, r.environment, r.branch_name
                             ORDER BY r.ord)) y
            WINDOW v AS (PARTITION BY y.model_version, y.dataset_version, y.prompt_version, y.environment, y.branch_name
                         ORDER BY y.ord),
                   later AS (PARTITION BY y.model_version, y.dataset_version, y.prompt_version, y.environment, y.branch_name
                             ORDER BY y.ord DESC)) x
          LEFT JOIN (SELECT ord, jsonb_object_agg(metric_name, value ORDER BY position) AS metrics FROM bench_import_metrics
                      GROUP BY ord) m USING (ord)
        """

    /// The writes: each series' current snapshot, when a run of the batch supersedes it,
    /// loses its flag at that run's time; then the audit rows, metric rows, snapshots and
    /// testbeds, in input order.
    static let write: [String] = [
        """
        UPDATE benchmark_snapshots b SET is_current = FALSE, last_updated_at = f.at
          FROM (SELECT DISTINCT ON (r.model_version, r.dataset_version, r.prompt_version, r.environment, r.branch_name)
                       r.model_version, r.dataset_version, r.prompt_version, r.environment, r.branch_name, r.created_at AS at
                  FROM bench_import_runs r JOIN bench_import_plan p USING (ord) WHERE p.becomes_current
                 ORDER BY r.model_version, r.dataset_version, r.prompt_version, r.environment, r.branch_name, r.ord) f
         WHERE b.model_version = f.model_version AND b.dataset_version = f.dataset_version AND b.prompt_version = f.prompt_version
           AND b.environment = f.environment AND b.branch_name = f.branch_name AND b.is_current
        """,
        """
        INSERT INTO benchmark_transactions (seq, id, transaction_type, commit_sha, branch_name, commit_time, commit_author, is_dirty,
               model_version, model_provider, dataset_version, dataset_size, prompt_version, environment, run_id, triggered_by,
               metrics, duration_seconds, tags, notes, snapshot_version, created_at)
        SELECT r.seq, r.id, 'run', r.commit_sha, r.branch_name, r.commit_time, r.commit_author, r.is_dirty, r.model_version,
               r.model_provider, r.dataset_version, r.dataset_size, r.prompt_version, r.environment, r.run_id, r.triggered_by,
               p.metrics, r.duration_seconds, r.tags, r.notes, p.snapshot_version, r.created_at
          FROM bench_import_runs r JOIN bench_import_plan p USING (ord) ORDER BY r.ord
        """,
        """
        INSERT INTO benchmark_metrics (transaction_seq, position, metric_name, value, unit, samples)
        SELECT r.seq, m.position, m.metric_name, m.value, m.unit, m.samples
          FROM bench_import_runs r JOIN bench_import_metrics m USING (ord)
        """,
        """
        INSERT INTO benchmark_snapshots (transaction_id, model_version, model_provider, dataset_version, prompt_version, environment,
               branch_name, commit_sha, commit_time, snapshot_version, metrics, f1_score, precision_score, recall_score, latency_ms,
               analysis_cost, is_current, is_active, created_at, last_updated_at)
        SELECT r.id, r.model_version, r.model_provider, r.dataset_version, r.prompt_version, r.environment, r.branch_name,
               r.commit_sha, r.commit_time, p.snapshot_version, p.metrics, (p.metrics ->> 'f1')::double precision,
               (p.metrics ->> 'precision')::double precision, (p.metrics ->> 'recall')::double precision,
               (p.metrics ->> 'latency_ms')::double precision, (p.metrics ->> 'analysis_cost')::double precision,
               p.is_current, TRUE, r.created_at, p.last_updated_at
          FROM bench_import_runs r JOIN bench_import_plan p USING (ord) ORDER BY r.ord
        """,
        """
        SELECT bench_record_testbed(id, testbed, architecture, cpu_model, cores, memory_bytes, os, os_id, kernel, toolchain)
          FROM bench_import_runs WHERE testbed IS NOT NULL ORDER BY ord
        """,
    ]
}

extension PostgresSchema {
    /// Migration 9. A bulk import grows the tables faster than autovacuum's ANALYZE follows,
    /// and until it runs the planner keeps the old row counts: a record after importing
    /// 100,000 runs read a series' whole history by its key where the commit index finds six
    /// rows (15 ms for that one read, 100 ms for the record; 0.2 and 50 after). The import
    /// calls this once it has committed. It runs as the tables' owner (SECURITY DEFINER), so a
    /// writer, who may not ANALYZE tables it does not own, refreshes them without a warning.
    static let analyzeImported = """
    CREATE OR REPLACE FUNCTION bench_analyze_imported() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
        ANALYZE benchmark_transactions, benchmark_metrics, benchmark_snapshots;
    END $$;
    REVOKE EXECUTE ON FUNCTION bench_analyze_imported FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION bench_analyze_imported TO bench_writer;
    """
}

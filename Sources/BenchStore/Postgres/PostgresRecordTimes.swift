extension PostgresSchema {
    /// Migration 4: a run recorded now takes its time inside the series' lock, and becomes
    /// current. Migration 1 took `now()`, the transaction's start, before the lock: a writer
    /// that waited for it wrote an older time after a newer one, and its run, the newest
    /// version, did not become current. Migration 1 stays as it was applied; this replaces
    /// its two functions, whose unchanged parts both migrations share (below).
    static let recordTimes = #"""
    -- Records one run: an audit row, its metric rows, and the next snapshot version of its
    -- series. Returns the snapshot id.
    -- p_details: [{"name": "f1", "value": 0.9, "unit": null, "samples": [..]}] in order.
    -- p_created_at NULL: a run recorded now. Its time is read once the series' lock is held
    -- (clock_timestamp(), to the millisecond as bench prints it; now() is the transaction's
    -- start, before the lock), so versions never go back in time, and it becomes current: the
    -- newest version is current unless a checkout pinned an older one since.
    -- p_created_at given: history being imported, current unless the series' current
    -- snapshot is newer.
    -- SQLiteStore.insertRun keeps the same rules in Swift for the embedded store; change
    -- both together (StoreConformanceTests records the same runs into both and compares).
    \#(Self.recordRunLockedStart(currentTime: false))
        SELECT coalesce(max(snapshot_version), 0) + 1,
               p_created_at IS NULL OR coalesce(bool_and(NOT is_current OR created_at <= v_created), TRUE)
          INTO v_version, v_is_current FROM benchmark_snapshots
         WHERE model_version = p_model_version AND dataset_version = v_dataset AND prompt_version = v_prompt
           AND environment = v_environment AND branch_name = p_branch_name;
    \#(Self.recordRunRows)
    \#(Self.recordRunEnd)

    -- The seeds' function: a run they record is recorded now, its time taken inside the lock.
    \#(Self.upsertFunction(createdAt: "NULL"))
    """#

    /// Migration 8: `bench_record_run` finds the series' next version and its current
    /// snapshot through their indexes. Migration 4 asked both of one aggregate over every
    /// version of the series, so each record read the whole series (20,000 rows for a series
    /// of 20,000 versions) and recording slowed as history grew. The same rules, as SQLite's
    /// `insertRun` has them: current unless the series' current snapshot is newer.
    static let recordByIndex = #"""
    \#(Self.recordRunLockedStart(currentTime: true))
    \#(Self.recordRunNextVersion)
    \#(Self.recordRunCurrentTime)
        v_is_current := p_created_at IS NULL OR v_current_created IS NULL OR v_current_created <= v_created;
    \#(Self.recordRunRows)
    \#(Self.recordRunEnd)
    """#

    /// `bench_record_run` up to its version (migrations 4 and 8): the header, the variables,
    /// the series' lock, the run's time read under it, and the metrics object.
    static func recordRunLockedStart(currentTime: Bool) -> String {
        #"""
        \#(Self.recordRunHeader)
        \#(Self.recordRunDeclarations(created: "", currentTime: currentTime))
        BEGIN
            PERFORM bench_lock_series(p_model_version, v_dataset, v_prompt, v_environment, p_branch_name);
            v_created := coalesce(p_created_at, date_trunc('milliseconds', clock_timestamp()));
        \#(Self.recordRunMetrics)
        """#
    }

    /// `bench_record_run`'s name and arguments (migrations 1, 4 and 8).
    static let recordRunHeader = #"""
    CREATE OR REPLACE FUNCTION bench_record_run(
        p_id TEXT, p_commit_sha TEXT, p_branch_name TEXT, p_model_version TEXT, p_model_provider TEXT,
        p_dataset_version TEXT, p_dataset_size INTEGER, p_prompt_version TEXT, p_environment TEXT,
        p_run_id TEXT, p_triggered_by TEXT, p_details JSONB, p_duration_seconds DOUBLE PRECISION,
        p_tags TEXT[], p_notes TEXT, p_commit_time TIMESTAMPTZ, p_commit_author TEXT, p_is_dirty BOOLEAN,
        p_created_at TIMESTAMPTZ)
    RETURNS BIGINT LANGUAGE plpgsql AS $$
    """#

    /// `bench_record_run`'s variables (migrations 1, 4 and 8): `created` initializes
    /// `v_created`; `currentTime` declares `v_current_created`, the series' current time.
    static func recordRunDeclarations(created: String, currentTime: Bool) -> String {
        let head = ["DECLARE",
                    "    v_dataset TEXT := coalesce(p_dataset_version, '');",
                    "    v_prompt TEXT := coalesce(p_prompt_version, '');",
                    "    v_environment TEXT := coalesce(p_environment, 'local');",
                    "    v_created TIMESTAMPTZ\(created);",
                    "    v_metrics JSONB;",
                    "    v_seq BIGINT;",
                    "    v_version INTEGER;"]
        let current = currentTime ? ["    v_current_created TIMESTAMPTZ;"] : []
        return (head + current + ["    v_is_current BOOLEAN;", "    v_snapshot BIGINT;"]).joined(separator: "\n")
    }

    /// How `bench_record_run` makes the run's metrics object from `p_details`, in order
    /// (migrations 1, 4 and 8).
    static let recordRunMetrics = #"""
        SELECT coalesce(jsonb_object_agg(d ->> 'name', (d ->> 'value')::double precision ORDER BY o), '{}'::jsonb)
          INTO v_metrics FROM jsonb_array_elements(p_details) WITH ORDINALITY AS e(d, o);
    """#

    /// The series' next version: one step down its unique (…, snapshot_version) index
    /// (migrations 1 and 8).
    static let recordRunNextVersion = #"""
        SELECT coalesce(max(snapshot_version), 0) + 1 INTO v_version FROM benchmark_snapshots
         WHERE model_version = p_model_version AND dataset_version = v_dataset AND prompt_version = v_prompt
           AND environment = v_environment AND branch_name = p_branch_name;
    """#

    /// The time of the series' current snapshot, if it has one: one row of
    /// idx_snapshots_one_current (migrations 1 and 8).
    static let recordRunCurrentTime = #"""
        SELECT created_at INTO v_current_created FROM benchmark_snapshots
         WHERE model_version = p_model_version AND dataset_version = v_dataset AND prompt_version = v_prompt
           AND environment = v_environment AND branch_name = p_branch_name AND is_current;
    """#

    /// How `bench_record_run` writes a run's audit row and metric rows (migrations 1, 4 and 8).
    static let recordRunRows = #"""
        INSERT INTO benchmark_transactions (id, transaction_type, commit_sha, branch_name, commit_time, commit_author, is_dirty,
               model_version, model_provider, dataset_version, dataset_size, prompt_version, environment, run_id, triggered_by,
               metrics, duration_seconds, tags, notes, snapshot_version, created_at)
        VALUES (coalesce(p_id, gen_random_uuid()::text), 'run', p_commit_sha, p_branch_name, p_commit_time, p_commit_author,
               coalesce(p_is_dirty, FALSE), p_model_version, p_model_provider, v_dataset, p_dataset_size, v_prompt, v_environment,
               p_run_id, p_triggered_by, v_metrics, p_duration_seconds, coalesce(p_tags, '{}'), p_notes, v_version, v_created)
        RETURNING seq INTO v_seq;
        INSERT INTO benchmark_metrics (transaction_seq, position, metric_name, value, unit, samples)
        SELECT v_seq, o - 1, d ->> 'name', (d ->> 'value')::double precision, d ->> 'unit',
               CASE WHEN jsonb_typeof(d -> 'samples') = 'array'
                    THEN ARRAY(SELECT jsonb_array_elements_text(d -> 'samples')::double precision) END
          FROM jsonb_array_elements(p_details) WITH ORDINALITY AS e(d, o);
    """#

    /// How `bench_record_run` ends (migrations 1, 4 and 8): the series' current flag moves to
    /// the new snapshot when `v_is_current`, and the snapshot row is written.
    static let recordRunEnd = #"""
        IF v_is_current THEN
            UPDATE benchmark_snapshots SET is_current = FALSE, last_updated_at = v_created
             WHERE model_version = p_model_version AND dataset_version = v_dataset AND prompt_version = v_prompt
               AND environment = v_environment AND branch_name = p_branch_name AND is_current;
        END IF;
        INSERT INTO benchmark_snapshots (transaction_id, model_version, model_provider, dataset_version, prompt_version, environment,
               branch_name, commit_sha, commit_time, snapshot_version, metrics, f1_score, precision_score, recall_score, latency_ms,
               analysis_cost, is_current, is_active, created_at, last_updated_at)
        VALUES ((SELECT id FROM benchmark_transactions WHERE seq = v_seq), p_model_version, p_model_provider, v_dataset, v_prompt,
               v_environment, p_branch_name, p_commit_sha, p_commit_time, v_version, v_metrics,
               (v_metrics ->> 'f1')::double precision, (v_metrics ->> 'precision')::double precision,
               (v_metrics ->> 'recall')::double precision, (v_metrics ->> 'latency_ms')::double precision,
               (v_metrics ->> 'analysis_cost')::double precision, v_is_current, TRUE, v_created, v_created)
        RETURNING id INTO v_snapshot;
        RETURN v_snapshot;
    END;
    $$;
    """#

    /// The seeds' `upsert_benchmark_result`, with their 14 arguments in their order: records
    /// a run (a flat metrics object) as the next snapshot of its series and returns the
    /// transaction id. `createdAt` is what it passes `bench_record_run` as the time
    /// (migration 1: `now()`; migration 4: `NULL`, a run recorded now).
    static func upsertFunction(createdAt: String) -> String {
        #"""
        CREATE OR REPLACE FUNCTION upsert_benchmark_result(
            p_commit_sha TEXT, p_branch_name TEXT, p_model_version TEXT, p_model_provider TEXT, p_dataset_version TEXT,
            p_dataset_size INTEGER, p_prompt_version TEXT, p_environment TEXT, p_run_id TEXT, p_triggered_by TEXT,
            p_metrics JSONB, p_duration_seconds DOUBLE PRECISION, p_tags TEXT[], p_notes TEXT)
        RETURNS TEXT LANGUAGE plpgsql AS $$
        DECLARE
            v_snapshot BIGINT;
            v_details JSONB;
        BEGIN
            SELECT coalesce(jsonb_agg(jsonb_build_object('name', key, 'value', value)), '[]'::jsonb)
              INTO v_details FROM jsonb_each(p_metrics) WHERE jsonb_typeof(value) = 'number';
            v_snapshot := bench_record_run(NULL, p_commit_sha, coalesce(p_branch_name, 'main'), p_model_version, p_model_provider,
                p_dataset_version, p_dataset_size, p_prompt_version, p_environment, p_run_id, p_triggered_by, v_details,
                p_duration_seconds, p_tags, p_notes, NULL, NULL, FALSE, \#(createdAt));
            RETURN (SELECT transaction_id FROM benchmark_snapshots WHERE id = v_snapshot);
        END;
        $$;
        """#
    }
}

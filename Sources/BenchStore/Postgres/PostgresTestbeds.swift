extension PostgresSchema {
    /// Migration 5: the machine each run was measured on, and what each testbed is. Runs
    /// recorded before (and by the seeds' `upsert_benchmark_result`) keep a NULL testbed:
    /// unknown. `bench_record_run` is unchanged, so the seeds' SQL runs as before;
    /// `bench_record_testbed` stamps a run in the transaction that recorded it.
    /// SQLiteMigrations' "testbeds" is the embedded store's twin.
    static let testbeds = #"""
    ALTER TABLE benchmark_transactions ADD COLUMN IF NOT EXISTS testbed TEXT;

    CREATE TABLE IF NOT EXISTS benchmark_testbeds (
        name          TEXT         PRIMARY KEY,
        architecture  TEXT,
        cpu_model     TEXT,
        cores         INTEGER,
        memory_bytes  BIGINT,
        os            TEXT,
        os_id         TEXT,
        kernel        TEXT,
        toolchain     TEXT,
        updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
    );

    -- Stamps run p_transaction_id with its testbed, and keeps the testbed's facts (the newest
    -- known ones; NULL facts, from a run imported by name only, change nothing).
    CREATE OR REPLACE FUNCTION bench_record_testbed(p_transaction_id TEXT, p_name TEXT, p_architecture TEXT, p_cpu_model TEXT,
        p_cores INTEGER, p_memory_bytes BIGINT, p_os TEXT, p_os_id TEXT, p_kernel TEXT, p_toolchain TEXT)
    RETURNS VOID LANGUAGE sql AS $$
        UPDATE benchmark_transactions SET testbed = p_name WHERE id = p_transaction_id AND transaction_type = 'run';
        INSERT INTO benchmark_testbeds AS b (name, architecture, cpu_model, cores, memory_bytes, os, os_id, kernel, toolchain)
        VALUES (p_name, p_architecture, p_cpu_model, p_cores, p_memory_bytes, p_os, p_os_id, p_kernel, p_toolchain)
        ON CONFLICT (name) DO UPDATE SET
            architecture = coalesce(excluded.architecture, b.architecture), cpu_model = coalesce(excluded.cpu_model, b.cpu_model),
            cores = coalesce(excluded.cores, b.cores), memory_bytes = coalesce(excluded.memory_bytes, b.memory_bytes),
            os = coalesce(excluded.os, b.os), os_id = coalesce(excluded.os_id, b.os_id), kernel = coalesce(excluded.kernel, b.kernel),
            toolchain = coalesce(excluded.toolchain, b.toolchain),
            updated_at = CASE WHEN excluded.cpu_model IS NULL THEN b.updated_at ELSE now() END;
    $$;

    -- The same roles and row-level security as the other tables.
    GRANT SELECT ON benchmark_testbeds TO bench_reader, bench_writer;
    GRANT INSERT, UPDATE ON benchmark_testbeds TO bench_writer;
    REVOKE EXECUTE ON FUNCTION bench_record_testbed FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION bench_record_testbed TO bench_writer;
    ALTER TABLE benchmark_testbeds ENABLE ROW LEVEL SECURITY;
    DROP POLICY IF EXISTS bench_read ON benchmark_testbeds;
    DROP POLICY IF EXISTS bench_write ON benchmark_testbeds;
    CREATE POLICY bench_read ON benchmark_testbeds FOR SELECT TO bench_reader, bench_writer USING (TRUE);
    CREATE POLICY bench_write ON benchmark_testbeds FOR ALL TO bench_writer USING (TRUE) WITH CHECK (TRUE);
    """#
}

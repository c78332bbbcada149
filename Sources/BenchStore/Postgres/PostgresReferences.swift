extension PostgresSchema {
    /// Migration 11. A metric row and a snapshot each name their run's audit row; migration 1
    /// said so with row-level foreign keys, which check each inserted row with a query of its
    /// own: 400,000 metric rows of a 100,000-run import spent 2.1 s of their 3.3 s there, and
    /// the snapshots 0.7 s of 1.9. The same rules, checked by triggers:
    /// - rows inserted must name runs that exist: checked once per statement, over all its
    ///   rows (a transition table, each run looked up by index once);
    /// - a row whose run changes must name one that exists, and a run whose `seq` or `id`
    ///   changes must not be named: row by row, and only when a key changes (`WHEN`), as a
    ///   foreign key does no work when its columns keep their values;
    /// - a run deleted must not be named: once per statement.
    ///
    /// A failure is SQLSTATE 23503 (`foreign_key_violation`), as before. The functions run as
    /// the schema's owner (SECURITY DEFINER), as a foreign key's checks do, whatever the
    /// writer's grants and row-level security. A run named by rows that another transaction
    /// wrote is locked `FOR KEY SHARE` first, as the foreign key locked it, and only then
    /// looked for (a new snapshot, under READ COMMITTED): a run deleted by a transaction that
    /// committed meanwhile is found missing. Runs the statement's own transaction wrote (an
    /// import's, a record's) are invisible to every other transaction and are not locked.
    ///
    /// What the foreign keys did that this does not: under REPEATABLE READ, a delete does not
    /// see rows naming the run that a concurrent transaction committed after its snapshot
    /// (bench writes under READ COMMITTED); TRUNCATE of `benchmark_transactions` alone is no
    /// longer refused; and `pg_dump --data-only` does not order the tables by reference
    /// (restore with `--disable-triggers`, or the whole schema).
    static let statementReferences = #"""
    ALTER TABLE benchmark_metrics DROP CONSTRAINT IF EXISTS benchmark_metrics_transaction_seq_fkey;
    ALTER TABLE benchmark_snapshots DROP CONSTRAINT IF EXISTS benchmark_snapshots_transaction_id_fkey;

    \#(namesRuns("benchmark_metrics", column: "transaction_seq", key: "seq", type: "bigint", prefix: "bench_metric_rows"))
    \#(namesRuns("benchmark_snapshots", column: "transaction_id", key: "id", type: "text", prefix: "bench_snapshots"))

    -- Runs deleted that are still named: once per statement, each looked up by index.
    CREATE OR REPLACE FUNCTION bench_runs_deleted_unnamed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
        SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $$
    DECLARE named bigint;
    BEGIN
        SELECT o.seq INTO named FROM bench_old_rows o
         WHERE EXISTS (SELECT 1 FROM benchmark_metrics m WHERE m.transaction_seq = o.seq)
            OR EXISTS (SELECT 1 FROM benchmark_snapshots s WHERE s.transaction_id = o.id) LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'delete on table "benchmark_transactions" leaves rows naming a run that is gone'
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = format('Key (seq)=(%s) is still referenced from table "benchmark_metrics" or "benchmark_snapshots".', named);
        END IF;
        RETURN NULL;
    END $$;
    DROP TRIGGER IF EXISTS bench_runs_deleted ON benchmark_transactions;
    CREATE TRIGGER bench_runs_deleted AFTER DELETE ON benchmark_transactions
        REFERENCING OLD TABLE AS bench_old_rows FOR EACH STATEMENT EXECUTE FUNCTION bench_runs_deleted_unnamed();

    -- A run whose keys change, still named by its old ones.
    CREATE OR REPLACE FUNCTION bench_run_renamed_unnamed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM benchmark_metrics m WHERE m.transaction_seq = OLD.seq AND OLD.seq IS DISTINCT FROM NEW.seq)
           OR EXISTS (SELECT 1 FROM benchmark_snapshots s WHERE s.transaction_id = OLD.id AND OLD.id IS DISTINCT FROM NEW.id) THEN
            RAISE EXCEPTION 'update on table "benchmark_transactions" leaves rows naming a run that is gone'
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = format('Key (seq)=(%s) is still referenced from table "benchmark_metrics" or "benchmark_snapshots".', OLD.seq);
        END IF;
        RETURN NULL;
    END $$;
    DROP TRIGGER IF EXISTS bench_runs_updated ON benchmark_transactions;
    CREATE TRIGGER bench_runs_updated AFTER UPDATE OF seq, id ON benchmark_transactions
        FOR EACH ROW WHEN (OLD.seq IS DISTINCT FROM NEW.seq OR OLD.id IS DISTINCT FROM NEW.id)
        EXECUTE FUNCTION bench_run_renamed_unnamed();
    """#

    /// The functions and triggers by which `table`'s `column` names a run's `key`. Inserts
    /// are checked once per statement, by index lookups whatever the planner guesses of a
    /// transition table's size (a hash join would read every run to check a few rows);
    /// updates row by row, when the column changes.
    private static func namesRuns(_ table: String, column: String, key: String, type: String, prefix: String) -> String {
        let refused = #"""
            RAISE EXCEPTION 'insert or update on table "\#(table)" names a run that is not in "benchmark_transactions"'
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = format('Key (\#(column))=(%s) is not present in table "benchmark_transactions".', missing);
        """#
        return #"""
        CREATE OR REPLACE FUNCTION \#(prefix)_name_runs() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
            SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $$
        DECLARE missing \#(type);
        BEGIN
            PERFORM 1 FROM benchmark_transactions t
              WHERE t.\#(key) IN (SELECT DISTINCT \#(column) FROM bench_new_rows) AND t.xmin <> pg_current_xact_id()::xid
                FOR KEY SHARE OF t;
            SELECT n.\#(column) INTO missing FROM (SELECT DISTINCT \#(column) FROM bench_new_rows) n
             WHERE NOT EXISTS (SELECT 1 FROM benchmark_transactions t WHERE t.\#(key) = n.\#(column)) LIMIT 1;
            IF FOUND THEN
        \#(refused)
            END IF;
            RETURN NULL;
        END $$;
        DROP TRIGGER IF EXISTS \#(prefix)_inserted ON \#(table);
        CREATE TRIGGER \#(prefix)_inserted AFTER INSERT ON \#(table)
            REFERENCING NEW TABLE AS bench_new_rows FOR EACH STATEMENT EXECUTE FUNCTION \#(prefix)_name_runs();

        CREATE OR REPLACE FUNCTION \#(prefix)_rename_run() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
        DECLARE missing \#(type) := NEW.\#(column);
        BEGIN
            PERFORM 1 FROM benchmark_transactions t WHERE t.\#(key) = NEW.\#(column) FOR KEY SHARE OF t;
            IF NOT EXISTS (SELECT 1 FROM benchmark_transactions t WHERE t.\#(key) = NEW.\#(column)) THEN
        \#(refused)
            END IF;
            RETURN NULL;
        END $$;
        DROP TRIGGER IF EXISTS \#(prefix)_updated ON \#(table);
        CREATE TRIGGER \#(prefix)_updated AFTER UPDATE OF \#(column) ON \#(table)
            FOR EACH ROW WHEN (OLD.\#(column) IS DISTINCT FROM NEW.\#(column)) EXECUTE FUNCTION \#(prefix)_rename_run();
        """#
    }
}

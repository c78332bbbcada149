extension PostgresSchema {
    /// Migration 11. A metric row and a snapshot each name their run's audit row; migration 1
    /// said so with row-level foreign keys, which check each inserted row with a query of its
    /// own: 400,000 metric rows of a 100,000-run import spent 2.1 s of their 3.3 s there, and
    /// the snapshots 0.7 s of 1.9. The same rules are now checked once per statement, over all
    /// its rows (transition tables, each run looked up by index once):
    /// - a metric row or snapshot inserted or updated must name a run that exists;
    /// - a run that is deleted, or whose `seq` or `id` changes, must not be named by one.
    /// Either failure is SQLSTATE 23503 (`foreign_key_violation`), as before. A run named by
    /// new rows that another transaction wrote is locked `FOR KEY SHARE`, as the foreign key
    /// locked it, so that it cannot be deleted before they commit; the runs a statement's own
    /// transaction wrote (an import's, a record's) are invisible to every other one, and are
    /// not locked. TRUNCATE is not checked (it fires no row-level rule either way).
    static let statementReferences = #"""
    ALTER TABLE benchmark_metrics DROP CONSTRAINT IF EXISTS benchmark_metrics_transaction_seq_fkey;
    ALTER TABLE benchmark_snapshots DROP CONSTRAINT IF EXISTS benchmark_snapshots_transaction_id_fkey;

    \#(namesRuns("benchmark_metrics", column: "transaction_seq", key: "seq", type: "bigint", function: "bench_metric_rows_name_runs", triggers: "bench_metric_rows"))
    \#(namesRuns("benchmark_snapshots", column: "transaction_id", key: "id", type: "text", function: "bench_snapshots_name_runs", triggers: "bench_snapshots"))

    -- Runs that went (deleted, or their keys changed) and are still named. Joins of the two
    -- transition tables may hash; the tables are read by index.
    CREATE OR REPLACE FUNCTION bench_runs_keep_their_rows() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public SET enable_seqscan = off AS $$
    DECLARE named bigint;
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            SELECT o.seq INTO named FROM bench_old_rows o
             WHERE NOT EXISTS (SELECT 1 FROM bench_new_rows n WHERE n.seq = o.seq AND n.id = o.id)
               AND (EXISTS (SELECT 1 FROM benchmark_metrics m WHERE m.transaction_seq = o.seq)
                    OR EXISTS (SELECT 1 FROM benchmark_snapshots s WHERE s.transaction_id = o.id)) LIMIT 1;
        ELSE
            SELECT o.seq INTO named FROM bench_old_rows o
             WHERE EXISTS (SELECT 1 FROM benchmark_metrics m WHERE m.transaction_seq = o.seq)
                OR EXISTS (SELECT 1 FROM benchmark_snapshots s WHERE s.transaction_id = o.id) LIMIT 1;
        END IF;
        IF FOUND THEN
            RAISE EXCEPTION 'update or delete on table "benchmark_transactions" leaves rows of "benchmark_metrics" or "benchmark_snapshots" naming a run that is gone'
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = format('Key (seq)=(%s) is still referenced.', named);
        END IF;
        RETURN NULL;
    END $$;
    DROP TRIGGER IF EXISTS bench_runs_deleted ON benchmark_transactions;
    CREATE TRIGGER bench_runs_deleted AFTER DELETE ON benchmark_transactions
        REFERENCING OLD TABLE AS bench_old_rows FOR EACH STATEMENT EXECUTE FUNCTION bench_runs_keep_their_rows();
    DROP TRIGGER IF EXISTS bench_runs_updated ON benchmark_transactions;
    CREATE TRIGGER bench_runs_updated AFTER UPDATE ON benchmark_transactions
        REFERENCING OLD TABLE AS bench_old_rows NEW TABLE AS bench_new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION bench_runs_keep_their_rows();
    """#

    /// The function and triggers by which `table`'s `column` names a run's `key`: rows inserted
    /// or updated are checked once per statement, by index lookups whatever the planner
    /// guesses of a transition table's size (a hash join would read every run to check a few
    /// rows).
    private static func namesRuns(_ table: String, column: String, key: String, type: String, function: String,
                                  triggers: String) -> String {
        #"""
        CREATE OR REPLACE FUNCTION \#(function)() RETURNS trigger
        LANGUAGE plpgsql SET search_path = public SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $$
        DECLARE missing \#(type);
        BEGIN
            SELECT n.\#(column) INTO missing FROM (SELECT DISTINCT \#(column) FROM bench_new_rows) n
             WHERE NOT EXISTS (SELECT 1 FROM benchmark_transactions t WHERE t.\#(key) = n.\#(column)) LIMIT 1;
            IF FOUND THEN
                RAISE EXCEPTION 'insert or update on table "\#(table)" violates its reference to "benchmark_transactions"'
                    USING ERRCODE = 'foreign_key_violation',
                          DETAIL = format('Key (\#(column))=(%s) is not present in table "benchmark_transactions".', missing);
            END IF;
            PERFORM 1 FROM benchmark_transactions t
              WHERE t.\#(key) IN (SELECT DISTINCT \#(column) FROM bench_new_rows) AND t.xmin <> pg_current_xact_id()::xid
                FOR KEY SHARE OF t;
            RETURN NULL;
        END $$;
        DROP TRIGGER IF EXISTS \#(triggers)_inserted ON \#(table);
        CREATE TRIGGER \#(triggers)_inserted AFTER INSERT ON \#(table)
            REFERENCING NEW TABLE AS bench_new_rows FOR EACH STATEMENT EXECUTE FUNCTION \#(function)();
        DROP TRIGGER IF EXISTS \#(triggers)_updated ON \#(table);
        CREATE TRIGGER \#(triggers)_updated AFTER UPDATE ON \#(table)
            REFERENCING NEW TABLE AS bench_new_rows FOR EACH STATEMENT EXECUTE FUNCTION \#(function)();
        """#
    }
}

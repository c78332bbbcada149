import BenchCore
@testable import BenchStore
import BenchTestSupport
import Foundation
import Synchronization
import Testing

/// What only the shared store has: the seeds' SQL, roles, row-level security, migrations.
@Suite(.enabled(if: PostgresFixture.adminURL != nil, "needs the PostgreSQL server `make test` starts"))
struct PostgresTests {
    func migrated() throws -> (PostgresStore, String) {
        let url = try PostgresFixture.freshURL()
        let store = try PostgresStore(url: url, maskedURL: "test", requireSchema: false)
        #expect(try store.migrate() == PostgresSchema.migrations.map(\.version))
        return (store, url)
    }

    /// Every SQL example of the seeds' documentation, as written there, after one run
    /// recorded like their setup guide's "Test 1".
    @Test func theSeedsSQLRunsUnchangedAndAnswersAsDocumented() throws {
        let (store, _) = try migrated()
        let sql = store.connection
        try sql.execute("""
            SELECT upsert_benchmark_result('abc123', 'main', 'test-v1.0', 'openai', 'test-set-v1', 100, 'test-prompt-v1', 'local',
              'test-run-1', 'manual-test', '{"precision": 0.91, "recall": 0.88, "f1": 0.895, "latency_ms": 412, "analysis_cost": 0.0042}'::JSONB,
              30.0, ARRAY['test'], 'first run')
            """)
        let tables = try sql.execute("""
            -- Run this query to confirm tables exist
            SELECT table_name
            FROM information_schema.tables
            WHERE table_schema = 'public'
              AND table_name IN ('benchmark_transactions', 'benchmark_snapshots');
            """)
        #expect(tables.count == 2)
        let latest = try sql.execute("SELECT * FROM v_latest_benchmarks;")
        #expect(latest.count == 1)
        #expect(latest.string(0, latest.column("model_version")!) == "test-v1.0")

        try sql.executeScript("""
            -- Set baseline
            UPDATE benchmark_snapshots
            SET is_baseline = TRUE
            WHERE model_version = 'test-v1.0';

            -- Insert lower-performing run
            SELECT upsert_benchmark_result(
              'abc124',
              'develop',
              'test-v1.0',
              'openai',
              'test-set-v1',
              100,
              'test-prompt-v1',
              'local',
              'test-run-2',
              'test-user',
              '{"precision": 0.85, "recall": 0.82, "f1": 0.835, "latency_ms": 420, "analysis_cost": 0.0043}'::JSONB,
              30.0,
              ARRAY['test'],
              'Test regression detection'
            );
            """)
        let regression = try sql.execute("""
            -- Check for regression (5% threshold)
            SELECT * FROM detect_regression('test-v1.0', 0.05);
            """)
        #expect(regression.count == 1)
        #expect(regression.bool(0, regression.column("is_regression")!), "F1 dropped from 0.895 to 0.835")
        #expect(regression.double(0, regression.column("baseline_f1")!) == 0.895)
        #expect(regression.double(0, regression.column("current_f1")!) == 0.835)
        #expect(try sql.execute("SELECT * FROM detect_regression('test-v1.0', 0.10);").bool(0, 7) == false)

        let scores = try sql.execute("""
            SELECT model_version, f1_score, last_updated_at
            FROM benchmark_snapshots
            WHERE is_active = TRUE
            ORDER BY f1_score DESC;
            """)
        #expect((0..<scores.count).map { scores.double($0, 1) } == [0.895, 0.835])
        let trend = try sql.execute("""
            SELECT
              DATE_TRUNC('day', created_at) AS date,
              AVG((metrics->>'f1')::NUMERIC) AS avg_f1
            FROM benchmark_transactions
            WHERE model_version = 'test-v1.0'
              AND created_at > NOW() - INTERVAL '30 days'
            GROUP BY DATE_TRUNC('day', created_at)
            ORDER BY date;
            """)
        #expect(trend.count >= 1)
        #expect(abs((trend.double(0, 1) ?? 0) - 0.865) < 1e-9)
        #expect(try sql.execute("SELECT COUNT(*) FROM benchmark_snapshots WHERE is_active = TRUE;").int(0, 0) == 2)
        #expect(try sql.execute("SELECT * FROM pg_indexes WHERE tablename LIKE 'benchmark%'").count >= 5)
        try sql.executeScript("""
            UPDATE benchmark_snapshots
            SET is_baseline = TRUE
            WHERE model_version = 'medgemma-v1.2'
              AND environment = 'production';
            """)
        let daily = try sql.execute("""
            SELECT
              DATE_TRUNC('day', created_at) AS date,
              model_version,
              AVG((metrics->>'f1')::NUMERIC) AS avg_f1,
              COUNT(*) AS run_count
            FROM benchmark_transactions
            GROUP BY DATE_TRUNC('day', created_at), model_version;
            """)
        #expect(daily.int(0, 3) == 2)

        // The other stored functions, and the same data through the Store API.
        #expect(try sql.execute("SELECT * FROM get_snapshot_history('test-v1.0')").count == 2)
        #expect(try sql.execute("SELECT checkout_snapshot('test-v1.0', 'test-set-v1', 'test-prompt-v1', 'local', 1, 'main')").bool(0, 0))
        let compare = try sql.execute("SELECT * FROM compare_snapshots('test-v1.0', 1, 1, NULL, NULL, NULL, 'main')")
        #expect(compare.count == 5)
        let current = try store.currentSnapshots(SeriesFilter(modelVersion: "test-v1.0"))
        #expect(current.map(\.series.branchName) == ["develop", "main"])
        #expect(current.first?.metrics["f1"]?.value == 0.835)
    }

    @Test func aSecondCurrentIsImpossible() throws {
        let (store, _) = try migrated()
        for f1 in ["0.8", "0.9"] {
            try store.connection.execute("""
                SELECT upsert_benchmark_result('abc', 'main', 'm', NULL, 'd', NULL, 'p', 'local', NULL, NULL, $1::jsonb, NULL, NULL, NULL)
                """, ["{\"f1\": \(f1)}"])
        }
        let error = #expect(throws: StoreError.self) { try store.connection.execute("UPDATE benchmark_snapshots SET is_current = TRUE") }
        #expect(error?.kind == .constraint)
        #expect(error?.code == "23505")
        // The seeds' "set baseline" UPDATE flags every version it matches; bench then uses the newest.
        try store.connection.execute("UPDATE benchmark_snapshots SET is_baseline = TRUE WHERE model_version = 'm'")
        #expect(try store.baselines(SeriesFilter(modelVersion: "m")).map(\.version) == [2, 1])
    }

    /// Metric rows and snapshots name their run, checked by triggers (migration 11) where
    /// row-level foreign keys were: a row naming no run, in any row of a statement, and a
    /// named run deleted or renamed, are refused with SQLSTATE 23503.
    @Test func rowsNameRunsThatExist() throws {
        let (store, _) = try migrated()
        let runs = (0..<3).map { index in
            RunRecord(id: "run-\(index)", series: SeriesKey(modelVersion: "m", datasetVersion: "d", promptVersion: "p", environment: "local",
                                                        branchName: "main"),
                      modelProvider: nil, metrics: [NamedMetric(name: "f1", metric: MetricValue(value: 0.8))],
                      provenance: Provenance(commitSha: String(repeating: "a", count: 40), isDirty: false, tags: []))
        }
        _ = try store.record(runs, time: .atWrite)
        let seqs = try store.connection.execute("SELECT seq FROM benchmark_transactions ORDER BY seq").rows { $0.int("seq") }
        #expect(try store.connection.execute("""
            SELECT count(*) AS n FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('benchmark_metrics'::regclass, 'benchmark_snapshots'::regclass)
            """).rows { $0.int("n") } == [0])
        let refused: [(String, [String])] = [
            ("INSERT INTO benchmark_metrics (transaction_seq, position, metric_name, value) VALUES ($1, 1, 'x', 1), (-1, 0, 'y', 2)",
             [String(seqs[0])]),
            ("UPDATE benchmark_metrics SET transaction_seq = -5 WHERE transaction_seq = $1", [String(seqs[1])]),
            ("""
            INSERT INTO benchmark_snapshots (transaction_id, model_version, branch_name, commit_sha, snapshot_version, metrics)
            VALUES ($1, 'other', 'main', 'abc', 1, '{}'), ('no-such-run', 'other', 'main', 'abc', 2, '{}')
            """, ["run-0"]),
            ("UPDATE benchmark_snapshots SET transaction_id = 'gone' WHERE transaction_id = $1", ["run-2"]),
            ("DELETE FROM benchmark_transactions WHERE id = $1", ["run-1"]),
            ("UPDATE benchmark_transactions SET seq = -9 WHERE id = $1", ["run-1"]),
        ]
        for (sql, parameters) in refused {
            let error = #expect(throws: StoreError.self, "\(sql)") { try store.connection.execute(sql, parameters) }
            #expect(error?.code == "23503", "\(sql): \(error?.description ?? "")")
            #expect(error?.kind == .constraint)
        }
        // Rows naming runs that exist go in; a run whose rows went first goes; a run's other
        // columns change freely.
        try store.connection.execute("INSERT INTO benchmark_metrics (transaction_seq, position, metric_name, value) VALUES ($1, 1, 'x', 1)",
                                     [String(seqs[0])])
        try store.connection.execute("UPDATE benchmark_transactions SET notes = 'kept' WHERE seq = $1", [String(seqs[0])])
        try store.connection.execute("DELETE FROM benchmark_metrics WHERE transaction_seq = $1", [String(seqs[2])])
        try store.connection.execute("DELETE FROM benchmark_snapshots WHERE transaction_id = 'run-2'")
        try store.connection.execute("DELETE FROM benchmark_transactions WHERE id = 'run-2'")
        #expect(try store.connection.execute("SELECT count(*) AS n FROM benchmark_transactions").rows { $0.int("n") } == [2])
        #expect(try store.connection.execute("SELECT count(*) AS n FROM benchmark_metrics").rows { $0.int("n") } == [3])
    }

    /// A row naming a run that another transaction is deleting waits for it, as a foreign
    /// key's lock made it wait, and is refused once the delete commits: the trigger locks the
    /// run before it looks for it.
    @Test func aRowNamingARunBeingDeletedIsRefused() throws {
        let (store, url) = try migrated()
        let run = RunRecord(id: "doomed", series: SeriesKey(modelVersion: "m", datasetVersion: "d", promptVersion: "p",
                                                               environment: "local", branchName: "main"),
                            modelProvider: nil, metrics: [NamedMetric(name: "f1", metric: MetricValue(value: 0.8))],
                            provenance: Provenance(commitSha: String(repeating: "a", count: 40)))
        _ = try store.record([run], time: .atWrite)
        let seq = try #require(try store.connection.execute("SELECT seq FROM benchmark_transactions WHERE id = 'doomed'").rows { $0.int("seq") }.first)
        try store.connection.execute("DELETE FROM benchmark_metrics WHERE transaction_seq = $1", [String(seq)])
        try store.connection.execute("DELETE FROM benchmark_snapshots WHERE transaction_id = 'doomed'")
        try store.connection.execute("BEGIN")
        try store.connection.execute("DELETE FROM benchmark_transactions WHERE id = 'doomed'")
        let refusal = Mutex<String?>(nil), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            defer { done.signal() }
            do {
                let writer = try PostgresStore(url: url, maskedURL: "writer")
                try writer.connection.execute("INSERT INTO benchmark_metrics (transaction_seq, position, metric_name, value) VALUES ($1, 0, 'f1', 1)",
                                              [String(seq)])
                refusal.withLock { $0 = "inserted" }
            } catch {
                refusal.withLock { $0 = (error as? StoreError)?.code ?? "\(error)" }
            }
        }
        // The insert waits on the run's row lock before the delete commits.
        let observer = try PostgresStore(url: url, maskedURL: "observer")
        var waiting = false
        for _ in 0..<200 where !waiting {
            waiting = try observer.connection.execute("""
                SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()
                """).rows { $0.int("n") } == [1]
            if !waiting { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(waiting, "the insert should wait for the run's lock")
        try store.connection.execute("COMMIT")
        done.wait()
        #expect(refusal.withLock { $0 } == "23503")
        #expect(try store.connection.execute("SELECT count(*) AS n FROM benchmark_metrics WHERE transaction_seq = $1", [String(seq)])
            .rows { $0.int("n") } == [0])
    }

    /// A series' baselines are found through `idx_snapshots_baselines` (migration 10), not by
    /// reading every version of the model (at 1M results, 121 ms of a record's 160): with
    /// sequential scans off, the plan of the store's baselines query over a lineage names it.
    @Test func baselinesAreFoundByTheirIndex() throws {
        let (store, _) = try migrated()
        for f1 in ["0.8", "0.9", "0.85"] {
            try store.connection.execute("""
                SELECT upsert_benchmark_result('abc', 'main', 'm', NULL, 'd', NULL, 'p', 'local', NULL, NULL, $1::jsonb, NULL, NULL, NULL)
                """, ["{\"f1\": \(f1)}"])
        }
        try store.connection.execute("UPDATE benchmark_snapshots SET is_baseline = TRUE WHERE snapshot_version = 2")
        #expect(try store.baselines(SeriesFilter(modelVersion: "m")).map(\.version) == [2])
        try store.connection.execute("SET enable_seqscan = off")
        let plan = try store.connection.execute("""
            EXPLAIN SELECT s.id FROM benchmark_snapshots s JOIN benchmark_transactions t ON t.id = s.transaction_id
            WHERE s.is_baseline AND s.model_version = 'm' AND s.dataset_version = 'd' AND s.prompt_version = 'p' AND s.environment = 'local'
            ORDER BY s.model_version, s.dataset_version, s.prompt_version, s.environment, s.branch_name, s.snapshot_version DESC
            """).rows { $0.text("QUERY PLAN") }
        #expect(plan.contains { $0.contains("idx_snapshots_baselines") }, "\(plan)")
    }

    @Test func migratingTwiceDoesNothingAndANewerSchemaIsRefused() throws {
        let (store, url) = try migrated()
        #expect(try store.migrate() == [])
        #expect(try store.schemaVersion() == PostgresSchema.migrations.last!.version)
        try store.connection.execute("INSERT INTO bench_schema_migrations (version, name) VALUES (99, 'from the future')")
        let error = #expect(throws: StoreError.self) { try PostgresStore(url: url, maskedURL: "db") }
        #expect(error?.kind == .schemaTooNew)
        #expect(error?.message.contains("schema version 99; this bench knows up to \(PostgresSchema.migrations.last!.version)") == true)
    }

    @Test func anUnmigratedDatabaseSaysToMigrate() throws {
        let url = try PostgresFixture.freshURL()
        let error = #expect(throws: StoreError.self) { try PostgresStore(url: url, maskedURL: "db") }
        #expect(error?.hint?.contains("bench db migrate") == true)
    }

    @Test func readersReadAndCannotWriteWritersDoBoth() throws {
        let (store, url) = try migrated()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        try store.connection.execute("CREATE ROLE reader_\(suffix) LOGIN PASSWORD 'r-secret' IN ROLE bench_reader")
        try store.connection.execute("CREATE ROLE writer_\(suffix) LOGIN PASSWORD 'w-secret' IN ROLE bench_writer")
        let writer = try PostgresStore(url: PostgresFixture.url(url, database: URL(string: url)!.lastPathComponent, user: "writer_\(suffix)", password: "w-secret"), maskedURL: "w")
        let series = SeriesKey(modelVersion: "m", branchName: "main")
        let recorded = try writer.record([RunRecord(series: series, modelProvider: nil, metrics: [NamedMetric(name: "f1", metric: .init(value: 0.9))],
                                                    provenance: Provenance(commitSha: "abc"))])
        #expect(recorded.map(\.version) == [1])
        _ = try writer.setBaseline(series, version: 1, by: ActionContext(commitSha: "abc", triggeredBy: "w"))

        let reader = try PostgresStore(url: PostgresFixture.url(url, database: URL(string: url)!.lastPathComponent, user: "reader_\(suffix)", password: "r-secret"), maskedURL: "r")
        #expect(try reader.currentSnapshots(SeriesFilter()).count == 1)
        let before = try store.counts()
        let error = #expect(throws: StoreError.self) {
            try reader.record([RunRecord(series: series, modelProvider: nil, metrics: [NamedMetric(name: "f1", metric: .init(value: 0.1))],
                                         provenance: Provenance(commitSha: "abc"))])
        }
        #expect(error?.kind == .permission)
        #expect(error?.hint?.contains("bench_writer") == true)
        #expect(throws: StoreError.self) { try reader.connection.execute("UPDATE benchmark_snapshots SET f1_score = 0") }
        #expect(try store.counts() == before)
        let rls = try store.connection.execute("SELECT bool_and(relrowsecurity) FROM pg_class WHERE relname LIKE 'benchmark_%' AND relkind = 'r'")
        #expect(rls.bool(0, 0))
    }

    @Test func connectionErrorsSayWhatAndNeverThePassword() throws {
        let admin = try #require(PostgresFixture.adminURL)
        let wrong = PostgresFixture.url(admin, database: "postgres", password: "not-the-password-xyz")
        let error = #expect(throws: StoreError.self) { try PostgresStore(url: wrong, maskedURL: "postgres://postgres:***@…") }
        #expect(error?.kind == .unavailable)
        #expect(error?.message.contains("password authentication failed") == true)
        #expect(error?.message.contains("not-the-password-xyz") == false)
        let missing = PostgresFixture.url(admin, database: "no_such_database_here")
        let noDatabase = #expect(throws: StoreError.self) { try PostgresStore(url: missing, maskedURL: "m") }
        #expect(noDatabase?.message.contains("does not exist") == true)
    }
}

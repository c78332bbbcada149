import BenchCore
@testable import BenchStore
import BenchTestSupport
import Foundation
import Testing

/// Testbeds in both stores: each run keeps its testbed, the store keeps each testbed's facts,
/// and runs recorded before the migration have an unknown testbed.
@Suite struct TestbedStoreTests {
    let series = SeriesKey(modelVersion: "clf", branchName: "main")

    static let alpha = Fingerprint(architecture: "x86_64", cpuModel: "AMD EPYC 7763", cores: 8, memoryBytes: 16 << 30,
                                   os: "Debian GNU/Linux 12 (bookworm)", osID: "debian12", kernel: "6.1.0-18-amd64", toolchain: "swift 6.0.3")

    func run(_ f1: Double, testbed: String?, fingerprint: Fingerprint? = nil, at seconds: Double) -> RunRecord {
        RunRecord(series: series, modelProvider: nil, metrics: [NamedMetric(name: "f1", metric: .init(value: f1))],
                  provenance: Provenance(commitSha: String(repeating: "c", count: 40), testbed: testbed),
                  createdAt: Date(timeIntervalSince1970: 1_800_000_000 + seconds), fingerprint: fingerprint)
    }

    @Test(arguments: StoreKind.available) func runsKeepTheirTestbedAndTheStoreItsFacts(kind: StoreKind) throws {
        let store = try kind.make()
        _ = try store.record([run(0.9, testbed: "alpha", fingerprint: Self.alpha, at: 0), run(0.8, testbed: nil, at: 1),
                              run(0.7, testbed: "beta", at: 2)])
        // A later run of alpha by name only (imported) keeps the facts the store has.
        _ = try store.record([run(0.6, testbed: "alpha", at: 3)])
        #expect(try store.history(of: series).map(\.testbed) == ["alpha", "beta", nil, "alpha"])
        #expect(try store.entries(since: nil, kinds: [.run], series: SeriesFilter()).map(\.provenance.testbed) == ["alpha", nil, "beta", "alpha"])
        let listed = try store.testbeds()
        #expect(listed.map(\.name) == ["alpha", "beta", nil])
        #expect(listed.map(\.runs) == [2, 1, 1])
        #expect(listed[0].fingerprint == Self.alpha)
        #expect(listed[0].firstSeen == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(listed[0].lastSeen == Date(timeIntervalSince1970: 1_800_000_003))
        #expect(listed[1].fingerprint == nil)
        // Checkouts and baseline changes are not runs: they name no testbed and count for none.
        let action = ActionContext(commitSha: String(repeating: "c", count: 40), triggeredBy: "alice")
        _ = try store.setBaseline(series, version: 1, by: action)
        #expect(try store.testbeds().map(\.runs) == [2, 1, 1])
    }

    @Test func anEmbeddedStoreOfTheOldSchemaMigratesAndItsRunsHaveNoTestbed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-old-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/bench.sqlite3"
        do {
            // The schema as the previous bench left it: migrations 1–3, one run recorded.
            let old = try SQLiteDatabase(path: path, create: true)
            try old.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            for migration in SQLiteMigrations.all.prefix(3) {
                try old.execute(migration.sql)
                try old.execute("INSERT INTO schema_migrations VALUES (\(migration.version), '\(migration.name)', '2026-01-01T00:00:00.000Z')")
            }
            try old.execute("""
                INSERT INTO benchmark_transactions (id, commit_sha, branch_name, model_version, environment, metrics, snapshot_version, created_at)
                VALUES ('old-run', 'abc', 'main', 'clf', 'local', '{"f1": 0.9}', 1, '2026-01-01T00:00:00.000Z');
                INSERT INTO benchmark_snapshots (transaction_id, model_version, environment, branch_name, commit_sha, snapshot_version,
                    metrics, f1_score, is_current, created_at, last_updated_at)
                VALUES ('old-run', 'clf', 'local', 'main', 'abc', 1, '{"f1": 0.9}', 0.9, 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
                """)
        }
        let store = try SQLiteStore(path: path)
        #expect(store.schemaVersion == SQLiteMigrations.all.count)
        #expect(try store.history(of: series).map(\.testbed) == [nil])
        _ = try store.record([run(0.8, testbed: "alpha", fingerprint: Self.alpha, at: 0)], time: .atWrite)
        #expect(try store.history(of: series).map(\.testbed) == ["alpha", nil])
        #expect(try store.testbeds().map(\.name) == ["alpha", nil])
    }

    @Test(.enabled(if: PostgresFixture.adminURL != nil, "needs the PostgreSQL server `make test` starts"))
    func aSharedStoreOfTheOldSchemaMigratesUnderTheSameRolesAndRowLevelSecurity() throws {
        let url = try PostgresFixture.freshURL()
        let store = try PostgresStore(url: url, maskedURL: "test", requireSchema: false)
        let host = PostgresMigrationHost(connection: store.connection)
        try host.createVersionTable()
        for migration in Migrator(PostgresSchema.migrations).migrations.prefix(4) {
            try host.execute(script: migration.sql)
            try host.recordApplied(migration)
        }
        try store.connection.execute("""
            SELECT upsert_benchmark_result('abc', 'main', 'clf', NULL, NULL, NULL, NULL, 'local', NULL, NULL, '{"f1": 0.9}'::jsonb, NULL, NULL, NULL)
            """)
        #expect(try store.migrate() == Array(5...PostgresSchema.migrations.count))
        #expect(try store.history(of: series).map(\.testbed) == [nil])

        let suffix = UUID().uuidString.prefix(8).lowercased()
        try store.connection.execute("CREATE ROLE tb_reader_\(suffix) LOGIN PASSWORD 'r' IN ROLE bench_reader")
        try store.connection.execute("CREATE ROLE tb_writer_\(suffix) LOGIN PASSWORD 'w' IN ROLE bench_writer")
        let database = URL(string: url)!.lastPathComponent
        let writer = try PostgresStore(url: PostgresFixture.url(url, database: database, user: "tb_writer_\(suffix)", password: "w"), maskedURL: "w")
        _ = try writer.record([run(0.8, testbed: "alpha", fingerprint: Self.alpha, at: 0)], time: .atWrite)
        let reader = try PostgresStore(url: PostgresFixture.url(url, database: database, user: "tb_reader_\(suffix)", password: "r"), maskedURL: "r")
        #expect(try reader.testbeds().map(\.name) == ["alpha", nil])
        #expect(try reader.testbeds().first?.fingerprint == Self.alpha)
        let refused = #expect(throws: StoreError.self) { try reader.connection.execute("UPDATE benchmark_testbeds SET cores = 1") }
        #expect(refused?.kind == .permission)
        let stamping = #expect(throws: StoreError.self) {
            try reader.connection.execute("SELECT bench_record_testbed('x', 'y', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
        }
        #expect(stamping?.kind == .permission)
        let rls = try store.connection.execute("SELECT relrowsecurity FROM pg_class WHERE relname = 'benchmark_testbeds'")
        #expect(rls.bool(0, 0))
        // The seeds' SQL keeps working after the migration, and leaves the testbed unknown.
        try store.connection.execute("""
            SELECT upsert_benchmark_result('def', 'main', 'clf', NULL, NULL, NULL, NULL, 'local', NULL, NULL, '{"f1": 0.7}'::jsonb, NULL, NULL, NULL)
            """)
        #expect(try store.history(of: series).map(\.testbed) == [nil, "alpha", nil])
    }
}

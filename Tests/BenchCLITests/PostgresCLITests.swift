import BenchCore
import BenchStore
import BenchTestSupport
import Foundation
import Testing

/// The same commands on the shared store, through the binary.
@Suite(.enabled(if: PostgresFixture.adminURL != nil, "needs the PostgreSQL server `make test` starts"))
struct PostgresCLITests {
    /// The shared store's newest schema version, and what migrating an empty database applies.
    static let newest = PostgresSchema.migrations.count
    static let appliesAll = "applied migration(s) \((1...newest).map(String.init).joined(separator: ", ")); schema at version \(newest)"

    func migratedURL() throws -> String {
        let url = try PostgresFixture.freshURL()
        let directory = FileManager.default.temporaryDirectory.path
        let first = try BenchBinary.run(["db", "migrate", "--database", url], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains(Self.appliesAll))
        #expect(!first.stdout.contains(URLComponents(string: url)!.password!))
        let second = try BenchBinary.run(["db", "migrate", "--database", url], in: directory)
        #expect(second.stdout.contains("schema already at version \(Self.newest); nothing to do"))
        return url
    }

    @Test func recordHistoryAndCheckOnTheSharedStore() throws {
        let url = try migratedURL()
        let box = try Sandbox()
        let environment = ["BENCH_DATABASE_URL": url]
        try box.fixture.commit("c1")
        let file = try box.resultFile(Sandbox.result(f1: 0.895))
        #expect(try BenchBinary.run(["record", "--input", file, "--verify"], in: box.path, environment: environment).stdout.contains("verified: transaction"))
        try box.fixture.commit("c2")
        let lower = try box.resultFile(Sandbox.result(f1: 0.835), name: "lower.json")
        #expect(try BenchBinary.run(["record", "--input", lower], in: box.path, environment: environment).status == 0)
        let history = try BenchBinary.run(["history", "clf", "--json"], in: box.path, environment: environment)
        let snapshots = (try Sandbox.json(history) as? [[String: Any]])?.first?["snapshots"] as? [[String: Any]]
        #expect(snapshots?.map { $0["snapshot_version"] as? Int } == [2, 1])
        let check = try BenchBinary.run(["check"], in: box.path, environment: environment)
        #expect(check.status == 1)
        #expect(check.stdout.contains("f1"))
        #expect(try box.counts() == nil, "nothing went to the embedded store")

        let status = try BenchBinary.run(["db", "status"], in: box.path, environment: environment)
        #expect(status.stdout.contains("schema: version \(Self.newest) (this bench: \(Self.newest); current)"))
        #expect(status.stdout.contains("rows: 2 transactions, 2 snapshots"))
        #expect(status.stdout.contains("roles: bench_reader, bench_writer"))
        #expect(status.stdout.contains("row-level security: benchmark_alert_log on, benchmark_alerts on, benchmark_metrics on, benchmark_notifications on, benchmark_snapshots on, benchmark_testbeds on, benchmark_transactions on"))
        #expect(status.stdout.contains("postgres://postgres:***@"))
    }

    @Test func aReaderCannotRecordAndSaysWhy() throws {
        let url = try migratedURL()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        try PostgresFixture.run("CREATE ROLE cli_reader_\(suffix) LOGIN PASSWORD 'reader-pw-\(suffix)' IN ROLE bench_reader")
        let database = URL(string: url)!.lastPathComponent
        let readerURL = PostgresFixture.url(url, database: database, user: "cli_reader_\(suffix)", password: "reader-pw-\(suffix)")
        let box = try Sandbox(committing: "c1")
        let file = try box.resultFile(Sandbox.result(f1: 0.9))
        let result = try BenchBinary.run(["record", "--input", file], in: box.path, environment: ["BENCH_DATABASE_URL": readerURL])
        #expect(result.status == 3)
        #expect(result.stderr.contains("permission denied"))
        #expect(result.stderr.contains("hint: this database user may not do that: recording needs the bench_writer role"))
        #expect(!result.stderr.contains("reader-pw-\(suffix)") && !result.stdout.contains("reader-pw-\(suffix)"))
        let read = try BenchBinary.run(["current"], in: box.path, environment: ["BENCH_DATABASE_URL": readerURL])
        #expect(read.status == 0)
    }

    /// `bench import` into the shared store (COPY into staging tables, then INSERT … SELECT)
    /// keeps the roles: a reader is refused with the reason and nothing is written; a writer
    /// imports every run, each series current at its newest.
    @Test func aReaderCannotImportAWriterCan() throws {
        let url = try migratedURL()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        try PostgresFixture.run("CREATE ROLE imp_reader_\(suffix) LOGIN PASSWORD 'reader-pw' IN ROLE bench_reader",
                                database: URL(string: url)!.lastPathComponent)
        try PostgresFixture.run("CREATE ROLE imp_writer_\(suffix) LOGIN PASSWORD 'writer-pw' IN ROLE bench_writer",
                                database: URL(string: url)!.lastPathComponent)
        let database = URL(string: url)!.lastPathComponent
        let box = try Sandbox(committing: "c1")
        let results = (0..<300).map { index in
            #"{"model_version": "m\#(index % 3)", "created_at": "2026-01-01T00:\#(String(format: "%02d", index / 6)):\#(String(format: "%02d", index % 60))Z", "#
                + #""metrics": {"f1": \#(0.5 + Double(index) / 1000)}}"#
        }
        let file = try box.resultFile("[" + results.joined(separator: ",\n") + "]", name: "history.json")
        let reader = PostgresFixture.url(url, database: database, user: "imp_reader_\(suffix)", password: "reader-pw")
        let refused = try BenchBinary.run(["import", file], in: box.path, environment: ["BENCH_DATABASE_URL": reader])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("permission denied"))
        #expect(refused.stderr.contains("hint: this database user may not do that: recording needs the bench_writer role"))
        let empty = try BenchBinary.run(["db", "status"], in: box.path, environment: ["BENCH_DATABASE_URL": url])
        #expect(empty.stdout.contains("rows: 0 transactions, 0 snapshots"))

        let writer = PostgresFixture.url(url, database: database, user: "imp_writer_\(suffix)", password: "writer-pw")
        let imported = try BenchBinary.run(["import", file], in: box.path, environment: ["BENCH_DATABASE_URL": writer])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 300 runs into 3 series"))
        #expect(!imported.stderr.contains("WARNING"), "a writer refreshes the statistics without being the tables' owner: \(imported.stderr)")
        let current = try BenchBinary.run(["current", "--json"], in: box.path, environment: ["BENCH_DATABASE_URL": reader])
        let snapshots = try Sandbox.json(current) as? [[String: Any]]
        #expect(snapshots?.compactMap { $0["snapshot_version"] as? Int } == [100, 100, 100])
    }

    @Test func badURLsAndCredentials() throws {
        let admin = try #require(PostgresFixture.adminURL)
        let box = try Sandbox(committing: "c1")
        let wrongPassword = PostgresFixture.url(admin, database: "postgres", password: "s3cret-wrong-pw")
        let denied = try BenchBinary.run(["current"], in: box.path, environment: ["BENCH_DATABASE_URL": wrongPassword])
        #expect(denied.status == 3)
        #expect(denied.stderr.contains("password authentication failed"))
        #expect(denied.stderr.contains(":***@"))
        #expect(!denied.stderr.contains("s3cret-wrong-pw"))
        let missing = try BenchBinary.run(["current"], in: box.path, environment: ["BENCH_DATABASE_URL": PostgresFixture.url(admin, database: "nope_db")])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("database \"nope_db\" does not exist"))
        let malformed = try BenchBinary.run(["current"], in: box.path, environment: ["BENCH_DATABASE_URL": "postgres://user:pw@host:notaport/db"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("malformed PostgreSQL URL"))
        #expect(!malformed.stderr.contains(":pw@"))
        let unmigrated = try BenchBinary.run(["current"], in: box.path, environment: ["BENCH_DATABASE_URL": try PostgresFixture.freshURL()])
        #expect(unmigrated.status == 3)
        #expect(unmigrated.stderr.contains("run `bench db migrate`"))
    }

    /// The schema `bench db schema` prints for PostgreSQL can be applied by hand, as the
    /// seeds' setup guide pastes it into an SQL editor: the seeds' SQL then records a run,
    /// and `bench db migrate` afterwards only records the versions, keeping that run.
    @Test func thePrintedSchemaAppliedByHandServesTheSeedsSQL() throws {
        let directory = FileManager.default.temporaryDirectory.path
        let schema = try BenchBinary.run(["db", "schema", "--database", "postgres://localhost/bench"], in: directory)
        #expect(schema.status == 0, "\(schema.stderr)")
        #expect(schema.stdout.hasPrefix("-- bench: the shared PostgreSQL store (schema_benchmark_monitoring.sql).\n"))
        #expect(schema.stdout.contains("-- Migration 4: record times taken inside the series lock\n"))
        let url = try PostgresFixture.freshURL()
        try PostgresFixture.run(schema.stdout, url: url)
        try PostgresFixture.run("""
            SELECT upsert_benchmark_result('abc123', 'main', 'test-v1.0', 'openai', 'test-set-v1', 100, 'test-prompt-v1', 'local',
              'test-run-1', 'manual-test', '{"f1": 0.895}'::JSONB, 30.0, ARRAY['test'], 'first run')
            """, url: url)
        let migrate = try BenchBinary.run(["db", "migrate", "--database", url], in: directory)
        #expect(migrate.stdout.contains(Self.appliesAll), "\(migrate.stderr)")
        let box = try Sandbox(committing: "first")
        let current = try BenchBinary.run(["current", "--json"], in: box.path, environment: ["BENCH_DATABASE_URL": url])
        let rows = try Sandbox.json(current) as? [[String: Any]]
        #expect(rows?.map { $0["model_version"] as? String } == ["test-v1.0"])
        #expect(rows?.first?["transaction_id"] as? String != nil)
    }

    /// `bench db schema` prints the schema of the store in use, and `db status` counts the
    /// embedded store's own migrations.
    @Test func schemaAndStatusSpeakOfTheStoreInUse() throws {
        let box = try Sandbox(committing: "first")
        let schema = try box.bench("db", "schema")
        #expect(schema.status == 0, "\(schema.stderr)")
        #expect(schema.stdout.contains("CREATE TABLE benchmark_snapshots") || schema.stdout.contains("CREATE TABLE IF NOT EXISTS benchmark_snapshots"))
        #expect(!schema.stdout.contains("ROW LEVEL SECURITY") && !schema.stdout.contains("plpgsql"))
        let status = try box.bench("db", "status", "--json")
        let newest = try StoreLocation.sqlite(path: box.storePath).status().newestVersion
        #expect(status.stdout.contains("\"schema_version\" : 0") && status.stdout.contains("\"newest_version\" : \(newest)"), "\(status.stdout)")
    }

    /// Testbeds on the shared store: runs recorded by the seeds' SQL have an unknown testbed,
    /// which any testbed compares with; two named testbeds never compare unless asked; a
    /// reader lists them.
    @Test func testbedsOnTheSharedStore() throws {
        let url = try migratedURL()
        let box = try Sandbox()
        let c1 = try box.fixture.commit("c1")
        try PostgresFixture.run("""
            SELECT upsert_benchmark_result('\(c1)', 'main', 'clf', 'openai', 'set-v1', 100, 'p1', 'local', 'seed-run', 'seeds',
              '{"precision": 0.9, "recall": 0.8, "f1": 0.90, "latency_ms": 400}'::JSONB, 30.0, ARRAY['seed'], 'from the seeds')
            """, database: URL(string: url)!.lastPathComponent)
        func record(_ f1: Double, on testbed: String) throws {
            let file = try box.resultFile(Sandbox.result(f1: f1))
            let result = try BenchBinary.run(["record", "--input", file], in: box.path, environment: ["BENCH_DATABASE_URL": url, "BENCH_TESTBED": testbed])
            #expect(result.status == 0, "\(result.stderr)")
        }
        try box.fixture.commit("c2")
        try record(0.70, on: "alpha")
        let environment = ["BENCH_DATABASE_URL": url]
        let againstSeeds = try BenchBinary.run(["check", "--json"], in: box.path, environment: environment)
        #expect(againstSeeds.status == 1, "the seeds' run, of unknown testbed, is alpha's baseline: \(againstSeeds.stderr)")
        #expect(againstSeeds.stdout.contains(c1))
        try box.fixture.commit("c3")
        try record(0.50, on: "beta")
        let alone = try BenchBinary.run(["check"], in: box.path, environment: environment)
        #expect(alone.status == 1, "beta's baseline is the seeds' run, not alpha's")
        #expect(alone.stdout.contains(c1.prefix(7)) && !alone.stdout.contains("alpha"))
        let listed = try Sandbox.json(try BenchBinary.run(["testbeds", "--json"], in: box.path, environment: environment)) as? [String: Any]
        let testbeds = listed?["testbeds"] as? [[String: Any]] ?? []
        #expect(testbeds.map { $0["name"] as? String } == ["beta", "alpha", nil])
        #expect(testbeds.map { $0["runs"] as? Int } == [1, 1, 1])
        #expect((testbeds.first?["fingerprint"] as? [String: Any])?["cores"] as? Int ?? 0 >= 1)
        let history = try BenchBinary.run(["history", "clf"], in: box.path, environment: environment)
        #expect(history.stdout.contains("── testbed beta · v3–v3 ──"))
        #expect(history.stdout.contains("── testbed alpha · v1–v2 ──"), "the seeds' run joins the epoch it falls in")
    }
}

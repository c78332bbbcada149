import BenchCore
@testable import BenchStore
import BenchTestSupport
import Foundation
import Testing

/// A bulk import (`importRuns`: SQLite's planned inserts, PostgreSQL's COPY and set-based
/// INSERTs) leaves exactly the rows that recording the same runs one by one (`record`:
/// `insertRun`, `bench_record_run`) leaves, column by column, in every table it writes.
@Suite struct ImportEquivalenceTests {
    /// Several series on two branches and two environments, a series whose current version
    /// was pinned by a checkout, runs out of time order, runs tied in time, runs older than
    /// the current one, testbeds, samples and text that COPY must escape; imported into a
    /// store that already holds history, across several PostgreSQL batches.
    @Test(arguments: StoreKind.available) func importLeavesTheRowsRecordingLeaves(kind: StoreKind) throws {
        let recorded = try kind.make(), imported = try kind.make()
        for store in [recorded, imported] { try Self.history(into: store) }
        let runs = Self.generated(count: 240, seed: 11)
        _ = try recorded.record(runs, time: .given)
        var reports: [Int] = []
        try Self.importInBatches(runs, into: imported, time: .given) { reports.append($0) }
        #expect(reports.last == runs.count)
        let expected = try Self.rows(of: recorded), actual = try Self.rows(of: imported)
        for table in expected.keys.sorted() {
            let want = expected[table] ?? [], got = actual[table] ?? []
            #expect(got.count == want.count, "\(kind) \(table): \(got.count) rows imported, \(want.count) recorded")
            for (index, (wanted, found)) in zip(want, got).enumerated() where wanted != found {
                Issue.record("\(kind) \(table) row \(index):\n  recorded \(wanted)\n  imported \(found)")
                break
            }
        }
        if let sqlite = imported as? SQLiteStore {
            // The import writes without checking its references: they all hold, and every
            // later write checks them again.
            #expect(try sqlite.db.prepare("PRAGMA foreign_key_check").rows { $0.text(0) }.isEmpty)
            #expect(try sqlite.db.prepare("PRAGMA foreign_keys").rows { $0.int(0) } == [1])
        }
        // The scenario does exercise the rules: pinned, superseded and older-than-current runs.
        let flags = try imported.currentSnapshots(SeriesFilter())
        #expect(flags.count == 12)
        #expect(expected["benchmark_snapshots"]?.count == 12 * 3 + 240)
    }

    /// Snapshots at many commits come back in id order, each with its run's metrics in the
    /// run's order, whatever order the commits are asked in: in one statement up to 500
    /// commits and in several past that (SQLite's limit per statement).
    @Test(arguments: StoreKind.available) func snapshotsAtManyCommitsComeInIdOrder(kind: StoreKind) throws {
        let store = try kind.make()
        let series = SeriesKey(modelVersion: "clf", datasetVersion: "set-v1", promptVersion: "p1", environment: "ci", branchName: "main")
        let runs = (0..<1_100).map { Self.run(series, id: "run-\($0)", f1: 0.5 + Double($0 % 7) / 100, at: Double($0) * 60) }
        try store.importRuns(runs, time: .given) { _ in }
        let shas = runs.map(\.provenance.commitSha)
        var random = SeededGenerator(seed: 3)
        for asked in [Array(shas.prefix(500).reversed()), Array(shas.prefix(501).reversed()), shas.shuffled(using: &random)] {
            let found = try store.snapshots(atCommits: asked)
            #expect(found.count == asked.count)
            #expect(found.map(\.id) == found.map(\.id).sorted(), "\(kind), \(asked.count) commits")
            #expect(found.allSatisfy { $0.metrics.map(\.name) == ["f1", "latency_ms", "tokens", "precision"] })
            #expect(found.allSatisfy { $0.metrics.first?.metric.value == runs[$0.version - 1].metrics.first?.metric.value })
        }
    }

    /// The staging tables of a PostgreSQL import are analyzed again only for a batch far from
    /// the one analyzed: four times as many or as few runs, or series.
    @Test func aStagedBatchIsAnalyzedAgainWhenItsShapeIsFarFromTheLast() {
        let analyzed = StagedShape(runs: 20_000, series: 50)
        #expect(!StagedShape(runs: 20_000, series: 50).differs(from: analyzed))
        #expect(!StagedShape(runs: 5_000, series: 13).differs(from: analyzed))
        #expect(StagedShape(runs: 4_999, series: 50).differs(from: analyzed))
        #expect(StagedShape(runs: 20_000, series: 1).differs(from: analyzed))
        #expect(StagedShape(runs: 20_000, series: 201).differs(from: analyzed))
        #expect(!StagedShape(runs: 1, series: 1).differs(from: StagedShape(runs: 4, series: 4)))
        let one = SeriesKey(modelVersion: "a", datasetVersion: "", promptVersion: "", environment: "ci", branchName: "main")
        let other = SeriesKey(modelVersion: "b", datasetVersion: "", promptVersion: "", environment: "ci", branchName: "main")
        #expect(StagedShape([Self.run(one, id: "1", f1: 0.5, at: 0), Self.run(other, id: "2", f1: 0.5, at: 1), Self.run(one, id: "3", f1: 0.5, at: 2)])
                == StagedShape(runs: 3, series: 2))
    }

    /// Runs recorded now (no times given) each become current, in input order, and each
    /// one superseded keeps the time of the run that superseded it.
    @Test(arguments: StoreKind.available) func runsRecordedNowTakeOverInOrder(kind: StoreKind) throws {
        let store = try kind.make()
        try Self.history(into: store)
        let runs = Self.generated(count: 60, seed: 5)
        try Self.importInBatches(runs, into: store, time: .atWrite) { _ in }
        var lastRun: [SeriesKey: String] = [:]
        for run in runs { lastRun[run.series] = run.id }
        for series in Set(runs.map(\.series)) {
            let history = try store.history(of: series).reversed().map { $0 }
            #expect(history.filter(\.isCurrent).map(\.transactionId) == [lastRun[series]])
            // The three versions before were given times (in 2027): the imported ones follow.
            let imported = history.dropFirst(3)
            #expect(!imported.isEmpty)
            for (older, newer) in zip(imported, imported.dropFirst()) {
                #expect(older.createdAt <= newer.createdAt, "\(series): versions go back in time")
                #expect(older.lastUpdatedAt == newer.createdAt, "\(series): v\(older.version) was superseded by v\(newer.version)")
            }
        }
    }

    /// A role that may only read is refused by the COPY path, which leaves nothing behind.
    @Test func aReaderCannotImportIntoTheSharedStore() throws {
        guard StoreKind.available.contains(.postgres) else { return }
        let url = try PostgresFixture.freshURL()
        let owner = try PostgresStore(url: url, maskedURL: "owner", requireSchema: false)
        _ = try owner.migrate()
        try Self.history(into: owner)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        try owner.connection.execute("CREATE ROLE import_reader_\(suffix) LOGIN PASSWORD 'r' IN ROLE bench_reader")
        let reader = try PostgresStore(url: PostgresFixture.url(url, database: URL(string: url)!.lastPathComponent,
                                                                user: "import_reader_\(suffix)", password: "r"), maskedURL: "r")
        let before = try owner.counts()
        let error = #expect(throws: StoreError.self) { try reader.importRuns(Self.generated(count: 50, seed: 3), time: .given) { _ in } }
        #expect(error?.kind == .permission)
        #expect(error?.message.contains("permission denied") == true)
        #expect(try owner.counts() == before)
        #expect(try owner.connection.execute("SELECT count(*) AS n FROM benchmark_testbeds").rows { $0.int("n") } == [0])
    }

    /// A bulk import leaves the planner the tables' new sizes (`bench_analyze_imported`):
    /// autovacuum's ANALYZE comes later, and until then a record read a series' whole history
    /// where the commit index finds a few rows.
    @Test func anImportLeavesThePlannerFreshStatistics() throws {
        guard StoreKind.available.contains(.postgres) else { return }
        let store = try PostgresStore(url: try PostgresFixture.freshURL(), maskedURL: "owner", requireSchema: false)
        _ = try store.migrate()
        try store.importRuns(Self.generated(count: 600, seed: 5), time: .given) { _ in }
        let estimated = try store.connection.execute("""
            SELECT relname, reltuples::bigint AS rows FROM pg_class
            WHERE relname IN ('benchmark_transactions', 'benchmark_snapshots', 'benchmark_metrics') ORDER BY relname
            """).rows { "\($0.text("relname"))=\($0.int("rows"))" }
        let counts = try store.counts()
        #expect(estimated == ["benchmark_metrics=\(counts.metrics)", "benchmark_snapshots=\(counts.snapshots)",
                              "benchmark_transactions=\(counts.transactions)"])
    }

    /// The runs handed over as a streamed import hands them, in uneven batches (each series'
    /// versions and current flag carried from one batch to the next); PostgreSQL stages them
    /// 37 at a time, across the batches. The list is the importer's own (`ChunkedArray`).
    static func importInBatches(_ runs: [RunRecord], into store: Store, time: RunTime, progress: (Int) -> Void) throws {
        let list = ChunkedArray(runs)
        let feed = { (write: ([RunRecord]) throws(StoreError) -> Void) throws(StoreError) -> Bool in
            let sizes = [1, 50, 7, 1, 100]
            var start = 0, turn = 0
            while start < list.count {
                let size = sizes[turn % sizes.count]
                try write(Array(list[start..<min(start + size, list.count)]))
                start += size
                turn += 1
            }
            return true
        }
        let kept: Bool
        if let postgres = store as? PostgresStore {
            kept = try postgres.importRuns(time: time, batch: 37, progress: progress, feed)
        } else {
            kept = try store.importRuns(time: time, progress: progress, feed)
        }
        #expect(kept)
    }

    /// An import whose feed gives up (returns false) or fails (throws) leaves nothing, though
    /// batches were written before: the transaction is rolled back.
    @Test(arguments: StoreKind.available) func anAbandonedImportLeavesNothing(kind: StoreKind) throws {
        let store = try kind.make()
        try Self.history(into: store)
        let before = try Self.rows(of: store)
        let runs = Self.generated(count: 120, seed: 8)
        // PostgreSQL stages 37 runs at a time: batches are written before the feed gives up.
        let importRuns = { (feed: (_ write: ([RunRecord]) throws(StoreError) -> Void) throws(StoreError) -> Bool) throws(StoreError) -> Bool in
            if let postgres = store as? PostgresStore { return try postgres.importRuns(time: .given, batch: 37, progress: { _ in }, feed) }
            return try store.importRuns(time: .given, progress: { _ in }, feed)
        }
        var written: [Int] = []
        let kept = try importRuns { (write) throws(StoreError) -> Bool in
            try write(Array(runs[0..<60]))
            written.append(try store.existingTransactions(runs.map(\.id)).count)
            try write(Array(runs[60...]))
            return false
        }
        #expect(!kept)
        #expect(written.first ?? 0 > 0, "the first batch was written inside the transaction")
        #expect(try Self.rows(of: store) == before)
        let failure = StoreError(kind: .database, message: "the feed failed")
        let error = #expect(throws: StoreError.self) {
            _ = try importRuns { (write) throws(StoreError) -> Bool in
                try write(runs)
                throw failure
            }
        }
        #expect(error?.message == "the feed failed")
        #expect(try Self.rows(of: store) == before)
        if let sqlite = store as? SQLiteStore {
            // The insert trigger set aside by the import, and the foreign keys, are back.
            #expect(try sqlite.db.prepare("PRAGMA foreign_keys").rows { $0.int(0) } == [1])
            #expect(try sqlite.db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'benchmark_snapshots_written'")
                .rows { $0.int(0) } == [1])
        }
        // The store takes the next import as if none had been tried.
        try store.importRuns(runs, time: .given) { _ in }
        #expect(try Self.rows(of: store)["benchmark_snapshots"]?.count == 12 * 3 + 120)
    }

    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static let allSeries: [SeriesKey] = ["clf", "ranker", "tagger"].flatMap { model in
        ["main", "feature/x"].flatMap { branch in
            ["local", "ci"].map { SeriesKey(modelVersion: model, datasetVersion: "set-v1", promptVersion: "p1", environment: $0, branchName: branch) }
        }
    }

    /// Three versions of every series, then a checkout that pins version 1 of the first and
    /// a baseline on the second.
    static func history(into store: Store) throws {
        for round in 0..<3 {
            _ = try store.record(allSeries.enumerated().map { index, series in
                run(series, id: "history-\(round)-\(index)", f1: 0.8, at: Double(round * 600 + index))
            }, time: .given)
        }
        let action = ActionContext(commitSha: String(repeating: "a", count: 40), triggeredBy: "alice", at: start.addingTimeInterval(2000))
        _ = try store.checkout(allSeries[0], version: 1, by: action)
        _ = try store.setBaseline(allSeries[1], version: 2, by: action)
    }

    /// `count` runs over every series, in a seeded random order of times (ties included,
    /// some older than the history above).
    static func generated(count: Int, seed: UInt64) -> [RunRecord] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { index in
            let series = allSeries[next(allSeries.count)]
            var run = run(series, id: "run-\(seed)-\(index)", f1: 0.5 + Double(next(500)) / 1000, at: Double(next(40) * 60))
            if next(4) == 0 {
                run.provenance.testbed = "box-\(next(2))"
                if next(2) == 0 {
                    run.fingerprint = Fingerprint(architecture: "x86_64", cpuModel: "cpu \(next(3))", cores: 2 + next(3), memoryBytes: 1 << 33,
                                                  os: "Debian", osID: "debian12", kernel: "6.1", toolchain: next(2) == 0 ? nil : "swift 6")
                }
            }
            if next(3) == 0 {
                run.provenance.notes = "line one\nline\ttwo \\ \"quoted\" é"
                run.provenance.tags = ["a,b", "{brace}", "back\\slash", "quote\"d", "NULL"]
                run.provenance.durationSeconds = 1.25
                run.provenance.datasetSize = 1000
                run.provenance.runId = "run \(index)"
                run.provenance.isDirty = true
            }
            return run
        }
    }

    static func run(_ series: SeriesKey, id: String, f1: Double, at seconds: Double) -> RunRecord {
        var metrics = [NamedMetric(name: "f1", metric: .init(value: f1)),
                       NamedMetric(name: "latency_ms", metric: .init(value: 400.5, unit: "ms", samples: [399, 400.25, 1e-7])),
                       NamedMetric(name: "tokens", metric: .init(value: 12_000_000_000))]
        if series.modelVersion == "clf" { metrics.append(NamedMetric(name: "precision", metric: .init(value: f1 + 0.01, unit: "ratio"))) }
        return RunRecord(id: id, series: series, modelProvider: series.modelVersion == "tagger" ? nil : "openai", metrics: metrics,
                         provenance: Provenance(commitSha: String(format: "%040x", Int(seconds) + 7), commitTime: start.addingTimeInterval(seconds - 30),
                                                commitAuthor: "bob", triggeredBy: "ci", tags: ["nightly"]),
                         createdAt: start.addingTimeInterval(seconds))
    }

    /// Every row of the tables an import writes, each as one line of its columns' text,
    /// in key order. Audit rows of actions carry random ids: those are left out.
    static func rows(of store: Store) throws -> [String: [String]] {
        let queries: [(String, String, [String])] = [
            ("benchmark_transactions", "seq", ["seq", "id", "transaction_type", "commit_sha", "branch_name", "commit_time", "commit_author",
                                               "is_dirty", "model_version", "model_provider", "dataset_version", "dataset_size",
                                               "prompt_version", "environment", "run_id", "triggered_by", "metrics", "duration_seconds",
                                               "tags", "notes", "snapshot_version", "created_at", "testbed"]),
            ("benchmark_metrics", "transaction_seq, position", ["transaction_seq", "position", "metric_name", "value", "unit", "samples"]),
            ("benchmark_snapshots", "id", ["id", "transaction_id", "model_version", "model_provider", "dataset_version", "prompt_version",
                                           "environment", "branch_name", "commit_sha", "commit_time", "snapshot_version", "metrics",
                                           "f1_score", "precision_score", "recall_score", "latency_ms", "analysis_cost", "is_current",
                                           "is_baseline", "is_active", "inactive_reason", "created_at", "last_updated_at"]),
            ("benchmark_testbeds", "name", ["name", "architecture", "cpu_model", "cores", "memory_bytes", "os", "os_id", "kernel", "toolchain"]),
        ]
        // The embedded store's series-ordered tables: the import writes them itself, the
        // record path by trigger (SQLitePoints.swift).
        let derived: [(String, String, [String])] = store is SQLiteStore ? [
            ("benchmark_series", "id", ["id", "model_version", "dataset_version", "prompt_version", "environment", "branch_name"]),
            ("benchmark_versions", "series_id, snapshot_version", ["series_id", "snapshot_version", "snapshot_id", "commit_sha",
                                                                  "created_at", "testbed", "is_active"]),
            ("benchmark_points", "series_id, snapshot_version, position", ["series_id", "snapshot_version", "position", "metric_name",
                                                                           "value", "unit", "samples"]),
        ] : []
        var tables: [String: [String]] = [:]
        for (table, order, columns) in queries + derived {
            let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY \(order)"
            func line(_ row: some StoreRow) -> String {
                let action = columns.contains("transaction_type") && row.text("transaction_type") != "run"
                return columns.map { column in
                    column == "id" && action ? "(action)" : "\(column)=\(row.optionalText(column) ?? "NULL")"
                }.joined(separator: " | ")
            }
            switch store {
            case let sqlite as SQLiteStore: tables[table] = try sqlite.db.prepare(sql).rows { line($0) }
            case let postgres as PostgresStore: tables[table] = try postgres.connection.execute(sql).rows { line($0) }
            default: Issue.record("an unknown store")
            }
        }
        return tables
    }
}

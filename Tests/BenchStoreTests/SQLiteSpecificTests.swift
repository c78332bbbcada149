import BenchCore
@testable import BenchStore
import Foundation
import Testing

/// What only the embedded store has: its file, its migrations table, SQLite's JSON functions.
@Suite struct SQLiteSpecificTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-sqlite-\(UUID().uuidString)").path
    let series = SeriesKey(modelVersion: "clf", datasetVersion: "set-v1", promptVersion: "p1", environment: "local", branchName: "main")

    func run(_ f1: Double) -> RunRecord {
        RunRecord(series: series, modelProvider: "openai", metrics: [NamedMetric(name: "f1", metric: .init(value: f1))],
                  provenance: Provenance(commitSha: String(repeating: "c", count: 40)))
    }

    @Test func theSchemaForbidsASecondCurrent() throws {
        let store = try SQLiteStore(path: directory + "/bench.sqlite3")
        _ = try store.record([run(0.8)])
        _ = try store.record([run(0.9)])
        let error = #expect(throws: StoreError.self) {
            try store.db.execute("UPDATE benchmark_snapshots SET is_current = 1")
        }
        #expect(error?.kind == .constraint)
    }

    @Test func reopeningKeepsDataAndDoesNotMigrateAgain() throws {
        let store = try SQLiteStore(path: directory + "/bench.sqlite3")
        _ = try store.record([run(0.8)])
        let again = try SQLiteStore(path: directory + "/bench.sqlite3", create: false)
        #expect(try again.history(of: series).count == 1)
        let migrations = try again.db.prepare("SELECT COUNT(*) FROM schema_migrations").rows { $0.int(0) }
        #expect(migrations == [Int64(SQLiteMigrations.all.count)])
    }

    @Test func aNewerSchemaIsRefusedWithBothVersions() throws {
        let path = directory + "/bench.sqlite3"
        let store = try SQLiteStore(path: path)
        try store.db.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', '2030-01-01T00:00:00.000Z')")
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: path, create: false) }
        #expect(error?.kind == .schemaTooNew)
        #expect(error?.message == "the store at \(path) has schema version 99; this bench knows up to \(SQLiteMigrations.all.count)")
    }

    @Test func seedsStyleQueriesWork() throws {
        let store = try SQLiteStore(path: directory + "/bench.sqlite3")
        _ = try store.record([run(0.895)])
        let f1 = try store.db.prepare("SELECT f1_score FROM v_latest_benchmarks WHERE model_version = 'clf'").rows { $0.double(0) }
        #expect(f1 == [0.895])
        let fromJSON = try store.db.prepare("SELECT json_extract(metrics, '$.f1') FROM benchmark_transactions").rows { $0.double(0) }
        #expect(fromJSON == [0.895])
    }

    /// bench writes one snapshot per run, but the schema lets two name the same run (a
    /// seeds-style INSERT may): each is read with the run's metrics, in the run's order.
    @Test func snapshotsOfOneRunEachGetItsMetrics() throws {
        let store = try SQLiteStore(path: directory + "/bench.sqlite3")
        var wide = run(0.8)
        wide.metrics.append(NamedMetric(name: "latency_ms", metric: .init(value: 400, unit: "ms")))
        _ = try store.record([wide])
        try store.db.execute("""
            INSERT INTO benchmark_snapshots (transaction_id, model_version, model_provider, dataset_version, prompt_version, environment,
                   branch_name, commit_sha, snapshot_version, metrics, is_current, created_at, last_updated_at)
            SELECT transaction_id, model_version, model_provider, dataset_version, prompt_version, environment, 'copy',
                   commit_sha, 1, metrics, 0, created_at, last_updated_at FROM benchmark_snapshots
            """)
        let found = try store.snapshots(atCommits: [String(repeating: "c", count: 40)])
        #expect(found.count == 2)
        #expect(Set(found.map(\.transactionId)).count == 1)
        for snapshot in found {
            #expect(snapshot.metrics.map(\.name) == ["f1", "latency_ms"], "\(snapshot.series)")
            #expect(snapshot.metrics.map(\.metric.value) == [0.8, 400])
        }
    }

    @Test func textWithNULIsStoredWhole() throws {
        let store = try SQLiteStore(path: directory + "/bench.sqlite3")
        var odd = run(0.9)
        odd.provenance.notes = "a\u{0}b"
        let recorded = try store.record([odd])
        #expect(try store.entry(id: recorded[0].transactionId)?.provenance.notes == "a\u{0}b")
    }

    @Test func theEmptyStoreIsInMemory() throws {
        let empty = try SQLiteStore.empty()
        #expect(try empty.counts() == StoreCounts(transactions: 0, snapshots: 0, metrics: 0))
        #expect(!FileManager.default.fileExists(atPath: ":memory:"))
    }
}

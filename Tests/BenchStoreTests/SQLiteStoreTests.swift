import BenchCore
@testable import BenchStore
import Foundation
import Testing

/// The store's versioning rules, on a fresh SQLite file per test.
@Suite struct SQLiteStoreTests {
    let directory: String
    let store: SQLiteStore
    let series = SeriesKey(modelVersion: "clf", datasetVersion: "set-v1", promptVersion: "p1", environment: "local", branchName: "main")
    let action = ActionContext(commitSha: String(repeating: "a", count: 40), triggeredBy: "alice")

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-store-\(UUID().uuidString)").path
        store = try SQLiteStore(path: directory + "/bench.sqlite3")
    }

    func run(_ f1: Double, series: SeriesKey? = nil, sha: Character = "c", id: String = UUID().uuidString) -> RunRecord {
        RunRecord(id: id, series: series ?? self.series, modelProvider: "openai",
                  metrics: [NamedMetric(name: "f1", metric: .init(value: f1)),
                            NamedMetric(name: "latency_ms", metric: .init(value: 400, unit: "ms", samples: [399, 400, 402]))],
                  provenance: Provenance(commitSha: String(repeating: sha, count: 40), triggeredBy: "ci", tags: ["nightly"]))
    }

    @Test func versionsCountUpWithOneCurrent() throws {
        for f1 in [0.80, 0.82, 0.85] { _ = try store.record([run(f1)]) }
        let history = try store.history(of: series)
        #expect(history.map(\.version) == [3, 2, 1])
        #expect(history.filter(\.isCurrent).map(\.version) == [3])
        #expect(history[0].metrics["latency_ms"] == MetricValue(value: 400, unit: "ms", samples: [399, 400, 402]))
        #expect(try store.currentSnapshots(SeriesFilter()).map(\.version) == [3])
    }

    @Test func seriesAreIndependent() throws {
        var other = series
        other.branchName = "feature"
        _ = try store.record([run(0.8), run(0.7, series: other), run(0.9)])
        #expect(try store.history(of: series).map(\.version) == [2, 1])
        #expect(try store.history(of: other).map(\.version) == [1])
        #expect(try store.currentSnapshots(SeriesFilter(branchName: "feature")).map(\.series) == [other])
    }

    @Test func checkoutRollsBackAndLatestUndoes() throws {
        for f1 in [0.80, 0.82, 0.85] { _ = try store.record([run(f1)]) }
        let rolledBack = try store.checkout(series, version: 1, by: action)
        #expect(rolledBack.version == 1 && rolledBack.isCurrent)
        #expect(try store.currentSnapshots(SeriesFilter(series)).map(\.version) == [1])
        #expect(try store.history(of: series).filter(\.isCurrent).count == 1)
        let undone = try store.checkout(series, version: nil, by: action)
        #expect(undone.version == 3)
        let actions = try store.entries(since: nil, kinds: [.checkout], series: SeriesFilter(series))
        #expect(actions.map(\.snapshotVersion) == [1, 3])
        #expect(actions.allSatisfy { $0.provenance.triggeredBy == "alice" })
    }

    @Test func checkoutOfAMissingVersionChangesNothing() throws {
        _ = try store.record([run(0.8)])
        let before = try store.counts()
        let error = #expect(throws: StoreError.self) { try store.checkout(series, version: 7, by: action) }
        #expect(error?.kind == .notFound)
        #expect(try store.counts() == before)
    }

    @Test func aNewRunAfterARollbackBecomesCurrent() throws {
        _ = try store.record([run(0.8)])
        _ = try store.record([run(0.9)])
        _ = try store.checkout(series, version: 1, by: action)
        let snapshots = try store.record([run(0.95)])
        #expect(snapshots.map(\.version) == [3])
        #expect(try store.history(of: series).filter(\.isCurrent).map(\.version) == [3])
    }

    @Test func oneBaselinePerSeriesWithAudit() throws {
        for f1 in [0.80, 0.82] { _ = try store.record([run(f1)]) }
        _ = try store.setBaseline(series, version: 1, by: action)
        _ = try store.setBaseline(series, version: 2, by: action)
        #expect(try store.baselines(SeriesFilter()).map(\.version) == [2])
        let cleared = try store.clearBaseline(series, by: action)
        #expect(cleared?.version == 2)
        #expect(try store.baselines(SeriesFilter()).isEmpty)
        #expect(try store.clearBaseline(series, by: action) == nil)
        let kinds = try store.entries(since: nil, kinds: nil, series: SeriesFilter(series)).map(\.kind)
        #expect(kinds == [.run, .run, .baselineSet, .baselineSet, .baselineClear])
    }

    @Test func aBatchIsAllOrNothing() throws {
        _ = try store.record([run(0.8, id: "dup")])
        let before = try store.counts()
        #expect(throws: StoreError.self) { try store.record([run(0.9), run(0.7, id: "dup")]) }
        #expect(try store.counts() == before)
        #expect(try store.history(of: series).map(\.version) == [1])
    }

    @Test func theSchemaForbidsASecondCurrent() throws {
        _ = try store.record([run(0.8)])
        _ = try store.record([run(0.9)])
        let error = #expect(throws: StoreError.self) {
            try store.db.execute("UPDATE benchmark_snapshots SET is_current = 1")
        }
        #expect(error?.kind == .constraint)
    }

    @Test func reopeningKeepsDataAndDoesNotMigrateAgain() throws {
        _ = try store.record([run(0.8)])
        let again = try SQLiteStore(path: directory + "/bench.sqlite3", create: false)
        #expect(try again.history(of: series).count == 1)
        let migrations = try again.db.prepare("SELECT COUNT(*) FROM schema_migrations").rows { $0.int(0) }
        #expect(migrations == [Int64(SQLiteMigrations.all.count)])
    }

    @Test func seedsStyleQueriesWork() throws {
        _ = try store.record([run(0.895)])
        let f1 = try store.db.prepare("SELECT f1_score FROM v_latest_benchmarks WHERE model_version = 'clf'").rows { $0.double(0) }
        #expect(f1 == [0.895])
        let fromJSON = try store.db.prepare("SELECT json_extract(metrics, '$.f1') FROM benchmark_transactions").rows { $0.double(0) }
        #expect(fromJSON == [0.895])
    }

    @Test func auditEntriesCarryProvenanceAndMetrics() throws {
        let recorded = try store.record([run(0.8)])
        let entry = try #require(try store.entry(id: recorded[0].transactionId))
        #expect(entry.kind == .run)
        #expect(entry.provenance.tags == ["nightly"])
        #expect(entry.provenance.triggeredBy == "ci")
        #expect(entry.metrics.names == ["f1", "latency_ms"])
        #expect(entry.snapshotVersion == 1)
    }
}

extension SQLiteStoreTests {
    @Test func anOlderRunDoesNotReplaceANewerCurrent() throws {
        var today = run(0.9)
        today.createdAt = Date()
        var lastYear = run(0.5)
        lastYear.createdAt = Date().addingTimeInterval(-365 * 86_400)
        _ = try store.record([today])
        let imported = try store.record([lastYear])
        #expect(imported.map(\.version) == [2])
        #expect(imported.map(\.isCurrent) == [false])
        #expect(try store.currentSnapshots(SeriesFilter(series)).map(\.version) == [1])
    }

    @Test func textIsStoredWholeEvenWithNUL() throws {
        var odd = run(0.9)
        odd.provenance.notes = "a\u{0}b — ünïcode"
        let recorded = try store.record([odd])
        #expect(try store.entry(id: recorded[0].transactionId)?.provenance.notes == "a\u{0}b — ünïcode")
    }

    @Test func emptyStoreReadsAsEmpty() throws {
        let empty = try SQLiteStore.empty()
        #expect(try empty.currentSnapshots(SeriesFilter()).isEmpty)
        #expect(try empty.counts() == StoreCounts(transactions: 0, snapshots: 0, metrics: 0))
    }
}

import BenchCore
@testable import BenchStore
import Foundation
import Testing

/// The store's versioning rules: one conformance suite, run against SQLite and PostgreSQL.
@Suite struct StoreConformanceTests {
    let series = SeriesKey(modelVersion: "clf", datasetVersion: "set-v1", promptVersion: "p1", environment: "local", branchName: "main")
    let action = ActionContext(commitSha: String(repeating: "a", count: 40), triggeredBy: "alice")

    func run(_ f1: Double, series: SeriesKey? = nil, sha: Character = "c", id: String = UUID().uuidString) -> RunRecord {
        RunRecord(id: id, series: series ?? self.series, modelProvider: "openai",
                  metrics: [NamedMetric(name: "f1", metric: .init(value: f1)),
                            NamedMetric(name: "latency_ms", metric: .init(value: 400, unit: "ms", samples: [399, 400, 402]))],
                  provenance: Provenance(commitSha: String(repeating: sha, count: 40), triggeredBy: "ci", tags: ["nightly"]))
    }

    @Test(arguments: StoreKind.available) func versionsCountUpWithOneCurrent(kind: StoreKind) throws {
        let store = try kind.make()
        for f1 in [0.80, 0.82, 0.85] { _ = try store.record([run(f1)]) }
        let history = try store.history(of: series)
        #expect(history.map(\.version) == [3, 2, 1])
        #expect(history.filter(\.isCurrent).map(\.version) == [3])
        #expect(history[0].metrics["latency_ms"] == MetricValue(value: 400, unit: "ms", samples: [399, 400, 402]))
        #expect(try store.currentSnapshots(SeriesFilter()).map(\.version) == [3])
    }

    @Test(arguments: StoreKind.available) func commitStatesSayWhatIsActiveOnABranch(kind: StoreKind) throws {
        let store = try kind.make()
        var other = series
        other.modelVersion = "ranker"
        var feature = series
        feature.branchName = "feature"
        _ = try store.record([run(0.8, sha: "c"), run(0.7, series: other, sha: "c"), run(0.9, sha: "d"), run(0.6, series: feature, sha: "e")])
        let history = try store.history(of: series, limit: nil, metrics: false)
        #expect(history.map(\.version) == [2, 1])
        let withoutMetrics = history.allSatisfy { $0.metrics.isEmpty }
        #expect(withoutMetrics, "no metrics were read")
        // v2 (commit d) leaves the branch; commit c stays active in both of its series.
        _ = try store.realign(series, inactive: [history[0].id: "rewritten"], current: history[1].id, by: action)
        let states = try store.commitStates(onBranch: "main").sorted { $0.sha < $1.sha }
        #expect(states == [CommitState(sha: String(repeating: "c", count: 40), hasActive: true, hasInactive: false),
                           CommitState(sha: String(repeating: "d", count: 40), hasActive: false, hasInactive: true)])
        #expect(try store.commitStates(onBranch: "feature").map(\.sha) == [String(repeating: "e", count: 40)])
        #expect(try store.commitStates(onBranch: "gone").isEmpty)
    }

    @Test(arguments: StoreKind.available) func seriesAreIndependent(kind: StoreKind) throws {
        let store = try kind.make()
        var other = series
        other.branchName = "feature"
        _ = try store.record([run(0.8), run(0.7, series: other), run(0.9)])
        #expect(try store.history(of: series).map(\.version) == [2, 1])
        #expect(try store.history(of: other).map(\.version) == [1])
        #expect(try store.currentSnapshots(SeriesFilter(branchName: "feature")).map(\.series) == [other])
    }

    @Test(arguments: StoreKind.available) func checkoutRollsBackAndLatestUndoes(kind: StoreKind) throws {
        let store = try kind.make()
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

    @Test(arguments: StoreKind.available) func checkoutOfAMissingVersionChangesNothing(kind: StoreKind) throws {
        let store = try kind.make()
        _ = try store.record([run(0.8)])
        let before = try store.counts()
        let error = #expect(throws: StoreError.self) { try store.checkout(series, version: 7, by: action) }
        #expect(error?.kind == .notFound)
        #expect(try store.counts() == before)
    }

    @Test(arguments: StoreKind.available) func aNewRunAfterARollbackBecomesCurrent(kind: StoreKind) throws {
        let store = try kind.make()
        _ = try store.record([run(0.8)])
        _ = try store.record([run(0.9)])
        _ = try store.checkout(series, version: 1, by: action)
        let snapshots = try store.record([run(0.95)])
        #expect(snapshots.map(\.version) == [3])
        #expect(try store.history(of: series).filter(\.isCurrent).map(\.version) == [3])
    }

    @Test(arguments: StoreKind.available) func oneBaselinePerSeriesWithAudit(kind: StoreKind) throws {
        let store = try kind.make()
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

    @Test(arguments: StoreKind.available) func aBatchIsAllOrNothing(kind: StoreKind) throws {
        let store = try kind.make()
        _ = try store.record([run(0.8, id: "dup")])
        let before = try store.counts()
        #expect(throws: StoreError.self) { try store.record([run(0.9), run(0.7, id: "dup")]) }
        #expect(try store.counts() == before)
        #expect(try store.history(of: series).map(\.version) == [1])
    }

    @Test(arguments: StoreKind.available) func auditEntriesCarryProvenanceAndMetrics(kind: StoreKind) throws {
        let store = try kind.make()
        let recorded = try store.record([run(0.8)])
        let entry = try #require(try store.entry(id: recorded[0].transactionId))
        #expect(entry.kind == .run)
        #expect(entry.provenance.tags == ["nightly"])
        #expect(entry.provenance.triggeredBy == "ci")
        #expect(entry.metrics.names == ["f1", "latency_ms"])
        #expect(entry.snapshotVersion == 1)
    }
}

extension StoreConformanceTests {
    @Test(arguments: StoreKind.available) func anOlderRunDoesNotReplaceANewerCurrent(kind: StoreKind) throws {
        let store = try kind.make()
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

    @Test(arguments: StoreKind.available) func textIsStoredAsGiven(kind: StoreKind) throws {
        let store = try kind.make()
        var odd = run(0.9)
        let text = "tab\tnew\nline — ünïcode 'single' \"double\" \\ back{slash},"
        odd.provenance.notes = text
        odd.provenance.tags = ["a b", "c,d", "e\"f", "{g}"]
        let recorded = try store.record([odd])
        let entry = try store.entry(id: recorded[0].transactionId)
        #expect(entry?.provenance.notes == text)
        #expect(entry?.provenance.tags == ["a b", "c,d", "e\"f", "{g}"])
    }

    @Test(arguments: StoreKind.available) func emptyStoreReadsAsEmpty(kind: StoreKind) throws {
        let store = try kind.make()
        #expect(try store.currentSnapshots(SeriesFilter()).isEmpty)
        #expect(try store.series(SeriesFilter()).isEmpty)
        #expect(try store.counts() == StoreCounts(transactions: 0, snapshots: 0, metrics: 0))
    }
}

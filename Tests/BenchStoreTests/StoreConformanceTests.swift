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

    /// Every filter lists the series of the rows it matches, once each, in order: whichever
    /// fields it sets, leading the series index (model, then dataset…) or after a gap (a
    /// branch alone), and past the last match (SQLite answers by a skip scan of that index).
    @Test(arguments: StoreKind.available) func seriesFiltersListEachMatchingSeriesOnce(kind: StoreKind) throws {
        let store = try kind.make()
        var keys: [SeriesKey] = []
        for model in ["a", "b", "c"] {
            for dataset in ["", "d1"] {
                for environment in ["ci", "local"] {
                    for branch in ["feature", "main"] where model != "b" || branch == "main" {
                        keys.append(SeriesKey(modelVersion: model, datasetVersion: dataset, promptVersion: "",
                                              environment: environment, branchName: branch))
                    }
                }
            }
        }
        // Two versions each, recorded in turns, so that the series' rows interleave.
        for _ in 0..<2 { _ = try store.record(keys.map { run(0.8, series: $0) }) }
        let filters = [SeriesFilter(), SeriesFilter(modelVersion: "b"), SeriesFilter(modelVersion: "c"), SeriesFilter(modelVersion: "z"),
                       SeriesFilter(modelVersion: "a", datasetVersion: "d1"), SeriesFilter(branchName: "feature"),
                       SeriesFilter(environment: "local", branchName: "main"), SeriesFilter(modelVersion: "a", environment: "ci"),
                       SeriesFilter(keys[5]), SeriesFilter(SeriesKey(modelVersion: "a", datasetVersion: "", promptVersion: "",
                                                                     environment: "ci", branchName: "gone"))]
        let order = { (key: SeriesKey) in [key.modelVersion, key.datasetVersion, key.promptVersion, key.environment, key.branchName] }
        for filter in filters {
            let expected = keys.filter(filter.matches).sorted { order($0).lexicographicallyPrecedes(order($1)) }
            #expect(try store.series(filter) == expected, "\(filter)")
        }
    }

    @Test(arguments: StoreKind.available) func historyPagesFollowTheCursor(kind: StoreKind) throws {
        let store = try kind.make()
        var other = series
        other.branchName = "feature"
        for value in 1...7 { _ = try store.record([run(Double(value) / 10), run(0.5, series: other)]) }
        #expect(try store.history(of: series, limit: 3).map(\.version) == [7, 6, 5], "the newest page")
        #expect(try store.history(of: series, limit: 3, before: 5).map(\.version) == [4, 3, 2], "older than the cursor")
        #expect(try store.history(of: series, limit: 3, before: 2).map(\.version) == [1], "the last page is short")
        #expect(try store.history(of: series, limit: 3, before: 1).isEmpty)
        #expect(try store.history(of: series, limit: nil, before: 4).map { $0.metrics["f1"]?.value } == [0.3, 0.2, 0.1],
                "a page carries its metrics")
        #expect(try store.history(of: other, limit: 2, before: 3).map(\.series) == [other, other], "one series only")
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

/// The rules of recording a run exist twice: `bench_record_run` in the shared store's SQL
/// (the seeds' `upsert_benchmark_result` calls it) and `SQLiteStore.insertRun` in Swift.
/// One sequence of runs and actions goes into every available store; all must end with the
/// same snapshots, down to the metric rows and the denormalized score columns.
extension StoreConformanceTests {
    @Test func bothStoresFollowTheSameRecordRules() throws {
        let outcomes = try StoreKind.available.map { kind in (kind, try recordRulesScenario(into: try kind.make())) }
        let (reference, expected) = try #require(outcomes.first)
        for (kind, outcome) in outcomes.dropFirst() {
            #expect(outcome.snapshots == expected.snapshots, "\(kind) keeps other snapshots than \(reference)")
            #expect(outcome.scores == expected.scores, "\(kind) fills other score columns than \(reference)")
            #expect(outcome.entries == expected.entries, "\(kind) writes other audit rows than \(reference)")
        }
        // The rules themselves, per series, oldest version first: c current, b baseline, x inactive.
        #expect(expected.flags == [
            "clf [set-v1, p1] local@feature": ["1x", "2", "3", "4c"],
            "clf [set-v1, p1] local@main": ["1", "2b", "3", "4", "5", "6c"],
            "ranker [set-v1, p1] local@main": ["1", "2", "3cb"],
        ])
    }

    /// What a store holds after the scenario, as comparable lines.
    struct RecordOutcome {
        var snapshots: [String]
        var scores: [String]
        var entries: [String]
        var flags: [String: [String]]
    }

    /// Several series, reruns of one commit, a batch with two runs of one series at one
    /// instant, a checkout pinning an older version followed by newer and older runs, a run
    /// tied with the current one, an inactive version, and baselines.
    func recordRulesScenario(into store: Store) throws -> RecordOutcome {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var feature = series
        feature.branchName = "feature"
        var ranker = series
        ranker.modelVersion = "ranker"
        func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }
        func run(_ series: SeriesKey, _ f1: Double, sha: Character, at seconds: Double) -> RunRecord {
            var metrics = [NamedMetric(name: "f1", metric: .init(value: f1)),
                           NamedMetric(name: "latency_ms", metric: .init(value: 400 + f1, unit: "ms", samples: [399, 400.5, 402])),
                           NamedMetric(name: "tokens", metric: .init(value: 1200))]
            metrics += series.modelVersion == "clf"
                ? [NamedMetric(name: "precision", metric: .init(value: f1 + 0.01)),
                   NamedMetric(name: "analysis_cost", metric: .init(value: 0.0042, unit: "usd"))]
                : [NamedMetric(name: "recall", metric: .init(value: f1 - 0.01))]
            return RunRecord(series: series, modelProvider: "openai", metrics: metrics,
                             provenance: Provenance(commitSha: String(repeating: sha, count: 40), commitTime: at(seconds - 30),
                                                    triggeredBy: "ci", tags: ["nightly"]),
                             createdAt: at(seconds))
        }
        func action(at seconds: Double) -> ActionContext {
            ActionContext(commitSha: String(repeating: "a", count: 40), triggeredBy: "alice", at: at(seconds))
        }

        _ = try store.record([run(series, 0.80, sha: "1", at: 0), run(ranker, 0.70, sha: "1", at: 0)])
        _ = try store.record([run(series, 0.81, sha: "1", at: 60)])
        _ = try store.record([run(series, 0.85, sha: "2", at: 120), run(feature, 0.90, sha: "2", at: 120), run(ranker, 0.72, sha: "2", at: 120)])
        // Pin an older version; a newer run takes over again, an import older than the pin does not.
        _ = try store.checkout(series, version: 1, by: action(at: 150))
        _ = try store.record([run(series, 0.86, sha: "3", at: 180)])
        _ = try store.record([run(series, 0.50, sha: "0", at: -1000)])
        // A run older than the newest but newer than the pinned version becomes current.
        _ = try store.checkout(ranker, version: 1, by: action(at: 200))
        _ = try store.record([run(ranker, 0.71, sha: "4", at: 100)])
        // A run at the very instant of the current one replaces it; so does the second of a batch.
        _ = try store.record([run(feature, 0.91, sha: "3", at: 120)])
        _ = try store.record([run(feature, 0.92, sha: "4", at: 240), run(feature, 0.93, sha: "4", at: 240)])
        // A version whose commit left the branch still counts for the next version number.
        let first = try #require(try store.history(of: feature).last)
        _ = try store.realign(feature, inactive: [first.id: "left the branch"], current: nil, by: action(at: 250))
        _ = try store.setBaseline(series, version: 2, by: action(at: 300))
        _ = try store.setBaseline(ranker, version: 1, by: action(at: 300))
        _ = try store.setBaseline(ranker, version: 3, by: action(at: 310))
        _ = try store.record([run(series, 0.88, sha: "5", at: 360)])

        var outcome = RecordOutcome(snapshots: [], scores: [], entries: [], flags: [:])
        for key in try store.series(SeriesFilter()) {
            let history = try store.history(of: key).reversed()
            outcome.flags[key.description] = history.map { snapshot in
                "\(snapshot.version)" + (snapshot.isCurrent ? "c" : "") + (snapshot.isBaseline ? "b" : "") + (snapshot.isActive ? "" : "x")
            }
            outcome.snapshots += history.map { snapshot in
                let metrics = snapshot.metrics.map { "\($0.name)=\($0.metric.value) \($0.metric.unit ?? "-") \($0.metric.samples ?? [])" }
                return "\(snapshot.series) v\(snapshot.version) \(snapshot.commitSha.prefix(1)) \(snapshot.modelProvider ?? "-")"
                    + " current=\(snapshot.isCurrent) baseline=\(snapshot.isBaseline) active=\(snapshot.isActive)"
                    + " \(snapshot.inactiveReason ?? "-") created=\(Timestamp.format(snapshot.createdAt))"
                    + " updated=\(Timestamp.format(snapshot.lastUpdatedAt)) commit=\(snapshot.commitTime.map(Timestamp.format) ?? "-")"
                    + " [\(metrics.joined(separator: "; "))]"
            }
        }
        outcome.entries = try store.entries(since: nil, kinds: nil, series: SeriesFilter()).map { entry in
            "\(entry.kind.rawValue) \(entry.series) v\(entry.snapshotVersion.map(String.init) ?? "-") \(entry.provenance.commitSha.prefix(1))"
                + " \(entry.provenance.triggeredBy ?? "-") \(entry.provenance.tags) \(entry.metrics.names)"
                + " \(Timestamp.format(entry.createdAt))"
        }
        outcome.scores = try scoreColumns(of: store)
        return outcome
    }

    /// The columns `record` fills from the named metrics, which the Store API does not read
    /// back (the seeds' queries do).
    func scoreColumns(of store: Store) throws -> [String] {
        let sql = """
            SELECT model_version, branch_name, snapshot_version, f1_score, precision_score, recall_score, latency_ms, analysis_cost
            FROM benchmark_snapshots ORDER BY model_version, branch_name, snapshot_version
            """
        switch store {
        case let sqlite as SQLiteStore: return try sqlite.db.prepare(sql).rows { Self.scores($0) }
        case let postgres as PostgresStore: return try postgres.connection.execute(sql).rows { Self.scores($0) }
        default: Issue.record("an unknown store"); return []
        }
    }

    static func scores(_ row: some StoreRow) -> String {
        let columns = ["f1_score", "precision_score", "recall_score", "latency_ms", "analysis_cost"]
        return "\(row.text("model_version"))@\(row.text("branch_name")) v\(row.int("snapshot_version")): "
            + columns.map { "\($0)=\(row.optionalDouble($0).map { "\($0)" } ?? "NULL")" }.joined(separator: " ")
    }
}

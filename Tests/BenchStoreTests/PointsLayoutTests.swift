import BenchCore
@testable import BenchStore
import Foundation
import Testing

/// The embedded store's series-ordered tables (`benchmark_versions`, `benchmark_points`,
/// migration 7) are kept by triggers, not by the store's code: after every kind of write
/// (record, import, checkout, baseline, align, prune) they hold exactly what the migration's
/// backfill computes from the snapshots, and a store that migrates from 6 gets the same.
@Suite struct PointsLayoutTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-points-\(UUID().uuidString)").path
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    let action = ActionContext(commitSha: String(repeating: "a", count: 40), triggeredBy: "test")

    func key(_ model: String, branch: String = "main") -> SeriesKey {
        SeriesKey(modelVersion: model, datasetVersion: "d1", promptVersion: "", environment: "local", branchName: branch)
    }

    func run(_ series: SeriesKey, _ index: Int, testbed: String? = "box-a") -> RunRecord {
        var metrics = [NamedMetric(name: "f1", metric: .init(value: 0.8 + Double(index % 7) / 100)),
                       NamedMetric(name: "latency_ms", metric: .init(value: 400 + Double(index), unit: "ms",
                                                                     samples: index % 2 == 0 ? [399, 400.5, 403] : nil))]
        if index % 3 == 0 { metrics.insert(NamedMetric(name: "recall \"quoted\"", metric: .init(value: 0.5)), at: 0) }
        var run = RunRecord(series: series, modelProvider: nil, metrics: metrics,
                            provenance: Provenance(commitSha: String(format: "%040x", index + 1), testbed: testbed))
        run.createdAt = start.addingTimeInterval(Double(index) * 60)
        return run
    }

    /// Rows of `sql`, each as text, so that two reads compare column by column.
    func rows(_ store: SQLiteStore, _ sql: String) throws -> [[String]] {
        let statement = try store.db.prepare(sql)
        let count = statement.columnCount
        return try statement.rows { row in (0..<count).map { row.isNull($0) ? "NULL" : row.text($0) } }
    }

    /// The derived tables equal their definition, and are not empty.
    func expectDerived(_ store: SQLiteStore, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let versions = try rows(store, "SELECT * FROM benchmark_versions ORDER BY series_id, snapshot_version")
        let points = try rows(store, "SELECT series_id, snapshot_version, position, metric_name, value, unit, samples FROM benchmark_points ORDER BY series_id, snapshot_version, position")
        #expect(versions == (try rows(store, SQLiteMigrations.versionsFromSnapshots)), "versions after \(step)", sourceLocation: sourceLocation)
        #expect(points == (try rows(store, SQLiteMigrations.pointsFromSnapshots)), "points after \(step)", sourceLocation: sourceLocation)
        #expect(!versions.isEmpty && !points.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func everyWriteKeepsTheSeriesOrderedTables() throws {
        let store = try SQLiteStore(path: directory + "/bench.sqlite3")
        let clf = key("clf"), ranker = key("ranker"), feature = key("clf", branch: "feature")
        _ = try store.record((0..<30).map { run(clf, $0) } + (0..<10).map { run(ranker, $0, testbed: nil) }, time: .given)
        try expectDerived(store, "record")
        try store.importRuns((30..<60).map { run(clf, $0, testbed: "box-b") } + (0..<5).map { run(feature, $0) }, time: .given) { _ in }
        try expectDerived(store, "import")
        // The import set the insert trigger aside and put it back: a record after it is kept.
        _ = try store.record([run(ranker, 10, testbed: "box-c")], time: .given)
        try expectDerived(store, "record after import")
        #expect(try store.points(of: ranker, metric: "f1").last?.testbed == "box-c")
        _ = try store.checkout(clf, version: 12, by: action)
        _ = try store.setBaseline(clf, version: 5, by: action)
        try expectDerived(store, "checkout and baseline")
        let history = try store.history(of: clf, limit: nil, metrics: false)
        let leaving = Dictionary(uniqueKeysWithValues: history.filter { (40...44).contains($0.version) }.map { ($0.id, "rewritten") })
        _ = try store.realign(clf, inactive: leaving, current: history.first?.id, by: action)
        try expectDerived(store, "align")
        #expect(try store.points(of: clf, metric: "f1").map(\.version) == Array(1...39) + Array(45...60))
        // Back on the branch: the versions are active again.
        _ = try store.realign(clf, inactive: [:], current: history.first?.id, by: action)
        try expectDerived(store, "align back")
        #expect(try store.points(of: clf, metric: "f1").count == 60)
        let removed = try store.prune(PrunePolicy(keepSince: nil, keepNewest: 20))
        #expect(removed > 0)
        try expectDerived(store, "prune")
        // Kept: the newest 20, the baseline (5) and the version a checkout named (12).
        #expect(try store.points(of: clf, metric: "latency_ms").map(\.version) == [5, 12] + Array(41...60))
        #expect(try store.points(of: clf, metric: "recall \"quoted\"").map(\.version) == [43, 46, 49, 52, 55, 58])
    }

    /// Back to schema 6: the tables and their triggers gone, as a store written then has.
    static func backToSchema6(_ store: SQLiteStore) throws {
        try store.db.execute("""
            DROP TRIGGER benchmark_snapshots_written; DROP TRIGGER benchmark_snapshots_activity;
            DROP TRIGGER benchmark_snapshots_deleted; DROP TABLE benchmark_points; DROP TABLE benchmark_versions;
            DROP TABLE benchmark_series; DELETE FROM schema_migrations WHERE version >= 7
            """)
    }

    /// A store written before migration 7 gets the tables filled from what it holds, and its
    /// reads answer as before.
    @Test func migratingAnOlderStoreFillsTheTables() throws {
        let path = directory + "/bench.sqlite3"
        let clf = key("clf")
        do {
            let store = try SQLiteStore(path: path)
            _ = try store.record((0..<25).map { run(clf, $0) }, time: .given)
            try Self.backToSchema6(store)
        }
        var announced: [String] = []
        let store = try SQLiteStore(path: path, create: false) { announced.append($0) }
        #expect(store.migratedNow == [7])
        #expect(announced == ["bench: updating the store at \(path) from schema version 6 to 7, once; a large store takes a while"])
        try expectDerived(store, "migration")
        #expect(try store.points(of: clf, metric: "f1").count == 25)
        #expect(try store.history(of: clf).first?.metrics.map(\.name) == ["recall \"quoted\"", "f1", "latency_ms"])
    }
}

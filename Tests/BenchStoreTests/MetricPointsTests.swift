import BenchCore
@testable import BenchStore
import Foundation
import Testing

/// `points(of:metric:)`, the one-metric read the dashboard's trends draw from, gives exactly
/// what the whole-snapshot history gave the trends before it: the same versions (active
/// ones that have the metric, oldest first) with the same commit, time, testbed and value.
@Suite struct MetricPointsTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    /// Three series of 240 versions: f1 at every one, latency with a unit and samples, recall
    /// at every third, a testbed change half way, and a stretch of versions made inactive.
    /// The first series names "drift" in one of its inactive versions only; the second names
    /// "warmup" first in its runs from version 100 on.
    func generated(_ store: Store) throws -> [SeriesKey] {
        var generator = SeededGenerator(seed: 20)
        let keys = ["clf", "ranker", "tagger"].map { SeriesKey(modelVersion: $0, datasetVersion: "d1", promptVersion: "", environment: "local", branchName: "main") }
        var runs: [RunRecord] = []
        for version in 0..<240 {
            for (index, key) in keys.enumerated() {
                var metrics = [NamedMetric(name: "f1", metric: .init(value: 0.8 + Double.random(in: -0.05...0.05, using: &generator))),
                               NamedMetric(name: "latency_ms", metric: .init(value: 400 + Double(index), unit: "ms",
                                                                             samples: version % 2 == 0 ? [399, 400, 403] : nil))]
                if version % 3 == 0 { metrics.append(NamedMetric(name: "recall", metric: .init(value: Double(version) / 1000))) }
                if index == 0 && version == 55 { metrics.append(NamedMetric(name: "drift", metric: .init(value: 1))) }
                if index == 1 && version >= 100 { metrics.insert(NamedMetric(name: "warmup", metric: .init(value: Double(version))), at: 0) }
                let sha = String(format: "%040x", version * 7 + index)
                var run = RunRecord(series: key, modelProvider: nil, metrics: metrics,
                                    provenance: Provenance(commitSha: sha, testbed: version < 120 ? "box-a" : (version < 200 ? "box-b" : nil)))
                run.createdAt = start.addingTimeInterval(Double(version) * 3_600 + Double(index))
                runs.append(run)
            }
        }
        _ = try store.record(runs)
        // Versions 50–59 of the first series leave the branch.
        let history = try store.history(of: keys[0], limit: nil, metrics: false)
        let leaving = Dictionary(uniqueKeysWithValues: history.filter { (50...59).contains($0.version) }.map { ($0.id, "rewritten") })
        _ = try store.realign(keys[0], inactive: leaving, current: history.first?.id,
                              by: ActionContext(commitSha: String(repeating: "a", count: 40), triggeredBy: "test"))
        return keys
    }

    @Test(arguments: StoreKind.available) func oneMetricReadsAsTheWholeHistoryDid(kind: StoreKind) throws {
        let store = try kind.make()
        let keys = try generated(store)
        for key in keys {
            let history = try store.history(of: key).reversed()
            for metric in ["f1", "latency_ms", "recall"] {
                let before = history.filter(\.isActive).compactMap { MetricPoint($0, metric: metric) }
                let points = try store.points(of: key, metric: metric)
                #expect(points == before, "\(key.modelVersion) \(metric)")
            }
        }
        // What the comparison covers: inactive versions left out, metrics missing, samples, testbeds.
        #expect(try store.points(of: keys[0], metric: "f1").count == 230)
        #expect(try store.points(of: keys[1], metric: "f1").count == 240)
        #expect(try store.points(of: keys[1], metric: "recall").map(\.version) == Array(stride(from: 1, through: 240, by: 3)))
        let latency = try store.points(of: keys[2], metric: "latency_ms")
        #expect(latency.first?.metric == MetricValue(value: 402, unit: "ms", samples: [399, 400, 403]))
        #expect(latency.map(\.testbed).uniqued() == ["box-a", "box-b", nil])
        #expect(try store.points(of: keys[0], metric: "unknown").isEmpty)
        #expect(try store.points(of: SeriesKey(modelVersion: "none", datasetVersion: "", promptVersion: "", environment: "local", branchName: "main"), metric: "f1").isEmpty)
    }

    /// Every metric at once, as `bench changes` without `--metric` reads a series: each
    /// metric's points as the one-metric read gives them, in the order the active versions
    /// first name the metrics, and the same as the whole history gives.
    @Test(arguments: StoreKind.available) func everyMetricReadsAsEachOneDoes(kind: StoreKind) throws {
        let store = try kind.make()
        let keys = try generated(store)
        let names = [["f1", "latency_ms", "recall"], ["f1", "latency_ms", "recall", "warmup"], ["f1", "latency_ms", "recall"]]
        for (key, names) in zip(keys, names) {
            let all = try store.points(of: key)
            #expect(all.map(\.metric) == names, "\(key.modelVersion)")
            for series in all {
                #expect(series.points == (try store.points(of: key, metric: series.metric)), "\(key.modelVersion) \(series.metric)")
            }
            #expect(all == MetricSeries.of(try store.history(of: key).filter(\.isActive).reversed()))
        }
        #expect(try store.points(of: keys[1])[3].points.first?.version == 101)
        #expect(try store.points(of: SeriesKey(modelVersion: "none", datasetVersion: "", promptVersion: "", environment: "local", branchName: "main")).isEmpty)
    }
}

private extension Array where Element: Equatable {
    /// The elements in order, each run of equal ones once.
    func uniqued() -> [Element] { reduce(into: []) { if $0.last != $1 { $0.append($1) } } }
}

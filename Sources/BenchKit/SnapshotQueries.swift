import BenchCore
import BenchStore
import Foundation

/// The history of one series, newest version first.
public struct SeriesHistory: Sendable {
    public var series: SeriesKey
    public var snapshots: [Snapshot]
    /// The checkouts and baseline changes made on the series, oldest first.
    public var actions: [AuditEntry]
    /// The cursor of the next page: the `before` that lists the versions older than these;
    /// nil when there are none.
    public var nextBefore: Int? = nil
}

/// The result of comparing two versions of a series.
public struct Comparison: Sendable {
    public var series: SeriesKey
    public var from: Snapshot
    public var to: Snapshot
    public var deltas: [MetricDelta]
}

/// Reads snapshots: current, history, comparisons, baselines, audit rows. Writes nothing.
public struct SnapshotQueries {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// The current snapshot of every series, optionally on one branch and environment.
    public func current(branch: String? = nil, environment: String? = nil) throws(BenchError) -> [Snapshot] {
        let store = try session.readStore()
        do { return try store.currentSnapshots(SeriesFilter(environment: environment, branchName: branch)) } catch { throw BenchError(error) }
    }

    /// Every version of each series the filter matches (the newest `limit` when given; only
    /// those older than version `before` when given), with the cursor of the next page.
    public func history(_ filter: SeriesFilter, limit: Int? = nil, before: Int? = nil) throws(BenchError) -> [SeriesHistory] {
        let keys = try session.series(matching: filter)
        let store = try session.readStore()
        do {
            return try keys.map { key throws(StoreError) in
                // One more than asked tells whether older versions remain.
                var snapshots = try store.history(of: key, limit: limit.map { $0 + 1 }, before: before)
                let more = limit.map { snapshots.count > $0 } ?? false
                if more { snapshots.removeLast() }
                return SeriesHistory(series: key, snapshots: snapshots, actions: try actions(of: key, in: store),
                                     nextBefore: more ? snapshots.last?.version : nil)
            }
        } catch { throw BenchError(error) }
    }

    /// The series the filter matches, as `history` lists them.
    public func historySeries(_ filter: SeriesFilter) throws(BenchError) -> [SeriesKey] {
        try session.series(matching: filter)
    }

    /// The checkouts and baseline changes made on a series, oldest first.
    public func actions(of key: SeriesKey) throws(BenchError) -> [AuditEntry] {
        let store = try session.readStore()
        do { return try actions(of: key, in: store) } catch { throw BenchError(error) }
    }

    private func actions(of key: SeriesKey, in store: any Store) throws(StoreError) -> [AuditEntry] {
        try store.entries(since: nil, kinds: [.checkout, .baselineSet, .baselineClear], series: SeriesFilter(key))
    }

    /// The versions of a series, newest first (only those older than `before`, at most
    /// `limit`), handed to `body` a page of `pageSize` at a time as they are read: a whole
    /// history written out in pages, never held at once.
    public func eachPage(of key: SeriesKey, before: Int? = nil, limit: Int? = nil, pageSize: Int = 1000,
                         _ body: ([Snapshot]) -> Void) throws(BenchError) {
        let store = try session.readStore()
        var cursor = before, remaining = limit ?? .max
        while remaining > 0 {
            let asked = min(pageSize, remaining)
            let page: [Snapshot]
            do { page = try store.history(of: key, limit: asked, before: cursor) } catch { throw BenchError(error) }
            guard let oldest = page.last else { return }
            body(page)
            remaining -= page.count
            // A short page is the last one.
            guard page.count == asked else { return }
            cursor = oldest.version
        }
    }

    /// The newest `limit` versions of one series, newest first, without its audit rows.
    public func versions(of series: SeriesKey, limit: Int? = nil) throws(BenchError) -> [Snapshot] {
        let store = try session.readStore()
        do { return try store.history(of: series, limit: limit) } catch { throw BenchError(error) }
    }

    /// One metric over a series' active versions, oldest first (what a chart of it draws).
    public func points(of series: SeriesKey, metric: String) throws(BenchError) -> [MetricPoint] {
        let store = try session.readStore()
        do { return try store.points(of: series, metric: metric) } catch { throw BenchError(error) }
    }

    /// Per-metric deltas from version `from` to version `to`.
    public func compare(_ filter: SeriesFilter, from: Int, to: Int) throws(BenchError) -> Comparison {
        let key = try session.oneSeries(filter)
        let history = try versions(of: key)
        func find(_ version: Int) throws(BenchError) -> Snapshot {
            guard let snapshot = history.first(where: { $0.version == version }) else {
                throw BenchError(.badInput, "\(key) has no version \(version)",
                                 hint: "choose a version from 1 to \(history.first?.version ?? 0) (see `bench history \(key.modelVersion)`)")
            }
            return snapshot
        }
        let old = try find(from), new = try find(to)
        return Comparison(series: key, from: old, to: new,
                          deltas: MetricDelta.between(old.metrics, new.metrics, direction: session.config.direction(of:)))
    }

    /// Every baseline, optionally of one branch.
    public func baselines(branch: String? = nil) throws(BenchError) -> [Snapshot] {
        let store = try session.readStore()
        do { return try store.baselines(SeriesFilter(branchName: branch)) } catch { throw BenchError(error) }
    }

    /// The audit row of a transaction.
    public func entry(id: String) throws(BenchError) -> AuditEntry? {
        let store = try session.readStore()
        do { return try store.entry(id: id) } catch { throw BenchError(error) }
    }

    /// The runs recorded at or after `since`, oldest first.
    public func runs(since: Date?) throws(BenchError) -> [AuditEntry] {
        let store = try session.readStore()
        do { return try store.entries(since: since, kinds: [.run], series: SeriesFilter()) } catch { throw BenchError(error) }
    }

    /// The configured direction of a metric (bench.toml, else by name).
    public func direction(of metric: String) -> Direction { session.config.direction(of: metric) }
}

import BenchCore
import BenchGit
import BenchStore
import Foundation

/// The history of one series, newest version first.
public struct SeriesHistory: Sendable {
    public var series: SeriesKey
    public var snapshots: [Snapshot]
    /// The checkouts and baseline changes made on the series, oldest first.
    public var actions: [AuditEntry]
}

/// The result of comparing two versions of a series.
public struct Comparison: Sendable {
    public var series: SeriesKey
    public var from: Snapshot
    public var to: Snapshot
    public var deltas: [MetricDelta]
}

/// Read and act on snapshots: current, history, checkout, compare, baselines.
public struct Catalog {
    let workspace: Workspace
    let store: Store

    /// Opens the workspace's store; reads never create it.
    public init(workspace: Workspace, storeOverride: String? = nil, create: Bool = false) throws(BenchError) {
        self.workspace = workspace
        self.store = try workspace.openStore(override: storeOverride, create: create)
    }

    /// The current snapshot of every series, optionally on one branch.
    public func current(branch: String? = nil, environment: String? = nil) throws(BenchError) -> [Snapshot] {
        do { return try store.currentSnapshots(SeriesFilter(environment: environment, branchName: branch)) } catch { throw BenchError(error) }
    }

    /// Every version of each series the selector matches (the newest `limit` when given).
    public func history(_ selector: SeriesSelector, limit: Int? = nil) throws(BenchError) -> [SeriesHistory] {
        let keys = try workspace.seriesMatching(selector, in: store)
        do {
            return try keys.map { key throws(StoreError) in
                SeriesHistory(series: key, snapshots: try store.history(of: key, limit: limit),
                              actions: try store.entries(since: nil, kinds: [.checkout, .baselineSet, .baselineClear], series: SeriesFilter(key)))
            }
        } catch { throw BenchError(error) }
    }

    /// The newest `limit` versions of one series, newest first, without its audit rows.
    public func versions(of series: SeriesKey, limit: Int? = nil) throws(BenchError) -> [Snapshot] {
        do { return try store.history(of: series, limit: limit) } catch { throw BenchError(error) }
    }

    /// Makes `version` current (nil: the newest again). Returns the series and its new current snapshot.
    public func checkout(_ selector: SeriesSelector, version: Int?) throws(BenchError) -> Snapshot {
        let key = try workspace.oneSeries(selector, in: store)
        do { return try store.checkout(key, version: version, by: workspace.action()) } catch { throw BenchError(error) }
    }

    /// Per-metric deltas from version `from` to version `to`.
    public func compare(_ selector: SeriesSelector, from: Int, to: Int) throws(BenchError) -> Comparison {
        let key = try workspace.oneSeries(selector, in: store)
        let history: [Snapshot]
        do { history = try store.history(of: key) } catch { throw BenchError(error) }
        func find(_ version: Int) throws(BenchError) -> Snapshot {
            guard let snapshot = history.first(where: { $0.version == version }) else {
                throw BenchError(.badInput, "\(key) has no version \(version)",
                                 hint: "choose a version from 1 to \(history.first?.version ?? 0) (see `bench history \(key.modelVersion)`)")
            }
            return snapshot
        }
        let old = try find(from), new = try find(to)
        let config = workspace.config
        return Comparison(series: key, from: old, to: new,
                          deltas: MetricDelta.between(old.metrics, new.metrics, direction: config.direction(of:)))
    }

    /// Marks a version (the current one when nil) as the series' baseline.
    public func setBaseline(_ selector: SeriesSelector, version: Int?) throws(BenchError) -> Snapshot {
        let key = try workspace.oneSeries(selector, in: store)
        do throws(StoreError) {
            var target = version
            if target == nil {
                guard let current = try store.currentSnapshots(SeriesFilter(key)).first else {
                    throw StoreError(kind: .notFound, message: "\(key) has no current snapshot", hint: "pass --version N")
                }
                target = current.version
            }
            return try store.setBaseline(key, version: target!, by: workspace.action())
        } catch { throw BenchError(error) }
    }

    /// Removes the series' baseline; nil when it had none.
    public func clearBaseline(_ selector: SeriesSelector) throws(BenchError) -> Snapshot? {
        let key = try workspace.oneSeries(selector, in: store)
        do { return try store.clearBaseline(key, by: workspace.action()) } catch { throw BenchError(error) }
    }

    /// Every baseline, optionally of one branch.
    public func baselines(branch: String? = nil) throws(BenchError) -> [Snapshot] {
        do { return try store.baselines(SeriesFilter(branchName: branch)) } catch { throw BenchError(error) }
    }

    /// The audit row of a transaction.
    public func entry(id: String) throws(BenchError) -> AuditEntry? {
        do { return try store.entry(id: id) } catch { throw BenchError(error) }
    }
}

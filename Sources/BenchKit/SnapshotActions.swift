import BenchCore
import BenchStore

/// Acts on snapshots: rollbacks and baselines. Each action leaves an audit row naming who
/// made it, at HEAD.
public struct SnapshotActions {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// Makes `version` current (nil: the newest again). Returns the new current snapshot.
    public func checkout(_ filter: SeriesFilter, version: Int?) throws(BenchError) -> Snapshot {
        let key = try session.oneSeries(filter)
        let store = try session.writeStore()
        do { return try store.checkout(key, version: version, by: session.workspace.action()) } catch { throw BenchError(error) }
    }

    /// Marks a version (the current one when nil) as the series' baseline.
    public func setBaseline(_ filter: SeriesFilter, version: Int?) throws(BenchError) -> Snapshot {
        let key = try session.oneSeries(filter)
        let store = try session.writeStore()
        do throws(StoreError) {
            var target = version
            if target == nil {
                guard let current = try store.currentSnapshots(SeriesFilter(key)).first else {
                    throw StoreError(kind: .notFound, message: "\(key) has no current snapshot", hint: "pass --version N")
                }
                target = current.version
            }
            return try store.setBaseline(key, version: target!, by: session.workspace.action())
        } catch { throw BenchError(error) }
    }

    /// Removes the series' baseline; nil when it had none.
    public func clearBaseline(_ filter: SeriesFilter) throws(BenchError) -> Snapshot? {
        let key = try session.oneSeries(filter)
        let store = try session.writeStore()
        do { return try store.clearBaseline(key, by: session.workspace.action()) } catch { throw BenchError(error) }
    }
}

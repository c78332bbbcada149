import BenchCore
import BenchStore

/// A current series against its baseline: a row of the dashboard's regressions view.
public struct SeriesStatus: Sendable {
    public var current: Snapshot
    /// Nil when the series has nothing to compare with yet.
    public var baseline: ResolvedBaseline?
    /// Worst first.
    public var checks: [MetricCheck]
    /// The series' recent active versions, oldest first, for a sparkline.
    public var recent: [Snapshot]

    public var verdict: Verdict? { checks.map(\.verdict).min() }

    /// The `bench bisect` command for a regression.
    public var bisectCommand: String? {
        guard let baseline else { return nil }
        return BisectHint.command(good: baseline.snapshot, bad: current, checks: checks)
    }
}

/// Every current series against its baseline, by DESIGN.md's rules: what the dashboard's
/// regressions view shows. Reads only.
public struct RegressionBoard {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// Each current snapshot (all of them, or `currents` when given) against its baseline,
    /// with `threshold` overriding bench.toml's; regressions first; with the newest `recent`
    /// active versions of each (none when 0).
    public func statuses(threshold: Threshold? = nil, recent: Int = 20, of currents: [Snapshot]? = nil) throws(BenchError) -> [SeriesStatus] {
        let resolver = BaselineResolver(session: session)
        let judge = MetricJudge(session: session, threshold: threshold)
        let store = try session.readStore()
        var statuses: [SeriesStatus] = []
        let all: [Snapshot]
        if let currents { all = currents } else { all = try SnapshotQueries(session).current() }
        for current in all {
            let baseline = try resolver.resolve(for: current, choice: .automatic)
            let checks = try baseline.map { baseline throws(BenchError) in try judge.judge(current, against: baseline.snapshot) } ?? []
            var history: [Snapshot] = []
            if recent > 0 {
                do { history = try store.history(of: current.series, limit: recent) } catch { throw BenchError(error) }
            }
            statuses.append(SeriesStatus(current: current, baseline: baseline, checks: checks,
                                         recent: Array(history.filter(\.isActive).reversed())))
        }
        let controlled = FalseDiscovery.control(statuses.map(\.checks))
        for index in statuses.indices { statuses[index].checks = MetricJudge.worstFirst(controlled[index]) }
        return statuses.sorted { ($0.verdict ?? .unchanged, $0.current.series.description) < ($1.verdict ?? .unchanged, $1.current.series.description) }
    }
}

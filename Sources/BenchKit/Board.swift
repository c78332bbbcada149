import BenchCore
import BenchStore

/// Every current series against its baseline: the dashboard's regressions view.
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
        guard let baseline, let metric = checks.first(where: { $0.verdict == .regressed }) else { return nil }
        return "bench bisect --good \(Figures.short(baseline.snapshot.commitSha)) --bad \(Figures.short(current.commitSha)) --metric \(metric.metric)"
    }
}

extension Catalog {
    /// The current snapshot of every series against its baseline (DESIGN.md's rules), with
    /// `threshold` overriding bench.toml's; regressions first; with the newest `recent`
    /// versions of each (none when 0); of every current snapshot, or of `currents` when given.
    public func board(threshold: Threshold? = nil, recent: Int = 20, of currents: [Snapshot]? = nil) throws(BenchError) -> [SeriesStatus] {
        let resolver = BaselineResolver(workspace: workspace, store: store)
        var statuses: [SeriesStatus] = []
        let all: [Snapshot]
        if let currents { all = currents } else { all = try self.current() }
        for current in all {
            let baseline = try resolver.resolve(for: current, choice: .automatic)
            let checks = baseline.map { Checker.compare(current, with: $0.snapshot, config: workspace.config, threshold: threshold) } ?? []
            var history: [Snapshot] = []
            if recent > 0 {
                do { history = try store.history(of: current.series, limit: recent) } catch { throw BenchError(error) }
            }
            statuses.append(SeriesStatus(current: current, baseline: baseline, checks: checks,
                                         recent: Array(history.filter(\.isActive).reversed())))
        }
        return statuses.sorted { ($0.verdict ?? .unchanged, $0.current.series.description) < ($1.verdict ?? .unchanged, $1.current.series.description) }
    }

    /// The configured direction of a metric (bench.toml, else by name).
    public func direction(of metric: String) -> Direction { workspace.config.direction(of: metric) }
}

import BenchCore

/// The `bench bisect` command that finds where a regression came from: one phrase for the
/// check report, the hook, the dashboard and the bisect suggestions.
public enum BisectHint {
    /// `bench bisect --good G --bad B --metric M` for the first regressed metric, if any; none
    /// when both were measured at one commit (a re-run of HEAD against itself): there is no range to search.
    static func command(good: Snapshot, bad: Snapshot, checks: [MetricCheck]) -> String? {
        guard good.commitSha != bad.commitSha, let metric = checks.first(where: { $0.verdict == .regressed }) else { return nil }
        return command(good: good.commitSha, bad: bad.commitSha, metric: metric.metric)
    }

    /// `bench bisect --good G --bad B --metric M`, with short shas.
    public static func command(good: String, bad: String, metric: String) -> String {
        "bench bisect --good \(Figures.short(good)) --bad \(Figures.short(bad)) --metric \(metric)"
    }
}

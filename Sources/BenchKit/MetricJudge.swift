import BenchCore
import BenchGit
import BenchStore
import Foundation

/// Judges a candidate's metrics against a baseline by each metric's verdict model, drawing
/// history models' windows from the baseline lineage's results on the first-parent line up
/// to the baseline commit. `bench check`, the hook, CI and the dashboard's regressions view
/// all judge through it.
struct MetricJudge {
    let session: Session
    /// Overrides every metric's percentage threshold (`--threshold`).
    var threshold: Threshold?
    /// Forces one model on every metric (`--model`).
    var model: VerdictModel.Kind?
    /// Whether the window may hold results of other testbeds (`--any-testbed`).
    var anyTestbed = false
    /// The commits' snapshots read so far, shared with the use case's baseline resolver.
    var commits: CommitSnapshots?

    /// Each metric both snapshots have (only `names` when given), worst first.
    func judge(_ candidate: Snapshot, against baseline: Snapshot, only names: [String] = []) throws(BenchError) -> [MetricCheck] {
        let config = session.config
        let metrics = candidate.metrics.filter { (names.isEmpty || names.contains($0.name)) && baseline.metrics[$0.name] != nil }
        let models = Dictionary(uniqueKeysWithValues: metrics.map { metric in
            var chosen = config.verdictModel(of: metric.name, series: candidate.series.modelVersion)
            if let model { chosen.kind = model }
            return (metric.name, chosen)
        })
        let needsHistory = models.values.contains { $0.kind != .percentage }
        let history = needsHistory ? try window(candidate, baseline, count: models.values.map(\.window).max() ?? 0) : []
        let branch = mostCommonBranch(history)
        let checks = metrics.map { metric -> MetricCheck in
            let model = models[metric.name]!
            let oldest = model.maxAge.map { Date().addingTimeInterval(-$0) }
            let values = history.filter { oldest == nil || $0.createdAt >= oldest! }
                .prefix(model.window).reversed().compactMap { $0.metrics[metric.name]?.value }
            var check = MetricCheck.evaluate(metric: metric.name, baseline: baseline.metrics[metric.name]!, candidate: metric.metric,
                                             direction: config.direction(of: metric.name),
                                             threshold: threshold ?? config.threshold(of: metric.name, series: candidate.series.modelVersion),
                                             model: model, window: Array(values))
            if check.method == .history { check.windowBranch = branch }
            return check
        }
        return Self.worstFirst(checks)
    }

    /// Regressions first, then inconclusive, improved, unchanged; ties in the given order.
    static func worstFirst(_ checks: [MetricCheck]) -> [MetricCheck] {
        checks.enumerated().sorted { ($0.element.verdict, $0.offset) < ($1.element.verdict, $1.offset) }.map(\.element)
    }

    /// The lineage's results from the baseline commit down the first-parent line, newest
    /// first, without the candidate's own commit; the default branch's when a commit has several.
    private func window(_ candidate: Snapshot, _ baseline: Snapshot, count: Int) throws(BenchError) -> [Snapshot] {
        guard count > 0, let start = OID(hex: baseline.commitSha) else { return [] }
        let resolver = BaselineResolver(session: session, anyTestbed: anyTestbed, commits: commits)
        let preferred = try resolver.defaultBranch()
        return try resolver.measured(from: start, lineageOf: candidate.series, preferring: preferred,
                                     onTestbed: resolver.testbed(of: candidate), count: count + 1)
            .filter { $0.commitSha != candidate.commitSha }
            .prefix(count).map { $0 }
    }

    private func mostCommonBranch(_ snapshots: [Snapshot]) -> String? {
        Dictionary(grouping: snapshots, by: \.series.branchName).max { $0.value.count < $1.value.count }?.key
    }
}

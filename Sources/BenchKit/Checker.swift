import BenchCore
import BenchGit
import BenchStore
import Foundation

/// What `bench check` was asked.
public struct CheckOptions: Sendable, Configurable {
    public var against = BaselineChoice.automatic
    /// Overrides every metric's threshold.
    public var threshold: Threshold?
    /// Only these metrics (all when empty).
    public var metrics: [String] = []
    /// Only this model's series.
    public var model: String?
    /// The commit to check (HEAD when nil).
    public var revision: String?
    /// The branch whose series the candidate belongs to (the current branch when nil).
    public var branch: String?
    /// What the remote's branch held before a push (the pre-push hook): on the branch's own
    /// line, the automatic baseline is the nearest measured commit at or below it, so that a
    /// regression anywhere among the commits pushed counts, not only in the last one.
    public var remoteTip: String?
    /// One verdict model for every metric (bench.toml's, else `auto`, when nil).
    public var verdictModel: VerdictModel.Kind?
    /// The false-discovery rate across every metric of the check.
    public var falseDiscoveryRate = FalseDiscovery.defaultRate
    /// Whether baselines and windows may come from other testbeds than the candidate's.
    public var anyTestbed = false

    public init() {}
}

/// One series checked: the candidate, the baseline it was held against, and each metric.
public struct SeriesCheck: Sendable {
    public var candidate: Snapshot
    public var baseline: ResolvedBaseline
    /// Worst first: regressions, inconclusive, improvements, unchanged.
    public var metrics: [MetricCheck]

    public var verdict: Verdict { metrics.map(\.verdict).min() ?? .unchanged }

    /// The `bench bisect` command for a regression.
    public var bisectCommand: String? { BisectHint.command(good: baseline.snapshot, bad: candidate, checks: metrics) }
}

/// The whole report of `bench check`.
public struct CheckReport: Sendable {
    public var commit: CommitSummary
    public var series: [SeriesCheck]
    /// Series measured at the commit that had nothing to compare with.
    public var withoutBaseline: [SeriesKey]
    /// How many more times the flagged benchmarks were measured before this verdict (0: none).
    public var remeasured = 0
    /// The live alerts of the default branch on these series' lineages and metrics: a
    /// regression already known there.
    public var alerts: [Alert] = []
    /// The alerts the re-measured runs opened or resolved (`--rerun`, the hook's re-measuring).
    public var alertEvents: [AlertEvent] = []

    /// regressed if any metric regressed; else inconclusive if any was; else the best.
    public var verdict: Verdict { series.map(\.verdict).min() ?? .unchanged }
}

/// Compares a commit's results with their baselines, by each metric's direction and
/// threshold and, where samples exist, Mann-Whitney U. Reads only; writes nothing.
public struct Checker {
    let session: Session

    public init(_ session: Session) { self.session = session }

    public func check(_ options: CheckOptions) throws(BenchError) -> CheckReport {
        let workspace = session.workspace
        let commit = CommitSummary(try workspace.commit(at: options.revision))
        let branch: String
        if let given = options.branch { branch = given } else { branch = try workspace.head().branchName }
        let candidates = try candidates(at: commit, branch: branch, model: options.model)
        try validateMetrics(options.metrics, candidates)

        // Every series walks the same commits: each commit's snapshots are read once.
        let commits = CommitSnapshots(try session.readStore(), for: candidates.map(\.series))
        let resolver = BaselineResolver(session: session, anyTestbed: options.anyTestbed, commits: commits)
        let judge = MetricJudge(session: session, threshold: options.threshold, model: options.verdictModel,
                                anyTestbed: options.anyTestbed, commits: commits)
        var checked: [SeriesCheck] = []
        var missing: [SeriesKey] = []
        for candidate in candidates {
            guard let baseline = try resolver.resolve(for: candidate, choice: options.against, remoteTip: options.remoteTip) else {
                missing.append(candidate.series)
                continue
            }
            let metrics = try judge.judge(candidate, against: baseline.snapshot, only: options.metrics)
            checked.append(SeriesCheck(candidate: candidate, baseline: baseline, metrics: metrics))
        }
        let controlled = FalseDiscovery.control(checked.map(\.metrics), rate: options.falseDiscoveryRate)
        for index in checked.indices { checked[index].metrics = MetricJudge.worstFirst(controlled[index]) }
        guard !checked.isEmpty else {
            let names = missing.map(\.description).joined(separator: ", ")
            let testbeds = Set(candidates.compactMap(\.testbed)).sorted()
            let onTestbed = options.anyTestbed || testbeds.isEmpty ? "" : " on testbed " + testbeds.joined(separator: ", ")
            let otherTestbeds = onTestbed.isEmpty ? "" : " (results of other testbeds are never compared: --any-testbed to allow it)"
            var error = BenchError(.environment, "no baseline to compare \(commit.short) with\(onTestbed) (\(names))",
                                   hint: noBaselineHint(options.against) + otherTestbeds)
            error.situation = .noBaseline
            throw error
        }
        checked.sort { ($0.verdict, $0.candidate.series.description) < ($1.verdict, $1.candidate.series.description) }
        var report = CheckReport(commit: commit, series: checked, withoutBaseline: missing)
        report.alerts = try AlertDesk(session).live(matching: checked.map(\.candidate.series),
                                                    metrics: Set(checked.flatMap { $0.metrics.map(\.metric) }))
        return report
    }

    private func noBaselineHint(_ choice: BaselineChoice) -> String {
        switch choice {
        case .explicit: "set one: bench baseline set MODEL [--version N]"
        case .parent: "measure the parent first: bench run --at HEAD~1"
        case .revision(let revision): "measure it first: bench run --at \(revision)"
        case .mergeBase: "measure the merge-base with the default branch first: bench run --at $(git merge-base HEAD main)"
        case .automatic: "record an earlier commit (bench run --at HEAD~1) or set a baseline (bench baseline set MODEL)"
        }
    }

    /// The newest snapshot of each series measured at the commit, the current branch's first.
    private func candidates(at commit: CommitSummary, branch: String, model: String?) throws(BenchError) -> [Snapshot] {
        let store = try session.readStore()
        let all: [Snapshot]
        do { all = try store.snapshots(atCommits: [commit.sha], matching: SeriesFilter(modelVersion: model)) } catch { throw BenchError(error) }
        let pool = all.preferring([branch], branch: \.series.branchName)
        var newest: [SeriesKey: Snapshot] = [:]
        for snapshot in pool where newest[snapshot.series].map({ $0.version < snapshot.version }) ?? true {
            newest[snapshot.series] = snapshot
        }
        guard !newest.isEmpty else {
            let what = model.map { "'\($0)' at " } ?? ""
            throw BenchError(.environment, "no results recorded for \(what)\(commit.short) (\(commit.subject))",
                             hint: "measure it first: bench run (or bench record --input results.json)")
        }
        return newest.values.sorted { $0.series.description < $1.series.description }
    }

    private func validateMetrics(_ names: [String], _ candidates: [Snapshot]) throws(BenchError) {
        let known = Set(candidates.flatMap(\.metrics.names))
        for name in names where !known.contains(name) {
            throw BenchError(.badInput, "unknown metric '\(name)'", hint: "recorded metrics: " + known.sorted().joined(separator: ", "))
        }
    }
}

import BenchCore
import Foundation

/// Re-measures before blocking: when a check finds a regression or cannot tell, the
/// `[[benchmark]]` entries run again at the commit (in a throwaway tree), the new runs are
/// pooled with the first as samples and recorded as the next version at that commit, and the
/// check is made again. One slow run on a noisy machine then no longer stops a push.
public struct Remeasurer {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// The check of `options`, re-measured `times` more when it regressed or was inconclusive
    /// and bench.toml has benchmarks to run; the report says how many runs were pooled.
    public func check(_ options: CheckOptions, times: Int, progress: (RunProgress) -> Void = { _ in }) throws(BenchError) -> CheckReport {
        let first = try Checker(session).check(options)
        let flagged = first.series.filter { $0.verdict == .regressed || $0.verdict == .inconclusive }
        guard times > 0, !flagged.isEmpty, !session.config.benchmarks.isEmpty else { return first }
        let outcome = try Runner(session).run(RunOptions {
            ($0.samples, $0.at, $0.record) = (times, first.commit.sha, false)
        }, progress: progress)
        var pooled: [(BenchResult, SeriesKey)] = []
        let here = try session.testbed().name
        for series in flagged {
            let key = series.candidate.series
            guard let again = outcome.results.first(where: { $0.series(environment: key.environment, branch: key.branchName) == key })
            else { continue }
            var result = again
            // Runs of another testbed are not pooled: the new ones are judged on their own.
            let sameTestbed = Testbed.compatible(series.candidate.testbed, here)
            result.metrics = again.metrics.map { metric in
                guard sameTestbed, let before = series.candidate.metrics[metric.name] else { return metric }
                let samples = (before.samples ?? [before.value]) + (metric.metric.samples ?? [metric.metric.value])
                return NamedMetric(name: metric.name, metric: MetricValue(value: samples.median!, unit: metric.metric.unit, samples: samples))
            }
            result.notes = sameTestbed
                ? "re-measured \(times) more time(s) before judging; \(result.metrics.first?.metric.samples?.count ?? 0) runs pooled"
                : "re-measured \(times) time(s) on testbed \(here) before judging (the first run was on another testbed)"
            pooled.append((result, key))
        }
        guard !pooled.isEmpty else { return first }
        var events: [AlertEvent] = []
        for (result, key) in pooled {
            events += try Recorder(session).record([result], RecordOptions {
                ($0.commitRevision, $0.branchName, $0.environment) = (first.commit.sha, key.branchName, key.environment)
                $0.fromWorkTree = false
            }).alerts
        }
        var report = try Checker(session).check(options)
        report.remeasured = times
        report.alertEvents = events
        return report
    }
}

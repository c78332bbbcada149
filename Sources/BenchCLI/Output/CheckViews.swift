import BenchCore
import BenchKit
import Foundation

/// `bench check`'s report: for a terminal, as markdown, and as JSON.
enum CheckViews {
    static func figure(_ value: Double, _ unit: String?) -> String { Units.describe(value, unit: unit) }

    static func percent(_ check: MetricCheck) -> String {
        check.percent.map(Figures.percent) ?? "n/a"
    }

    static func evidence(_ check: MetricCheck) -> String {
        switch check.method {
        case .history:
            return check.evidence
        case .threshold:
            return "threshold \(check.threshold) only (no samples)" + (check.reason.map { "; \($0)" } ?? "")
        case .mannWhitney:
            var parts = ["p=" + Figures.pValue(check.p ?? 1), String(format: "effect=%.2f", check.effectSize ?? 0),
                         "n=\(check.baselineSamples)/\(check.candidateSamples)", "threshold \(check.threshold)"]
            if let adjusted = check.adjustedP, adjusted != check.p { parts.append("adjusted p=" + Figures.pValue(adjusted)) }
            if let reason = check.reason { parts.append(reason) }
            if let needed = check.samplesNeeded { parts.append("about \(needed) samples per side would tell") }
            return parts.joined(separator: ", ")
        }
    }

    static func text(_ report: CheckReport) -> String {
        var lines = ["bench check \(report.commit.short) (\(report.commit.subject)): \(report.verdict.rawValue.uppercased())"]
        if report.remeasured > 0 { lines.append("(re-measured \(report.remeasured) more time(s) before deciding; the runs are pooled)") }
        for series in report.series {
            lines.append("")
            lines.append("\(series.candidate.series) v\(series.candidate.version)")
            lines.append("  against \(series.baseline.rule): v\(series.baseline.snapshot.version) of \(series.baseline.snapshot.series.branchName)")
            var table = Table("METRIC", "BASELINE", "", "CANDIDATE", "DELTA", "VERDICT", "EVIDENCE")
            for check in series.metrics {
                table.add([check.metric, figure(check.baseline, check.unit), "→", figure(check.candidate, check.unit),
                           percent(check), check.verdict.rawValue, evidence(check)])
            }
            lines.append(table.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            for check in series.metrics where check.verdict != .unchanged { lines.append("  " + check.explanation) }
            if let bisect = series.bisectCommand { lines.append("  find the commit that caused it: \(bisect)") }
        }
        for series in report.withoutBaseline { lines.append("\n\(series): no baseline to compare with (skipped)") }
        return lines.joined(separator: "\n")
    }

    static func markdown(_ report: CheckReport) -> String {
        let icon = switch report.verdict {
        case .regressed: "❌"
        case .inconclusive: "⚠️"
        case .improved: "✅"
        case .unchanged: "✅"
        }
        var lines = ["### \(icon) bench check: \(report.verdict.rawValue) at `\(report.commit.short)`", ""]
        for series in report.series {
            lines.append("**\(series.candidate.series)** v\(series.candidate.version) against \(series.baseline.rule)")
            lines.append("")
            lines.append("| metric | baseline | candidate | Δ | verdict | evidence |")
            lines.append("|---|---:|---:|---:|---|---|")
            for check in series.metrics {
                lines.append("| \(check.metric) | \(figure(check.baseline, check.unit)) | \(figure(check.candidate, check.unit)) | \(percent(check)) | \(check.verdict.rawValue) | \(evidence(check)) |")
            }
            if let bisect = series.bisectCommand { lines.append(""); lines.append("Find the commit that caused it: `\(bisect)`") }
            lines.append("")
        }
        for series in report.withoutBaseline { lines.append("_\(series): no baseline to compare with._") }
        return lines.joined(separator: "\n")
    }
}

struct CheckJSON: Encodable {
    struct MetricJSON: Encodable {
        var metric: String
        var unit: String?
        var direction: String
        var threshold_percent: Double
        var baseline: Double
        var candidate: Double
        var delta_percent: Double?
        var verdict: String
        var method: String
        var p_value: Double?
        var effect_size: Double?
        var baseline_samples: Int
        var candidate_samples: Int
        var samples_needed: Int?
        var reason: String?
        var model: String
        var lower_limit: Double?
        var upper_limit: Double?
        var window_size: Int?
        var window_branch: String?
        var confidence: Double?
        var adjusted_p_value: Double?
        var explanation: String
    }

    struct SeriesJSON: Encodable {
        var series: SeriesKey
        var verdict: String
        var candidate: SnapshotJSON
        var baseline: SnapshotJSON
        var baseline_rule: String
        var bisect: String?
        var metrics: [MetricJSON]
    }

    var commit_sha: String
    var verdict: String
    var series: [SeriesJSON]
    var without_baseline: [SeriesKey]

    init(_ report: CheckReport) {
        commit_sha = report.commit.sha
        verdict = report.verdict.rawValue
        without_baseline = report.withoutBaseline
        series = report.series.map { series in
            SeriesJSON(series: series.candidate.series, verdict: series.verdict.rawValue, candidate: SnapshotJSON(series.candidate),
                       baseline: SnapshotJSON(series.baseline.snapshot), baseline_rule: series.baseline.rule, bisect: series.bisectCommand,
                       metrics: series.metrics.map { check in
                           MetricJSON(metric: check.metric, unit: check.unit, direction: check.direction.rawValue,
                                      threshold_percent: check.threshold.fraction * 100, baseline: check.baseline, candidate: check.candidate,
                                      delta_percent: check.percent, verdict: check.verdict.rawValue, method: check.method.rawValue,
                                      p_value: check.p, effect_size: check.effectSize, baseline_samples: check.baselineSamples,
                                      candidate_samples: check.candidateSamples, samples_needed: check.samplesNeeded, reason: check.reason,
                                      model: check.model, lower_limit: check.lowerLimit, upper_limit: check.upperLimit,
                                      window_size: check.windowSize, window_branch: check.windowBranch, confidence: check.confidence,
                                      adjusted_p_value: check.adjustedP, explanation: check.explanation)
                       })
        }
    }
}

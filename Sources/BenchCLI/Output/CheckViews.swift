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
            var parts = ["p=" + Figures.pValue(check.p ?? 1), Figures.formatted(check.effectSize ?? 0, "effect=%.2f"),
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
        if !report.alerts.isEmpty { lines.append("") }
        for alert in report.alerts { lines.append(AlertViews.mention(alert)) }
        return lines.joined(separator: "\n")
    }

    /// The markdown report of the step summary and the pull-request comment: one row per
    /// series × metric, the changed rows first (regressions at the top), the unchanged ones
    /// folded in a `<details>`, the `bench bisect` command of each regressed series, and
    /// a link to the run's report when `reportURL` names one.
    static func markdown(_ report: CheckReport, reportURL: String? = nil) -> String {
        let icon = switch report.verdict {
        case .regressed: "❌"
        case .inconclusive: "⚠️"
        case .improved: "✅"
        case .unchanged: "✅"
        }
        // Worst verdict first; within a verdict, the report's own order (a stable sort).
        let rows = report.series.flatMap { series in series.metrics.map { (series, $0) } }.enumerated()
            .sorted { ($0.element.1.verdict, $0.offset) < ($1.element.1.verdict, $1.offset) }.map(\.element)
        let changed = rows.filter { $0.1.verdict != .unchanged }
        let unchanged = rows.filter { $0.1.verdict == .unchanged }
        var lines = ["### \(icon) bench check: \(report.verdict.rawValue) at `\(report.commit.short)` (\(cell(report.commit.subject)))", ""]
        let counts = [Verdict.regressed, .inconclusive, .improved, .unchanged].compactMap { verdict in
            let count = rows.filter { $0.1.verdict == verdict }.count
            return count == 0 ? nil : "\(count) \(verdict.rawValue)"
        }
        lines.append("\(rows.count) series × metric: " + counts.joined(separator: ", ") + ".")
        if report.remeasured > 0 { lines.append("Re-measured \(report.remeasured) more time(s) before deciding; the runs are pooled.") }
        lines.append("")
        if !changed.isEmpty { lines += markdownTable(changed) + [""] }
        let regressed = report.series.compactMap { series in series.bisectCommand.map { (series, $0) } }
        if !regressed.isEmpty {
            lines.append("Find the commit that caused each regression:")
            lines.append("")
            for (series, command) in regressed { lines.append("- \(cell(series.candidate.series.description)): `\(command)`") }
            lines.append("")
        }
        if !unchanged.isEmpty {
            lines += ["<details><summary>\(unchanged.count) unchanged</summary>", ""] + markdownTable(unchanged) + ["", "</details>", ""]
        }
        lines.append("Baselines: " + report.series.map { series in
            "\(cell(series.candidate.series.description)) v\(series.candidate.version) against \(cell(series.baseline.rule)): "
                + "v\(series.baseline.snapshot.version) of \(cell(series.baseline.snapshot.series.branchName))"
        }.joined(separator: "; ") + ".")
        for series in report.withoutBaseline { lines += ["", "_\(cell(series.description)): no baseline to compare with._"] }
        if !report.alerts.isEmpty { lines += [""] + report.alerts.map { "- " + cell(AlertViews.mention($0, now: nil)) } }
        if let reportURL { lines += ["", "[The run's report](\(reportURL)): every series, chart and history, as one HTML file."] }
        return lines.joined(separator: "\n")
    }

    private static func markdownTable(_ rows: [(SeriesCheck, MetricCheck)]) -> [String] {
        ["| series | metric | baseline | candidate | change | verdict | model | limit |", "|---|---|---:|---:|---:|---|---|---:|"]
            + rows.map { series, check in
                "| \(cell(series.candidate.series.description)) | \(cell(check.metric)) | \(cell(figure(check.baseline, check.unit))) "
                    + "| \(cell(figure(check.candidate, check.unit))) | \(percent(check)) | \(verdictCell(check)) | \(check.model) | \(limit(check)) |"
            }
    }

    private static func verdictCell(_ check: MetricCheck) -> String {
        switch check.verdict {
        case .regressed: "**regressed**"
        case .inconclusive: "inconclusive" + (check.reason.map { ": " + cell($0) } ?? "")
        case .improved, .unchanged: check.verdict.rawValue
        }
    }

    /// The limit on the worse side, which decides a regression: `≥ 0.85` or `≤ 440ms`.
    static func limit(_ check: MetricCheck) -> String {
        let bound = check.direction == .lower ? check.upperLimit.map { "≤ " + figure($0, check.unit) }
                                              : check.lowerLimit.map { "≥ " + figure($0, check.unit) }
        return bound.map(cell) ?? "-"
    }

    /// A table cell: a `|` would end it and `<` could open HTML, so both are escaped.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "|", with: "\\|")
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
    /// The live alerts on the checked series' lineages and metrics.
    var alerts: [AlertJSON]

    init(_ report: CheckReport) {
        commit_sha = report.commit.sha
        alerts = report.alerts.map(AlertJSON.init)
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

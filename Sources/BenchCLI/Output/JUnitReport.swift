import BenchCore
import BenchKit
import Foundation

/// `bench check --junit FILE`: the verdicts as JUnit XML, which GitLab, Jenkins, Azure
/// Pipelines and Buildkite show as test results. One test suite per series, one test case
/// per metric: a regression is a failure, an inconclusive verdict is skipped, a series
/// without a baseline is one skipped case.
enum JUnitReport {
    static func xml(_ report: CheckReport) -> String {
        let checks = report.series.flatMap(\.metrics)
        let failures = checks.filter { $0.verdict == .regressed }.count
        let skipped = checks.filter { $0.verdict == .inconclusive }.count + report.withoutBaseline.count
        var lines = [#"<?xml version="1.0" encoding="UTF-8"?>"#,
                     #"<testsuites name="bench check \#(escape(report.commit.short))" tests="\#(checks.count + report.withoutBaseline.count)" failures="\#(failures)" skipped="\#(skipped)">"#]
        for series in report.series {
            let name = escape(series.candidate.series.description)
            let seriesFailures = series.metrics.filter { $0.verdict == .regressed }.count
            let seriesSkipped = series.metrics.filter { $0.verdict == .inconclusive }.count
            lines.append(#"  <testsuite name="\#(name)" tests="\#(series.metrics.count)" failures="\#(seriesFailures)" skipped="\#(seriesSkipped)">"#)
            for check in series.metrics {
                let change = "\(CheckViews.figure(check.baseline, check.unit)) → \(CheckViews.figure(check.candidate, check.unit)) (\(CheckViews.percent(check)))"
                lines.append(#"    <testcase classname="\#(name)" name="\#(escape(check.metric))" time="0">"#)
                switch check.verdict {
                case .regressed:
                    lines.append(#"      <failure type="regression" message="\#(escape("\(check.metric) regressed: \(change)"))">\#(escape(failureText(series, check)))</failure>"#)
                case .inconclusive:
                    lines.append(#"      <skipped message="\#(escape("inconclusive: \(change); \(check.reason ?? check.explanation)"))"/>"#)
                case .improved, .unchanged:
                    lines.append(#"      <system-out>\#(escape("\(check.verdict.rawValue): \(change); \(check.explanation)"))</system-out>"#)
                }
                lines.append("    </testcase>")
            }
            lines.append("  </testsuite>")
        }
        if !report.withoutBaseline.isEmpty {
            lines.append(#"  <testsuite name="without a baseline" tests="\#(report.withoutBaseline.count)" failures="0" skipped="\#(report.withoutBaseline.count)">"#)
            for series in report.withoutBaseline {
                lines.append(#"    <testcase classname="\#(escape(series.description))" name="(no baseline)" time="0"><skipped message="no baseline to compare with"/></testcase>"#)
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the XML; a file that cannot be written is an environment error.
    static func write(_ report: CheckReport, to path: String) throws(BenchError) {
        do {
            try Data(xml(report).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw BenchError(.environment, "cannot write the JUnit report to \(path): \(error.localizedDescription)", hint: "check the path and its permissions")
        }
    }

    private static func failureText(_ series: SeriesCheck, _ check: MetricCheck) -> String {
        var text = check.explanation + "\nmodel \(check.model), limit \(CheckViews.limit(check)); against \(series.baseline.rule)"
        if let bisect = series.bisectCommand { text += "\nfind the commit that caused it: \(bisect)" }
        return text
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&apos;")
    }
}

import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a commit's results against its baseline; exit 1 on a regression.",
            discussion: """
            The baseline, unless --against says otherwise: the series' explicit baseline; on a \
            non-default branch, the snapshot at its merge-base with the default branch; else the \
            nearest measured first-parent ancestor. A metric regresses when it moves the wrong way \
            by more than its threshold (bench.toml, default 5%) and, with samples on both sides, \
            Mann-Whitney U finds the change significant (p < 0.01). Exit codes: 0 no regression, \
            1 regression, 4 inconclusive (more samples needed), 3 nothing to compare.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The baseline: one of the keywords below, or any revision.", valueName: "what"))
        var against: BaselineChoice = .automatic

        @Option(help: ArgumentHelp("Threshold for every metric, e.g. 5% (overrides bench.toml).", valueName: "percent"))
        var threshold: String?

        @Option(name: .customLong("threshold-model"), help: ArgumentHelp("One threshold model for every metric (default: bench.toml's, else auto).", valueName: "kind"))
        var verdictModel: VerdictModel.Kind?

        @Option(help: "Check only this metric (repeatable).")
        var metric: [String] = []

        @Option(help: "Check only this model's series.")
        var model: String?

        @Option(help: ArgumentHelp("The commit to check (default: HEAD).", valueName: "rev"))
        var commit: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("On a regression or an inconclusive result, measure the benchmarks N more times, pool the runs and decide again.", valueName: "n"))
        var rerun = 0

        @Flag(name: .customLong("any-testbed"), help: "Let baselines and history windows come from other testbeds than the candidate's (by default only its own, and runs of unknown testbed, count).")
        var anyTestbed = false

        @Flag(help: "Print a markdown report (also appended to $GITHUB_STEP_SUMMARY when set).")
        var markdown = false

        @Option(name: .customLong("report-url"), help: ArgumentHelp("Link the markdown report to this page (default in CI: the run's page, where its artifacts are).", valueName: "url"))
        var reportURL: String?

        @Option(help: ArgumentHelp("Also write the verdicts as JUnit XML to this file: a test case per series and metric.", valueName: "file"))
        var junit: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let threshold, Threshold.parse(threshold) == nil {
                throw ValidationError("--threshold '\(threshold)' is not a percentage; use e.g. 5% or 0.05")
            }
            try validateJUnit()
            if markdown && output.json { throw ValidationError("choose one of --markdown and --json") }
            if rerun < 0 || rerun > 100 { throw ValidationError("--rerun must be from 0 to 100") }
            if let reportURL, !(reportURL.hasPrefix("https://") || reportURL.hasPrefix("http://"))
                || reportURL.contains(where: { $0.isWhitespace || "()<>".contains($0) }) {
                throw ValidationError("--report-url '\(reportURL)' is not an http(s) URL; give the report page's address, without spaces or brackets")
            }
            if reportURL != nil && !markdown { throw ValidationError("--report-url links the markdown report; add --markdown") }
        }

        func validateJUnit() throws {
            guard let junit else { return }
            var isDirectory: ObjCBool = false
            let directory = URL(fileURLWithPath: junit).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--junit '\(junit)': no directory '\(directory)' to write it in; create it first")
            }
        }

        func run() throws {
            Interrupts.shared.arm()
            let session = try global.session()
            let progress = ProgressLine()
            defer { progress.clear() }
            let report = try Remeasurer(session).check(CheckOptions {
                ($0.against, $0.threshold, $0.metrics) = (against, threshold.flatMap(Threshold.parse), metric)
                ($0.model, $0.revision, $0.verdictModel, $0.anyTestbed) = (model, commit, verdictModel, anyTestbed)
            }, times: rerun, progress: progress.show)
            for event in report.alertEvents { Terminal.note(AlertViews.event(event)) }
            if output.json {
                JSONOutput.print(CheckJSON(report))
            } else if markdown {
                let text = CheckViews.markdown(report, reportURL: reportURL ?? CIContext.detect(session.environment)?.runURL)
                Terminal.out(text)
                try StepSummary.append(text, environment: session.environment)
            } else {
                Terminal.out(CheckViews.text(report))
            }
            if let junit { try JUnitReport.write(report, to: junit) }
            switch report.verdict {
            case .regressed: throw ExitCode(BenchExitCode.regression.rawValue)
            case .inconclusive: throw ExitCode(BenchExitCode.inconclusive.rawValue)
            case .improved, .unchanged: return
            }
        }
    }
}

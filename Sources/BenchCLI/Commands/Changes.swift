import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Changes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "changes",
            abstract: "Find the change points in a series' history, with the commit at each.",
            discussion: """
            E-divisive means proposes splits, a Mann-Whitney test between adjacent segments keeps \
            the significant ones (after MongoDB and Apache Otava), and each kept one is moved to \
            the best split between its neighbours, so the bisect range it suggests holds the \
            culprit. `bench changes MODEL --metric M` looks at one series; `--all` scans every \
            series and metric in one read of the store.
            """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The model_version (or benchmark name) of the series; with --all, only this model's.", valueName: "model"))
        var model: String?

        @OptionGroup var choice: SeriesChoiceOptions

        @Option(help: "The metric to look at (default: every metric the series have).")
        var metric: String?

        @Flag(help: "Scan every series, on every branch, and every metric (MODEL, --metric and the series flags narrow it).")
        var all = false

        @Option(name: .customLong("max-p"), help: ArgumentHelp(
            "Largest p-value a change point may have (Mann-Whitney U between the segments either side); past 60 versions it shrinks with the square of the length, so noise stays quiet at any length.",
            valueName: "p"))
        var maximumP = ChangeOptions.defaultMaximumP

        @Option(name: .customLong("min-change"), help: ArgumentHelp(
            "Smallest step reported, relative to the level before it, e.g. 2% (0%: every significant step).", valueName: "percent"))
        var minimumChange = "0%"

        @Option(help: ArgumentHelp("Look at the newest N versions only (at least \(ChangeOptions.smallestWindow); default: the whole history).", valueName: "n"))
        var window: Int?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if model == nil && !all { throw ValidationError("give a MODEL, or --all to scan every series") }
            if !(maximumP > 0 && maximumP <= 1) { throw ValidationError("--max-p must be above 0 and at most 1, e.g. 0.001") }
            if Threshold.parse(minimumChange) == nil {
                throw ValidationError("--min-change '\(minimumChange)' is not a percentage; use e.g. 2% or 0.02")
            }
            if let window, window < ChangeOptions.smallestWindow {
                throw ValidationError("--window must be \(ChangeOptions.smallestWindow) or more (two segments of \(ChangeOptions.smallestWindow / 2) versions)")
            }
        }

        var options: ChangeOptions {
            var options = ChangeOptions(choice.filter(model: model), metric: metric)
            options.everySeries = all
            options.maximumP = maximumP
            options.minimumChange = Threshold.parse(minimumChange)?.fraction ?? 0
            options.window = window
            return options
        }

        func run() throws {
            let progress = ScanProgress()
            let found: [SeriesChanges]
            do {
                defer { progress.clear() }
                found = try ChangeFinder(global.session()).changes(options, progress: progress.show)
            }
            if output.json {
                JSONOutput.print(found.map(ChangesJSON.init))
                return
            }
            for item in found where !all || !item.changes.isEmpty {
                Terminal.out(ChangesViews.text(item))
            }
            if all { Terminal.out(ChangesViews.summary(found)) }
        }
    }
}

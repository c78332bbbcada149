import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Bisect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bisect",
            abstract: "Find the commit that introduced a regression.",
            discussion: """
            Binary search over the first-parent line from --good to --bad (--all-parents for the \
            whole graph). A commit's verdict is its metric against the good end's, by the metric's \
            direction and threshold, with Mann-Whitney U when there are samples; an inconclusive \
            verdict takes more samples (up to --max-samples). Stored results cost nothing; missing \
            commits are measured in throwaway trees and recorded, so the same bisect again runs \
            nothing. --run CMD uses git bisect run's protocol instead: exit 0 good, 1–127 bad, \
            125 skip, 128 and above abort. Exit: 0 found, 4 narrowed only to a range, 2 bad input.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("A commit without the regression.", valueName: "rev"))
        var good: String

        @Option(help: ArgumentHelp("A commit with it.", valueName: "rev"))
        var bad: String

        @Option(help: "The metric that regressed.")
        var metric: String?

        @Option(help: ArgumentHelp("Run only this [[benchmark]] to measure a commit.", valueName: "name"))
        var benchmark: String?

        @Option(help: "The series' model, when the benchmarks record several.")
        var model: String?

        @Option(parsing: .unconditional, help: "Samples per measurement (default: the benchmark's own).")
        var samples: Int?

        @Option(name: .customLong("max-samples"), parsing: .unconditional, help: "Most samples to take at one commit while its verdict is inconclusive.")
        var maxSamples: Int = 30

        @Option(help: ArgumentHelp("Threshold for the metric, e.g. 5% (overrides bench.toml).", valueName: "percent"))
        var threshold: String?

        @Flag(name: .customLong("all-parents"), help: "Search the whole history graph, not just the first-parent line.")
        var allParents = false
        @Flag(name: .customLong("any-testbed"), help: "Reuse stored results measured on other testbeds too (by default only this machine's, and runs of unknown testbed).")
        var anyTestbed = false

        @Option(name: .customLong("run"), help: ArgumentHelp("Judge commits by this command's exit code, as git bisect run does.", valueName: "cmd"))
        var command: String?

        @Flag(name: .customLong("dry-run"), help: "Show the plan: how many commits, how many already measured.")
        var dryRun = false

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if metric == nil && command == nil { throw ValidationError("give --metric NAME, or --run CMD") }
            if metric != nil && command != nil { throw ValidationError("give one of --metric and --run") }
            if let threshold, Threshold.parse(threshold) == nil { throw ValidationError("--threshold '\(threshold)' is not a percentage; use e.g. 5%") }
            if let samples, samples < 1 { throw ValidationError("--samples must be 1 or more") }
            if maxSamples < 1 { throw ValidationError("--max-samples must be 1 or more") }
        }

        func run() throws {
            Interrupts.shared.arm()
            let options = BisectOptions {
                ($0.good, $0.bad, $0.metric, $0.benchmark, $0.model) = (good, bad, metric, benchmark, model)
                ($0.samples, $0.maxSamples, $0.threshold) = (samples, maxSamples, threshold.flatMap(Threshold.parse))
                ($0.allParents, $0.run, $0.dryRun, $0.anyTestbed) = (allParents, command, dryRun, anyTestbed)
            }
            let bisector = try Bisector(global.session())
            if dryRun {
                let plan = try bisector.plan(options)
                if output.json { JSONOutput.print(PlanJSON(range_size: plan.rangeSize, measured: plan.measured, max_runs: plan.maxRuns)); return }
                Terminal.out("\(plan.rangeSize) commits from \(good) to \(bad); \(plan.measured) already measured; at most \(plan.maxRuns) benchmark runs for a clean step")
                return
            }
            let progress = ProgressLine()
            let result = try bisector.bisect(options, progress: { step in
                progress.clear()
                let value = step.value.map { " \(metric ?? "")=\(Formatting.number($0))" } ?? ""
                let source = step.reused ? "stored" : "measured"
                Terminal.note("bisect: \(step.commit.short) \(source)\(value) → \(step.mark.rawValue); \(step.left) commit(s) left\(step.note.map { " (\($0))" } ?? "")")
            }, runProgress: progress.show)
            progress.clear()
            if output.json { JSONOutput.print(ResultJSON(result)) } else { Terminal.out(Self.text(result, good: good, bad: bad)) }
            if !result.found { throw ExitCode(BenchExitCode.inconclusive.rawValue) }
        }

        static func text(_ result: BisectResult, good: String, bad: String) -> String {
            // --run judges by a script's exit code: no metric, nothing stored to reuse.
            let runs = result.metric == nil ? "\(result.runs) run(s) of the script, over \(result.rangeSize) commits"
                : "\(result.runs) benchmark run(s), \(result.reused) stored result(s) reused, over \(result.rangeSize) commits"
            let logCommand = "bench log \(result.good.short)..\(result.bad.short)" + (result.metric.map { " --metric \($0)" } ?? "")
            guard result.found, let culprit = result.culprits.first else {
                var lines = ["Could not narrow it to one commit: \(result.culprits.count) candidates (commits in between were skipped):"]
                lines += result.culprits.map { "  \($0.short)  \($0.subject)" }
                lines += [runs, "See the range: \(logCommand)"]
                return lines.joined(separator: "\n")
            }
            var lines = ["First bad commit: \(culprit.sha)",
                         "  \(culprit.subject)",
                         "  \(culprit.author) <\(culprit.authorEmail)>, \(Timestamp.short(culprit.time))"]
            if let metric = result.metric, let before = result.before, let after = result.after {
                let change = Figures.percentChange(from: before, to: after).map { " (\(Figures.percent($0)))" } ?? ""
                let (was, now) = (Units.describe(before, unit: result.unit, metric: metric), Units.describe(after, unit: result.unit, metric: metric))
                lines.append("  \(metric): \(was) on its parent → \(now)\(change)")
            }
            lines += [runs, "See the range: \(logCommand)"]
            return lines.joined(separator: "\n")
        }

        struct PlanJSON: Encodable {
            var range_size: Int
            var measured: Int
            var max_runs: Int
        }

        struct ResultJSON: Encodable {
            var found: Bool
            var first_bad: CommitJSON?
            var candidates: [CommitJSON]
            var metric: String?
            var before: Double?
            var after: Double?
            var runs: Int
            var reused: Int
            var range_size: Int

            init(_ result: BisectResult) {
                let commits = result.culprits.map(CommitJSON.init)
                found = result.found
                first_bad = result.found ? commits.first : nil
                candidates = commits
                metric = result.metric
                before = result.before
                after = result.after
                runs = result.runs
                reused = result.reused
                range_size = result.rangeSize
            }
        }
    }
}

import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run the benchmarks of bench.toml at a commit and record them.",
            discussion: """
            Runs every [[benchmark]] (or those named) at HEAD in the work tree, or with --at at any \
            revision in a throwaway copy of its tree (your work tree, index and HEAD are not touched). \
            Each benchmark runs `samples` times; every sample is kept and the median is the value. \
            A failing, hanging or silent command records nothing and exits 3.
            """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Benchmarks to run (default: all).", valueName: "name"))
        var names: [String] = []

        @Option(parsing: .unconditional, help: "Run each benchmark this many times (overrides samples in bench.toml).")
        var samples: Int?

        @Option(help: ArgumentHelp("Run at this revision, in a temporary copy of its tree.", valueName: "rev"))
        var at: String?

        @Flag(name: .customLong("no-record"), help: "Measure and print only; record nothing.")
        var noRecord = false

        @Option(help: "Environment to record under (default: local).")
        var environment: String?

        @Option(name: .customLong("branch-name"), help: ArgumentHelp("Branch to record on (default: the current branch).", valueName: "name"))
        var branchName: String?

        @Flag(help: "Take commit, branch, run id, actor and environment from the CI's variables; write a step summary.")
        var ci = false

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let samples, samples < 1 { throw ValidationError("--samples must be 1 or more") }
        }

        func run() throws {
            Interrupts.shared.arm()
            let session = try global.session()
            let progress = ProgressLine()
            var options = RunOptions {
                ($0.names, $0.samples, $0.at, $0.record) = (names, samples, at, !noRecord)
                ($0.recording.environment, $0.recording.branchName) = (environment, branchName)
            }
            if ci { options = try CIContext.required(session.environment).apply(to: options, session: session) }
            let outcome = try Runner(session).run(options, progress: progress.show)
            if ci && !noRecord {
                try StepSummary.append(Views.recordedMarkdown(outcome.snapshots, commit: outcome.commit.short), environment: session.environment)
            }
            progress.clear()
            for warning in outcome.warnings { Terminal.warning(warning) }
            for event in outcome.alerts { Terminal.note(AlertViews.event(event)) }
            if output.json {
                if noRecord {
                    JSONOutput.print(outcome.results.map { ResultJSON($0, commit: outcome.commit.sha) })
                } else {
                    JSONOutput.print(snapshots: outcome.snapshots)
                }
                return
            }
            if noRecord {
                for result in outcome.results {
                    Terminal.out("\(result.modelVersion) at \(outcome.commit.short): \(Formatting.metrics(result.metrics))")
                }
            } else {
                for snapshot in outcome.snapshots {
                    Terminal.out("recorded \(snapshot.series) v\(snapshot.version) at \(outcome.commit.short): \(Formatting.metrics(snapshot.metrics))")
                }
            }
        }
    }
}

/// One measured result, for `bench run --no-record --json`.
struct ResultJSON: Encodable {
    var model_version: String
    var commit_sha: String
    var metrics: [String: Double]
    var units: [String: String]
    var samples: [String: [Double]]

    init(_ result: BenchResult, commit: String) {
        model_version = result.modelVersion
        commit_sha = commit
        metrics = Dictionary(uniqueKeysWithValues: result.metrics.map { ($0.name, $0.metric.value) })
        units = Dictionary(uniqueKeysWithValues: result.metrics.compactMap { metric in metric.metric.unit.map { (metric.name, $0) } })
        samples = Dictionary(uniqueKeysWithValues: result.metrics.compactMap { metric in metric.metric.samples.map { (metric.name, $0) } })
    }
}

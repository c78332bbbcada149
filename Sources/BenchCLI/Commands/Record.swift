import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record results against a commit.",
            discussion: """
            Reads a result file in any format of `bench formats` (found from its content unless \
            --format names it) and records each result as the next snapshot version of its series. Without --commit-sha and --branch-name, HEAD and \
            the current branch are read from the repository; a dirty work tree is recorded and warned.
            """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Result file, or - for standard input.", valueName: "file"))
        var file: String?

        @Option(name: .long, help: ArgumentHelp("Result file, or - for standard input (the same as the argument).", valueName: "file"))
        var input: String?

        @Option(help: "Environment: local, github-actions, production, a testbed name (default: local).")
        var environment: String?

        @Option(name: .customLong("commit-sha"), help: ArgumentHelp("Revision measured (any revision; stored as the full sha).", valueName: "rev"))
        var commitSha: String?

        @Option(name: .customLong("branch-name"), help: ArgumentHelp("Branch of the series (default: the current branch, HEAD when detached).", valueName: "name"))
        var branchName: String?

        @Option(name: .customLong("run-id"), help: "CI run id.")
        var runId: String?

        @Option(name: .customLong("triggered-by"), help: "Who or what triggered the run (default: $USER).")
        var triggeredBy: String?

        @Option(name: .long, parsing: .upToNextOption, help: "Tags for the run.")
        var tags: [String] = []

        @Option(help: "Free-text notes.")
        var notes: String?

        @Option(name: .customLong("dataset-size"), parsing: .unconditional, help: "Number of examples evaluated.")
        var datasetSize: Int?

        @Option(name: .customLong("duration-seconds"), parsing: .unconditional, help: "How long the run took.")
        var durationSeconds: Double?

        @Flag(help: "Read the run back from the store and print its transaction id.")
        var verify = false

        @Flag(help: "Take commit, branch, run id, actor and environment from the CI's variables (GitHub Actions, GitLab CI); write a step summary.")
        var ci = false

        @Option(help: ArgumentHelp("Format of the input (default: found from the content; see `bench formats`).", valueName: "format"))
        var format: ResultFormat = .auto

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if file != nil && input != nil { throw ValidationError("give the result file once: as the argument or with --input") }
            if file == nil && input == nil { throw ValidationError("give a result file: bench record FILE (or - for standard input)") }
            if format == .time { throw ValidationError("--format time measures a command; use it in a [[benchmark]] of bench.toml with `bench run`") }
        }

        func run() throws {
            let session = try global.session()
            var options = RecordOptions {
                ($0.environment, $0.commitRevision, $0.branchName, $0.runId) = (environment, commitSha, branchName, runId)
                ($0.triggeredBy, $0.tags, $0.notes) = (triggeredBy, tags, notes)
                ($0.datasetSize, $0.durationSeconds, $0.verify) = (datasetSize, durationSeconds, verify)
            }
            if ci { options = try CIContext.required(session.environment).apply(to: options) }
            let outcome = try Recorder(session).record(input: file ?? input ?? "-", format: format, options)
            if ci { try StepSummary.append(Views.recordedMarkdown(outcome.snapshots, commit: outcome.commit.short), environment: session.environment) }
            for warning in outcome.warnings { Terminal.warning(warning) }
            for event in outcome.alerts { Terminal.note(AlertViews.event(event)) }
            if output.json {
                JSONOutput.print(snapshots: outcome.snapshots)
            } else {
                for snapshot in outcome.snapshots {
                    Terminal.out("recorded \(snapshot.series) v\(snapshot.version) at \(outcome.commit.short): \(Formatting.metrics(snapshot.metrics))")
                }
            }
            // Under --json, stdout holds only the JSON.
            for id in outcome.verified {
                if output.json { Terminal.note("verified: transaction \(id)") } else { Terminal.out("verified: transaction \(id)") }
            }
        }
    }
}

import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Record historical results in bulk, in one transaction.",
            discussion: """
            Each file is in any format of `bench formats`, found from its content unless --format \
            names it; bench-json results may carry commit_sha, branch_name, environment and \
            created_at (as `bench export --format json` writes them). Every file is checked first: \
            one bad file and nothing is imported.
            """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Result files.", valueName: "file"))
        var files: [String] = []

        @Option(help: "Environment for results that name none (default: local); a result's own environment wins.")
        var environment: String?

        @Option(help: ArgumentHelp("Format of every file (default: found from each file's content; see `bench formats`).", valueName: "format"))
        var format: ResultFormat = .auto

        func validate() throws {
            if format == .time { throw ValidationError("--format time measures a command; use it in a [[benchmark]] of bench.toml with `bench run`") }
            if files.isEmpty { throw ValidationError("give at least one file to import") }
        }

        @Flag(help: "Report progress on stderr even when it is not a terminal (on a terminal it always is).")
        var progress = false

        func run() throws {
            let line = ImportProgress(always: progress)
            let summary = try Importer(global.session())
                .importFiles(files, format: format, environment: environment, progress: line.show)
            line.clear()
            Terminal.out("imported \(summary.runs) runs into \(summary.series) series")
            for warning in summary.warnings { Terminal.warning(warning) }
            for event in summary.alerts { Terminal.note(AlertViews.event(event)) }
        }
    }
}

import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "git log (first parent) with each commit's recorded metrics.",
            discussion: "REV-RANGE is a revision (history up to it) or A..B (commits after A up to B), as in git log.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Revision or range (default: HEAD).", valueName: "rev-range"))
        var range: String?

        @Option(help: "Show only this metric.")
        var metric: String?

        @Option(help: "Show only this model's series.")
        var model: String?

        @Option(name: [.customShort("n"), .customLong("max-count")], parsing: .unconditional, help: "Show at most this many commits.")
        var maxCount: Int?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let maxCount, maxCount < 1 { throw ValidationError("-n/--max-count must be 1 or more") }
        }

        func run() throws {
            let commits = try CommitLog(global.session())
                .log(range: range, limit: maxCount, model: model, metric: metric)
            guard output.json else { Terminal.out(Views.log(commits, metric: metric)); return }
            JSONOutput.print(commits.map { LoggedCommitJSON($0, metric: metric) })
        }
    }
}

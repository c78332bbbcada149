import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Align: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "align",
            abstract: "Realign a branch's snapshots with its history (after a rebase, reset or force-push).",
            discussion: "Snapshots whose commit is no longer reachable from the branch tip become inactive; the newest reachable one becomes current, unless a checkout pinned one.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "The branch (default: the current one).")
        var branch: String?

        func run() throws {
            let outcomes = try Aligner(global.session()).align(branch: branch)
            let lines = AlignSummary.lines(outcomes)
            Terminal.out(lines.isEmpty ? "bench: snapshots already follow the branch's history" : lines.joined(separator: "\n"))
        }
    }
}

import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Tag: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tag",
            abstract: "Write a commit's results as a git note (refs/notes/bench); show them with `git log --notes=bench`.",
            discussion: "One line per snapshot: series, version and metrics. With --push, the remote's notes are fetched and merged first, then pushed; a push that races another job is merged and tried again.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The commit (default: HEAD).", valueName: "rev"))
        var revision: String?

        @Flag(help: "Push the notes ref after writing.")
        var push = false

        @Option(help: "The remote to push to.")
        var remote: String = "origin"

        func run() throws {
            let outcome = try Tagger(global.session())
                .tag(revision, push: push ? remote : nil)
            Terminal.out("noted \(outcome.commit.short) in \(Tagger.notesRef)\(outcome.pushed ? " and pushed it to \(remote)" : ""):")
            Terminal.out(outcome.note.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
    }
}

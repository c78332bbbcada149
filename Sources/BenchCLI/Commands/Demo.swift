import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a throwaway repository, record every commit, and show the story.",
            discussion: "A dozen commits of a small classifier whose f1 drops at one commit; then history, current, compare and log.")

        @Option(help: ArgumentHelp("Directory to create the demo repository in (default: the temporary directory).", valueName: "dir"))
        var dir: String?

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let parent = dir ?? FileManager.default.temporaryDirectory.path
            Terminal.out("Building a demo repository and recording every commit…")
            let path = try BenchKit.Demo.build(under: parent, environment: environment) { Terminal.out($0) }
            let session = try Session(path: path, environment: environment)
            let queries = SnapshotQueries(session)
            let classifier = SeriesFilter(modelVersion: "classifier")
            let bad = BenchKit.Demo.regressingStep

            section("bench history classifier")
            Terminal.out(Views.history(try queries.history(classifier)))
            section("bench current")
            Terminal.out(Views.current(try queries.current()))
            section("bench compare classifier \(bad - 1) \(bad)")
            Terminal.out(Views.comparison(try queries.compare(classifier, from: bad - 1, to: bad)))
            section("bench log --metric f1")
            Terminal.out(Views.log(try CommitLog(session).log(range: nil, limit: nil), metric: "f1"))
            // The way this bench was started, so the suggestion works before bench is on PATH.
            let bench = CommandLine.arguments[0].contains("/")
                ? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path : "bench"
            Terminal.out("""

            f1 fell at v\(bad). The repository is kept at \(path); try:
              cd \(path) && \(bench) history classifier && \(bench) bisect --good HEAD~\(BenchKit.Demo.commitCount - bad + 1) --bad HEAD --metric f1
            """)
        }

        private func section(_ command: String) {
            Terminal.out("\n$ \(command)")
        }
    }
}

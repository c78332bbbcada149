import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the regression gate at work in a throwaway repository.",
            discussion: """
            Builds a repository with a bare remote and bench's hooks, measures and pushes seven \
            good commits, then five more whose push is refused because one made f1 drop; \
            `bench check` gives the verdict and `bench bisect` names the commit from stored \
            results. Each step shows the command a user would type and what it printed. The \
            repository is removed afterwards unless --keep is given.
            """)

        @Option(help: ArgumentHelp("Directory to create the demo in (default: the temporary directory).", valueName: "dir"))
        var dir: String?

        @Flag(help: "Keep the demo's repository (and print how to open the dashboard on it).")
        var keep = false

        func run() throws {
            let started = Date()
            let demo = try BenchKit.Demo(under: dir ?? FileManager.default.temporaryDirectory.path,
                                         environment: ProcessInfo.processInfo.environment)
            let story: DemoStory
            do {
                story = try demo.tell(show)
            } catch {
                if !keep { demo.remove() }
                throw error
            }
            let seconds = Date().timeIntervalSince(started)
            let bench = Self.invokedAs
            Terminal.out("""

            The push was refused, and \(Figures.short(story.culprit.sha)) "\(story.culprit.subject)" is the commit that made f1 drop \
            (\(String(format: "%.1f", seconds)) s).
            """)
            if keep {
                Terminal.out("""

                The repository is kept at \(story.repository). Open the dashboard on it:
                  \(bench) serve --repo \(ChildProcess.shellQuoted(story.repository))       # then http://127.0.0.1:8080
                  \(bench) report --html report.html --repo \(ChildProcess.shellQuoted(story.repository))
                """)
            } else {
                demo.remove()
                Terminal.out("""

                The repository is removed. To keep it and open the dashboard on it:
                  \(bench) demo --keep
                """)
            }
        }

        private func show(_ step: DemoStep) {
            Terminal.out("\n$ \(step.command)")
            if let comment = step.comment { Terminal.out("# " + comment.replacingOccurrences(of: "\n", with: "\n# ")) }
            let output = step.output.hasSuffix("\n") ? String(step.output.dropLast()) : step.output
            if !output.isEmpty { Terminal.out(output) }
        }

        /// The way this bench was started, so the suggestions work before bench is on PATH.
        static var invokedAs: String {
            CommandLine.arguments[0].contains("/") ? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path : "bench"
        }
    }
}

import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Hook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hook",
            abstract: "Run a git hook's work (called by the installed hooks).", shouldDisplay: false)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The hook.")
        var name: HookName

        @Argument(parsing: .captureForPassthrough, help: "The arguments git gave the hook.")
        var arguments: [String] = []

        func run() throws {
            Interrupts.shared.install()
            let session = try global.session()
            let progress = ProgressLine()
            let runner = HookRunner(session, progress: progress.show)
            let outcome = runner.run(name) { String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
            progress.clear()
            // Hooks talk on stderr: git shows it, and stdout of a hook is not for data.
            for report in outcome.reports {
                // A passing check says no more than the live alerts on its series, one line each.
                if report.verdict == .unchanged {
                    for alert in report.alerts { Terminal.note(AlertViews.mention(alert)) }
                } else {
                    Terminal.note(CheckViews.text(report))
                }
            }
            for message in outcome.messages { Terminal.note(message) }
            for event in outcome.alerts { Terminal.note(AlertViews.event(event)) }
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        }
    }
}

/// A hook's name on the command line: one of the three bench installs.
extension HookName: ExpressibleByArgument {}

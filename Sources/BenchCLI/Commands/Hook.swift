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
            try Self.perform(name, session: global.session())
        }

        /// The hook's work, shared by `run()` and git's own calls (`calledByGit`).
        static func perform(_ name: HookName, session: @autoclosure () throws(BenchError) -> Session) throws {
            Interrupts.shared.arm()
            let session = try session()
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

        /// The hook git asked for, when the command line is exactly what an installed hook
        /// passes (`hook NAME` and git's own arguments, none an option). git runs the hooks on
        /// every push, merge and rebase, and the command-line parser's reflection (first-time
        /// protocol-conformance lookups) is about a fifth of a hook's time, so these calls skip
        /// it; anything else (`--help`, `--repo`, a mistyped name) goes through the parser.
        static func calledByGit(_ arguments: [String]) -> HookName? {
            guard arguments.count >= 2, arguments[0] == configuration.commandName,
                  let name = HookName(rawValue: arguments[1]),
                  !arguments.dropFirst(2).contains(where: { $0.hasPrefix("-") }) else { return nil }
            return name
        }
    }
}

/// A hook's name on the command line: one of the three bench installs.
extension HookName: ExpressibleByArgument {}

import ArgumentParser
import BenchCore
import BenchKit
import Foundation

/// The root command: `bench <subcommand>`.
public struct Bench: ParsableCommand {
    public static var configuration: CommandConfiguration {
        var configuration = rootConfiguration
        if CompletionCheck.isSkipped { configuration._superCommandName = "" }
        return configuration
    }

    private static let rootConfiguration = CommandConfiguration(
        commandName: "bench",
        abstract: "Link benchmark and evaluation results to git commits.",
        discussion: """
        Records every run against the commit it measured, keeps versioned snapshots per series \
        and branch, and compares them. Exit codes: 0 success, 1 regression, 2 bad input (nothing \
        written), 3 environment (not a repository, store unreachable), 4 inconclusive.
        """,
        version: BuildInfo.current.text,
        subcommands: [Init.self, Record.self, Run.self, Check.self, Alerts.self, Changes.self, Bisect.self, Hooks.self, Hook.self, Align.self, Tag.self, Database.self, Sync.self, Serve.self, Report.self, Formats.self, Current.self, History.self, Checkout.self, Compare.self,
                      Baseline.self, Log.self, Export.self, Import.self, Prune.self, Demo.self, Doctor.self, Version.self, Testbeds.self, Notify.self])

    public init() {}

    /// Parses the command line, runs the command, and exits with DESIGN.md's codes:
    /// usage errors are 2 (ArgumentParser's own default is 64), failures print
    /// `error:` and `hint:` lines and never a stack trace.
    ///
    /// Synchronous on purpose: every command but `serve` and `report` runs on the main
    /// thread, so a command starts no thread pool and allocates from glibc's main arena
    /// (a thread's arena grows a page at a time, one `mprotect` each: 500 of them for a
    /// `check` at 1M). The two async commands run in a task while the main thread parks in
    /// `dispatchMain()`.
    public static func start() -> Never {
        StandardInput.protect()
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            if let hook = Hook.calledByGit(arguments) {
                try Hook.perform(hook, session: GlobalOptions.session())
                Foundation.exit(BenchExitCode.success.rawValue)
            }
            var command = try QuickParse.command(arguments) ?? parse(arguments)
            // By type, not `as? AsyncParsableCommand`: a cast to a protocol the command does
            // not conform to scans every conformance record in the binary.
            if asyncCommands.contains(where: { $0 == type(of: command) }), let asyncCommand = command as? AsyncParsableCommand {
                runInTask(AsyncCommand(command: asyncCommand))
            }
            try command.run()
            Foundation.exit(BenchExitCode.success.rawValue)
        } catch {
            finish(with: error)
        }
    }

    /// The command a line asks for, as ArgumentParser parses it, after git's "did you mean".
    private static func parse(_ arguments: [String]) throws -> any ParsableCommand {
        if let unknown = Mistypes.unknownCommand(arguments) {
            Terminal.error(unknown.message, hint: unknown.hint)
            Foundation.exit(BenchExitCode.badInput.rawValue)
        }
        return try CompletionCheck.skipping(unlessIn: arguments) { try parseAsRoot() }
    }

    /// The commands whose `run()` is async (`CommandNameTests` holds this list to the tree).
    static let asyncCommands: [any ParsableCommand.Type] = [Serve.self, Report.self]

    /// An async command, handed once from the main thread to the task that runs it.
    private struct AsyncCommand: @unchecked Sendable {
        var command: AsyncParsableCommand
    }

    private static func runInTask(_ job: AsyncCommand) -> Never {
        Task {
            var job = job
            do {
                try await job.command.run()
                Foundation.exit(BenchExitCode.success.rawValue)
            } catch {
                finish(with: error)
            }
        }
        dispatchMain()
    }

    /// Exits with the code of `error`, having said what it was.
    private static func finish(with error: any Error) -> Never {
        do {
            throw error
        } catch let error as BenchError {
            Terminal.error(error.message, hint: error.hint)
            Foundation.exit(BenchExitCode(error.kind).rawValue)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            // ArgumentParser's "Error: …" becomes bench's error/hint pair, still exit 2.
            let help = fullMessage(for: error).split(separator: "\n").first { $0.contains("See '") }
            // ArgumentParser itself says "Did you mean '--input'?" of a mistyped option.
            Terminal.error(oneLine(message(for: error)), hint: help.map { "s" + $0.trimmingCharacters(in: .whitespaces).dropFirst() }
                           ?? "see 'bench --help'")
            Foundation.exit(BenchExitCode.badInput.rawValue)
        }
    }

    /// ArgumentParser lists the valid values on lines of their own; bench says it on one.
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let items = lines.dropFirst().filter { $0.hasPrefix("- ") }.map { $0.dropFirst(2) }
        guard let first = lines.first, !items.isEmpty else { return lines.joined(separator: " ") }
        let lead = first.hasSuffix("one of the following:") ? String(first.dropLast("the following:".count)) : first + " "
        return lead + items.joined(separator: ", ")
    }
}

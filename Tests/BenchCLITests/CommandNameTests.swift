import ArgumentParser
@testable import BenchCLI
import Testing

/// Every command names itself. Without `commandName`, ArgumentParser derives the name with
/// `String(describing:)` on the type, a scan of every protocol conformance in the binary, and
/// it does so on every start, whichever command runs: the two commands that lacked a name
/// cost the pre-push hook about a fifth of its time (issue 16).
@Suite struct CommandNameTests {
    static func tree(_ command: ParsableCommand.Type, path: String = "bench") -> [(path: String, command: ParsableCommand.Type)] {
        [(path, command)] + command.configuration.subcommands.flatMap { sub in
            tree(sub, path: path + " " + (sub.configuration.commandName ?? "\(sub)"))
        }
    }

    @Test func everyCommandNamesItself() {
        let commands = Self.tree(Bench.self)
        #expect(commands.count > 30, "the walk reached \(commands.count) commands")
        let unnamed = commands.filter { $0.command.configuration.commandName == nil }.map(\.path)
        #expect(unnamed.isEmpty, "commands without commandName: \(unnamed)")
    }

    /// `Bench.start` runs a command in a task only when its type is in `asyncCommands`
    /// (asking each command whether it is async would scan the conformances): an async
    /// command missing from the list would get ArgumentParser's synchronous `run()`, which
    /// prints the help and exits 0.
    @Test func theAsyncCommandsAreTheListedOnes() {
        let async = Self.tree(Bench.self).filter { $0.command is AsyncParsableCommand.Type }.map(\.path)
        let listed = Self.tree(Bench.self).filter { command in Bench.asyncCommands.contains { $0 == command.command } }.map(\.path)
        #expect(async == ["bench serve", "bench report"])
        #expect(listed == async)
    }
}

import ArgumentParser
import BenchCore
import Foundation

/// "did you mean …?" for a mistyped command, as git says it (ArgumentParser says it of options).
enum Mistypes {
    /// The command the arguments name (`bench hooks install` → `Hooks.Install`), and the first
    /// word that names no subcommand where one was expected.
    static func walk(_ arguments: [String]) -> (command: ParsableCommand.Type, unknown: String?) {
        var command: ParsableCommand.Type = Bench.self
        for argument in arguments {
            if argument == "--" || argument.hasPrefix("-") { break }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { break }
            if let next = subcommands.first(where: { name(of: $0) == argument || $0.configuration.aliases.contains(argument) }) {
                command = next
                continue
            }
            return (command, argument == "help" ? nil : argument)
        }
        return (command, nil)
    }

    static func name(of command: ParsableCommand.Type) -> String {
        command.configuration.commandName ?? command._commandName
    }

    /// A usage error for an unknown command, with the closest one, before the parser runs.
    static func unknownCommand(_ arguments: [String]) -> (message: String, hint: String)? {
        let (command, unknown) = walk(arguments)
        guard let unknown else { return nil }
        let names = command.configuration.subcommands.map(name(of:))
        // A command with a default subcommand may take words of its own: only a near miss is refused here.
        if command.configuration.defaultSubcommand != nil && Suggestion.closest(to: unknown, among: names) == nil { return nil }
        let path = ObjectIdentifier(command) == ObjectIdentifier(Bench.self) ? "bench" : "bench " + arguments.prefix { $0 != unknown }.joined(separator: " ")
        return ("'\(unknown)' is not a \(path) command",
                Suggestion.didYouMean(unknown, among: names) + "see '\(path) --help'")
    }
}

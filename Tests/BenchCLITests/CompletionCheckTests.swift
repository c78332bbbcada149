import BenchTestSupport
import Foundation
import Testing

/// bench skips ArgumentParser's look for `--generate-completion-script` while it parses a
/// command line without it (`CompletionCheck`): what users read stays as it was. Help,
/// usage lines and errors name `bench` alone; the completion scripts and the help dump
/// still come when asked for, in each spelling.
@Suite struct CompletionCheckTests {
    @Test func helpErrorsAndCompletionScriptsReadAsBefore() throws {
        let box = try Sandbox()
        let help = try box.bench("--help")
        #expect(help.status == 0 && help.stdout.contains("\nUSAGE: bench <subcommand>\n"), "\(help.stdout)")
        let subcommand = try box.bench("help", "compare")
        #expect(subcommand.stdout.contains("\nUSAGE: bench compare [--repo <path>]"), "\(subcommand.stdout)")
        let usage = try box.bench("compare", "--by", "commit", "HEAD")
        #expect(usage.status == 2)
        #expect(usage.stderr.hasSuffix("\nhint: see 'bench compare --help' for more information.\n"), "\(usage.stderr)")
        let mistyped = try box.bench("record", "--inptu", "x")
        #expect(mistyped.stderr == "error: Unknown option '--inptu'. Did you mean '--input'?\nhint: see 'bench record --help' for more information.\n")

        let bash = try box.bench("--generate-completion-script", "bash")
        #expect(bash.status == 0 && bash.stdout.hasPrefix("#!/bin/bash") && bash.stdout.contains("---completion history -- positional@0"))
        let zsh = try box.bench("--generate-completion-script=zsh")
        #expect(zsh.status == 0 && zsh.stdout.hasPrefix("#compdef bench"), "\(zsh.stdout.prefix(80))")
        let dump = try box.bench("--experimental-dump-help")
        #expect(dump.status == 0 && dump.stdout.contains("\"commandName\" : \"bench\""))
        #expect(!dump.stdout.contains("\"superCommands\" : [\n          \"\""), "no empty super command in the dump")
    }
}

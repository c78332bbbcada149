import ArgumentParser
@testable import BenchCLI
import Testing

/// `QuickParse` takes the plain command lines of `current`, `history`, `log`, `check` and
/// `record` without ArgumentParser: it must make of each exactly what ArgumentParser makes,
/// and leave everything else (help, errors, forms it does not know) to ArgumentParser.
///
/// The comparison is of the whole command as `String(reflecting:)` prints it: every
/// property wrapper and its value, option groups included. A property the quick parse does
/// not set prints as ArgumentParser's unparsed definition, so a command that gains an
/// option fails here until `QuickParse` sets it.
@Suite struct QuickParseTests {
    static let taken: [[String]] = [
        ["current"], ["current", "--json"], ["current", "--branch", "main"], ["current", "--branch=main", "--json"],
        ["current", "--environment", "ci", "--repo", "/tmp", "--database", "sqlite"],
        ["history", "model-01"], ["history", "model-01", "-n", "50"], ["history", "-n", "50", "model-01"],
        ["history", "model-01", "--limit=20", "--before", "100", "--json"],
        ["history", "model-01", "--branch", "dev", "--environment", "ci", "--dataset", "d1", "--prompt", "p1"],
        ["history", "--repo", "/tmp", "--database=sqlite", "current"],
        ["log"], ["log", "-n", "50", "--metric", "f1"], ["log", "HEAD~3..HEAD"], ["log", "--model", "m", "--max-count", "5", "--json"],
        ["log", "main", "--max-count=3", "--repo", "/tmp"],
        ["check"], ["check", "--json"], ["check", "--against", "merge-base"], ["check", "--against", "v1.0"],
        ["check", "--against=parent", "--threshold", "5%"], ["check", "--threshold-model", "percentage"],
        ["check", "--metric", "f1", "--metric", "recall"], ["check", "--model", "m", "--commit", "HEAD~1", "--rerun", "3"],
        ["check", "--any-testbed", "--markdown", "--report-url", "https://ci.example/run/1"], ["check", "--junit", "verdicts.xml"],
        ["record", "result.json"], ["record", "--input", "result.json"], ["record", "--input", "/tmp/result.json"], ["record", "-"], ["record", "-", "--json"],
        ["record", "result.json", "--environment", "ci", "--commit-sha", "abc", "--branch-name", "main", "--run-id", "7",
         "--triggered-by", "me", "--notes", "n", "--dataset-size", "100", "--duration-seconds", "1.5", "--verify", "--ci",
         "--format", "hyperfine", "--json", "--database", "sqlite"],
    ]

    static let declined: [[String]] = [
        [], ["version"], ["--version"], ["current", "--help"], ["current", "-h"], ["current", "--json", "--json"],
        ["current", "--bogus"], ["current", "x"], ["current", "--", "x"], ["current", "--json=true"], ["current", "--branch"],
        ["current", "--branch", "--json"], ["current", "--environment=", "--json"], ["current", "--branch", ""], ["history"], ["history", "m", "-n", "x"], ["history", "m", "-n"], ["history", "m", "-n", "-5"],
        ["history", "m", "-n5"], ["history", "a", "b"], ["history", ""], ["log", "a", "b"], ["log", "-x"], ["check", "--metric"], ["check", "--rerun", "101"],
        ["check", "--markdown", "--json"], ["check", "--threshold", "abc"], ["check", "--threshold-model", "nonsense"],
        ["check", "--report-url", "https://x"], ["record"], ["record", "--tags", "a"], ["record", "--format", "time", "x"],
        ["record", "a", "--input", "b"], ["record", "--input", "-"], ["record", "a", "--dataset-size", "many"], ["record", "a", "-h"],
    ]

    @Test(arguments: taken) func aPlainLineIsWhatArgumentParserMakesOfIt(_ line: [String]) throws {
        let quick = try #require(QuickParse.command(line), "QuickParse left \(line) to ArgumentParser")
        let parsed = try Bench.parseAsRoot(line)
        #expect(type(of: quick) == type(of: parsed))
        #expect(String(reflecting: quick) == String(reflecting: parsed))
        #expect(!String(reflecting: quick).contains("definition"))
    }

    @Test(arguments: declined) func everythingElseIsLeftToArgumentParser(_ line: [String]) {
        #expect(QuickParse.command(line) == nil)
    }

    /// A command whose struct gains an option is caught even when no line gives it.
    @Test func aPropertyLeftUnsetShowsAsADefinition() throws {
        var current = Bench.Current()
        current.global = GlobalOptions()
        #expect(String(reflecting: current).contains("definition"))
    }

    /// A flag its form forgets to list is read as an option taking the next word: asked for
    /// as a flag, it declines the line instead of dropping the flag and the word.
    @Test func aFlagTheFormDoesNotListDeclinesTheLine() throws {
        let form = QuickParse.Form(flags: []) { line throws(QuickParse.Declined) in
            var output = OutputOptions()
            output.json = try line.flag("json")
            var command = Bench.Current()
            command.output = output
            return command
        }
        var line = try #require(PlainLine(["--json", "extra"], form))
        #expect(throws: QuickParse.Declined.self) { try form.build(&line) }
        let listed = QuickParse.Form(build: form.build)
        var given = try #require(PlainLine(["--json"], listed))
        #expect(try (listed.build(&given) as? Bench.Current)?.output.json == true)
    }
}

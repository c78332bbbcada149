import ArgumentParser
import BenchCore
import BenchKit

/// The plain command lines of the commands run most often (`current`, `history`, `log`,
/// `check`, `record`, as CI, hooks and scripts run them), parsed without ArgumentParser.
///
/// ArgumentParser finds a command's options by reflection: `Mirror` over every option group
/// and a protocol-conformance lookup for each property's type, each lookup a scan of the
/// binary's 8,700 conformance records. That was 1.5 to 2 ms of every such command, a third
/// of `current --json` at a million results (issue 16).
///
/// What this parses is a strict subset: long options (`--name value`, `--name=value`), the
/// commands' own short aliases (`-n 50`), flags and positional values. Anything else (help,
/// a short option it does not know, `--`, a value that is empty or starts with `-`, an option given
/// twice, a value its type refuses, a command line `validate()` refuses) it leaves to
/// ArgumentParser, which answers as it always has: errors and help have one source.
/// `QuickParseTests` holds every command line it takes to what ArgumentParser makes of it,
/// field by field, and fails when a command gains an option this file does not set.
enum QuickParse {
    /// The command `arguments` (without the program name) ask for, or nil: let ArgumentParser parse them.
    static func command(_ arguments: [String]) -> (any ParsableCommand)? {
        guard let name = arguments.first, let form = form(name),
              var line = PlainLine(arguments.dropFirst(), form) else { return nil }
        do {
            var command = try form.build(&line)
            // Every token was used for what it says, and the command takes it as ArgumentParser would.
            guard line.isUsedUp else { return nil }
            try command.validate()
            return command
        } catch {
            return nil
        }
    }

    /// How a command's line reads: its flags (every other option takes a value), the options
    /// it takes more than once, its short aliases, how many positional values it takes, and
    /// how its struct is filled. An option the build does not ask for declines the line.
    struct Form {
        var repeatable: Set<String> = []
        var flags: Set<String> = ["json"]
        var short: [String: String] = [:]
        var positionals = 0
        var build: (inout PlainLine) throws(Declined) -> any ParsableCommand
    }

    struct Declined: Error {}

    static func form(_ command: String) -> Form? {
        switch command {
        case "current": Form { line throws(Declined) in
            var command = Bench.Current()
            command.global = try line.global()
            (command.branch, command.environment) = try (line.value("branch"), line.value("environment"))
            command.output = try line.output()
            return command
        }
        case "history": Form(short: ["n": "limit"], positionals: 1) { line throws(Declined) in
            var command = Bench.History()
            command.global = try line.global()
            guard let model = line.positional(0) else { throw Declined() }
            var series = SeriesOptions()
            series.model = model
            series.choice = try line.seriesChoice()
            command.series = series
            (command.limit, command.before) = try (line.value("limit"), line.value("before"))
            command.output = try line.output()
            return command
        }
        case "log": Form(short: ["n": "max-count"], positionals: 1) { line throws(Declined) in
            var command = Bench.Log()
            command.global = try line.global()
            command.range = line.positional(0)
            (command.metric, command.model, command.maxCount) = try (line.value("metric"), line.value("model"), line.value("max-count"))
            command.output = try line.output()
            return command
        }
        case "check": Form(repeatable: ["metric"], flags: ["json", "any-testbed", "markdown"]) { line throws(Declined) in
            var command = Bench.Check()
            command.global = try line.global()
            command.against = try line.value("against") ?? .automatic
            (command.threshold, command.verdictModel) = try (line.value("threshold"), line.value("threshold-model"))
            command.metric = try line.values("metric")
            (command.model, command.commit) = try (line.value("model"), line.value("commit"))
            command.rerun = try line.value("rerun") ?? 0
            (command.anyTestbed, command.markdown) = try (line.flag("any-testbed"), line.flag("markdown"))
            (command.reportURL, command.junit) = try (line.value("report-url"), line.value("junit"))
            command.output = try line.output()
            return command
        }
        case "record": Form(flags: ["json", "verify", "ci"], positionals: 1) { line throws(Declined) in
            var command = Bench.Record()
            command.global = try line.global()
            (command.file, command.input, command.environment) = try (line.positional(0), line.value("input"), line.value("environment"))
            (command.commitSha, command.branchName) = try (line.value("commit-sha"), line.value("branch-name"))
            (command.runId, command.triggeredBy, command.notes) = try (line.value("run-id"), line.value("triggered-by"), line.value("notes"))
            // `--tags` takes every value up to the next option: ArgumentParser's to parse.
            command.tags = []
            (command.datasetSize, command.durationSeconds) = try (line.value("dataset-size"), line.value("duration-seconds"))
            (command.verify, command.ci) = try (line.flag("verify"), line.flag("ci"))
            command.format = try line.value("format") ?? .auto
            command.output = try line.output()
            return command
        }
        default: nil
        }
    }
}

/// A command line split into options, flags and positional values by a `QuickParse.Form`;
/// nil when it holds anything the form does not know.
struct PlainLine {
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    private var positionals: [String] = []
    /// The options and flags asked for so far: all of them, once the command is built.
    private var used: Set<String> = []

    init?(_ tokens: ArraySlice<String>, _ form: QuickParse.Form) {
        var rest = tokens[...]
        while let token = rest.popFirst() {
            guard !token.isEmpty else { return nil }
            if token == "-" || !token.hasPrefix("-") {
                positionals.append(token)
                continue
            }
            let name: String, attached: String?
            if token.hasPrefix("--") {
                let body = token.dropFirst(2)
                if let equals = body.firstIndex(of: "=") {
                    (name, attached) = (String(body[..<equals]), String(body[body.index(after: equals)...]))
                } else {
                    (name, attached) = (String(body), nil)
                }
            } else if let long = form.short[String(token.dropFirst())] {
                (name, attached) = (long, nil)
            } else {
                return nil
            }
            if form.flags.contains(name) {
                guard attached == nil, flags.insert(name).inserted else { return nil }
            } else {
                guard values[name] == nil || form.repeatable.contains(name),
                      let value = attached ?? rest.popFirst(), !value.isEmpty, !value.hasPrefix("-") else { return nil }
                values[name, default: []].append(value)
            }
        }
        guard positionals.count <= form.positionals else { return nil }
    }

    /// Every option and flag given was asked for by the command's build.
    var isUsedUp: Bool { Set(values.keys).union(flags).isSubset(of: used) }

    /// The option's value as its type reads an argument (ArgumentParser's own `init?(argument:)`).
    mutating func value<T: ExpressibleByArgument>(_ name: String) throws(QuickParse.Declined) -> T? {
        used.insert(name)
        guard !flags.contains(name) else { throw QuickParse.Declined() }
        guard let text = values[name]?.last else { return nil }
        guard let value = T(argument: text) else { throw QuickParse.Declined() }
        return value
    }

    mutating func values(_ name: String) throws(QuickParse.Declined) -> [String] {
        used.insert(name)
        guard !flags.contains(name) else { throw QuickParse.Declined() }
        return values[name] ?? []
    }

    /// Whether the flag was given. A flag the form does not list was read as an option
    /// with a value: the line is declined.
    mutating func flag(_ name: String) throws(QuickParse.Declined) -> Bool {
        used.insert(name)
        guard values[name] == nil else { throw QuickParse.Declined() }
        return flags.contains(name)
    }

    func positional(_ index: Int) -> String? {
        index < positionals.count ? positionals[index] : nil
    }

    mutating func global() throws(QuickParse.Declined) -> GlobalOptions {
        var global = GlobalOptions()
        (global.repo, global.database) = try (value("repo"), value("database"))
        return global
    }

    mutating func output() throws(QuickParse.Declined) -> OutputOptions {
        var output = OutputOptions()
        output.json = try flag("json")
        return output
    }

    mutating func seriesChoice() throws(QuickParse.Declined) -> SeriesChoiceOptions {
        var choice = SeriesChoiceOptions()
        (choice.branch, choice.environment) = try (value("branch"), value("environment"))
        (choice.dataset, choice.prompt) = try (value("dataset"), value("prompt"))
        return choice
    }
}

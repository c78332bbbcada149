import ArgumentParser
import BenchCore
import BenchKit
import Foundation

/// Flags every command takes: where the repository and the store are.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Run as if bench was started in this directory.", valueName: "path"))
    var repo: String?

    @Option(name: .long, help: ArgumentHelp("Store to use: sqlite, a SQLite file, or a postgres:// URL (overrides BENCH_DATABASE_URL and bench.toml).", valueName: "url"))
    var database: String?

    /// The command's session: the repository it works in and, opened when first needed,
    /// the store `--database` (else BENCH_DATABASE_URL, else bench.toml) names.
    func session(readConfig: Bool = true) throws(BenchError) -> Session {
        try Self.session(repo: repo, database: database, readConfig: readConfig)
    }

    /// The session of a command run in `repo` (default: here) on `database` (default: from
    /// BENCH_DATABASE_URL or bench.toml).
    static func session(repo: String? = nil, database: String? = nil, readConfig: Bool = true) throws(BenchError) -> Session {
        let session = try Session(path: repo ?? FileManager.default.currentDirectoryPath, database: database,
                                  environment: ProcessInfo.processInfo.environment, readConfig: readConfig)
        session.onNotice = Terminal.note
        return session
    }
}

/// `--json` on read commands.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of a table (shape documented in the README).")
    var json = false
}

/// The flags that pick one series out of several with the same model.
struct SeriesOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The model_version (or benchmark name) of the series.", valueName: "model"),
              completion: .custom(SeriesCompletion.models))
    var model: String

    @OptionGroup var choice: SeriesChoiceOptions

    var filter: SeriesFilter { choice.filter(model: model) }
}

/// The flags that tell apart the series of one model: branch, environment, dataset, prompt.
struct SeriesChoiceOptions: ParsableArguments {
    @Option(help: "Branch of the series (default: the current branch, when it has one).")
    var branch: String?

    @Option(help: "Environment of the series (local, github-actions, production, …).")
    var environment: String?

    @Option(help: "dataset_version of the series.")
    var dataset: String?

    @Option(help: "prompt_version of the series.")
    var prompt: String?

    func filter(model: String?) -> SeriesFilter {
        SeriesFilter(modelVersion: model, datasetVersion: dataset, promptVersion: prompt, environment: environment, branchName: branch)
    }
}

/// `--format` of the commands that read a file: `--help` and errors list every format but
/// `time` (it reads no file; `validate()` says where it belongs when given).
extension ResultFormat: ExpressibleByArgument {
    public static var allValueStrings: [String] { fileFormats.map(\.rawValue) }
}

/// `--model`: a verdict model by name, listed in `--help`.
extension VerdictModel.Kind: ExpressibleByArgument {}

/// `--against`: a keyword (listed in `--help`) or any revision.
extension BaselineChoice: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }

    public static var allValueStrings: [String] { ["auto", "merge-base", "baseline", "parent"] }

    public var defaultValueDescription: String {
        switch self {
        case .automatic: "auto"
        case .explicit: "baseline"
        case .mergeBase: "merge-base"
        case .parent: "parent"
        case .revision(let revision): revision
        }
    }
}

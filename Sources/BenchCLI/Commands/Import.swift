import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Record historical results in bulk, in one transaction.",
            discussion: """
            Each file is bench-json; results may carry commit_sha, branch_name, environment and \
            created_at (as `bench export --format json` writes them). Every file is checked first: \
            one bad file and nothing is imported.
            """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Result files.", valueName: "file"))
        var files: [String] = []

        @Option(help: "Environment for results that name none (default: local); a result's own environment wins.")
        var environment: String?

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one file to import") }
        }

        func run() throws {
            let snapshots = try Importer(global.session())
                .importFiles(files, environment: environment)
            let series = Set(snapshots.map(\.series)).count
            Terminal.out("imported \(snapshots.count) runs into \(series) series")
        }
    }
}

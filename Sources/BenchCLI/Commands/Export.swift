import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension ExportFormat: ExpressibleByArgument {}

extension Bench {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write every recorded run as CSV or JSON.",
            discussion: "JSON output is bench-json with provenance: `bench import` reads it back.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "csv or json.")
        var format: ExportFormat = .csv

        @Option(help: ArgumentHelp("Only runs recorded on or after this date (2026-11-01 or an ISO 8601 time).", valueName: "date"))
        var since: String?

        @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        func validate() throws {
            if let since, Timestamp.parse(since) == nil {
                throw ValidationError("--since '\(since)' is not a date; use 2026-11-01 or 2026-11-01T12:00:00Z")
            }
        }

        func run() throws {
            let runs = try SnapshotQueries(global.session())
                .runs(since: since.flatMap(Timestamp.parse))
            let text = format == .csv ? Exporter.csv(runs) : Exporter.json(runs)
            if let output {
                try Exporter.write(text, to: output)
                Terminal.note("exported \(runs.count) runs to \(output)")
            } else {
                print(text, terminator: "")
            }
        }
    }
}

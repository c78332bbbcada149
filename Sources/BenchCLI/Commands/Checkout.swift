import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Checkout: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkout",
            abstract: "Roll a series back to an older version, or forward to the latest.",
            discussion: "The chosen version becomes current; nothing is deleted, and the checkout is itself recorded in the audit log.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var series: SeriesOptions

        @Option(parsing: .unconditional, help: "The version to make current.")
        var version: Int?

        @Flag(help: "Make the newest version current again (undo a rollback).")
        var latest = false

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (version == nil) != (!latest) else { throw ValidationError("give exactly one of --version N and --latest") }
            if let version, version < 1 { throw ValidationError("--version must be 1 or more") }
        }

        func run() throws {
            let snapshot = try SnapshotActions(global.session())
                .checkout(series.filter, version: latest ? nil : version)
            if output.json { JSONOutput.print(SnapshotJSON(snapshot)); return }
            Terminal.out("\(snapshot.series): v\(snapshot.version) is now current (commit \(Formatting.short(snapshot.commitSha)))")
            Terminal.out("  \(Formatting.metrics(snapshot.metrics))")
        }
    }
}

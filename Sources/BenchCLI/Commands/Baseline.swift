import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Baseline: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "baseline",
            abstract: "Set, show or clear the baseline a series is compared with.",
            subcommands: [Set.self, Show.self, Clear.self],
            defaultSubcommand: Show.self)

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "set", abstract: "Mark a version (default: the current one) as the series' baseline.")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var series: SeriesOptions

            @Option(parsing: .unconditional, help: "The version to mark (default: the current one).")
            var version: Int?

            func validate() throws {
                if let version, version < 1 { throw ValidationError("--version must be 1 or more") }
            }

            func run() throws {
                let snapshot = try SnapshotActions(global.session())
                    .setBaseline(series.filter, version: version)
                Terminal.out("\(snapshot.series): baseline is v\(snapshot.version) (commit \(Formatting.short(snapshot.commitSha)))")
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "List the baselines of every series.")

            @OptionGroup var global: GlobalOptions

            @Option(help: "Only series on this branch.")
            var branch: String?

            @OptionGroup var output: OutputOptions

            func run() throws {
                let baselines = try SnapshotQueries(global.session())
                    .baselines(branch: branch)
                if output.json { JSONOutput.print(snapshots: baselines); return }
                guard !baselines.isEmpty else {
                    Terminal.out("No baselines set. Set one with: bench baseline set MODEL [--version N]")
                    return
                }
                var table = Table("SERIES", "VER", "COMMIT", "METRICS")
                for snapshot in baselines {
                    table.add(["\(snapshot.series)", "v\(snapshot.version)", Formatting.short(snapshot.commitSha), Formatting.metrics(snapshot.metrics)])
                }
                Terminal.out(table.render())
            }
        }

        struct Clear: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "clear", abstract: "Remove the series' baseline.")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var series: SeriesOptions

            func run() throws {
                let cleared = try SnapshotActions(global.session())
                    .clearBaseline(series.filter)
                if let cleared {
                    Terminal.out("\(cleared.series): baseline v\(cleared.version) cleared")
                } else {
                    Terminal.out("\(series.model): had no baseline; nothing changed")
                }
            }
        }
    }
}

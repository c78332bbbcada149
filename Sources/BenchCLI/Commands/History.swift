import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Show every snapshot version of a series, newest first.",
            discussion: "Also lists the checkouts and baseline changes made on the series, with who made them.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var series: SeriesOptions
        @OptionGroup var output: OutputOptions

        struct SeriesJSON: Encodable {
            var series: SeriesKey
            var snapshots: [SnapshotJSON]
            var actions: [ActionJSON]
            /// Oldest first; a testbed change starts a new one.
            var testbed_epochs: [EpochJSON]
        }

        func run() throws {
            let histories = try SnapshotQueries(global.session())
                .history(series.filter)
            if output.json {
                JSONOutput.print(histories.map {
                    SeriesJSON(series: $0.series, snapshots: $0.snapshots.map(SnapshotJSON.init), actions: $0.actions.map(ActionJSON.init),
                               testbed_epochs: TestbedEpoch.of($0.snapshots.reversed()).map(EpochJSON.init))
                })
            } else {
                Terminal.out(Views.history(histories))
            }
        }
    }
}

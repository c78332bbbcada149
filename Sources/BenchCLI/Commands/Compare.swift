import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "compare", abstract: "Per-metric deltas between two versions of a series (absolute and %).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var series: SeriesOptions

        @Argument(help: "The older version.")
        var from: Int

        @Argument(help: "The newer version.")
        var to: Int

        @OptionGroup var output: OutputOptions

        struct ComparisonJSON: Encodable {
            var series: SeriesKey
            var from: SnapshotJSON
            var to: SnapshotJSON
            var deltas: [MetricDeltaJSON]
        }

        func run() throws {
            let comparison = try SnapshotQueries(global.session())
                .compare(series.filter, from: from, to: to)
            guard output.json else { Terminal.out(Views.comparison(comparison)); return }
            JSONOutput.print(ComparisonJSON(
                series: comparison.series, from: SnapshotJSON(comparison.from), to: SnapshotJSON(comparison.to),
                deltas: comparison.deltas.map(MetricDeltaJSON.init)))
        }
    }
}

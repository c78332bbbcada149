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

        struct DeltaJSON: Encodable {
            var metric: String
            var unit: String?
            var from: Double?
            var to: Double?
            var delta: Double?
            var delta_percent: Double?
            var direction: String
            var verdict: String
        }

        struct ComparisonJSON: Encodable {
            var series: SeriesKey
            var from: SnapshotJSON
            var to: SnapshotJSON
            var deltas: [DeltaJSON]
        }

        func run() throws {
            let comparison = try SnapshotQueries(global.session())
                .compare(series.filter, from: from, to: to)
            guard output.json else { Terminal.out(Views.comparison(comparison)); return }
            JSONOutput.print(ComparisonJSON(
                series: comparison.series, from: SnapshotJSON(comparison.from), to: SnapshotJSON(comparison.to),
                deltas: comparison.deltas.map {
                    DeltaJSON(metric: $0.name, unit: $0.unit, from: $0.from, to: $0.to, delta: $0.absolute, delta_percent: $0.percent,
                              direction: $0.direction.rawValue, verdict: $0.verdict.rawValue)
                }))
        }
    }
}

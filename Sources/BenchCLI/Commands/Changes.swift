import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Changes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "changes",
            abstract: "Find the change points in a series' history, with the commit at each.",
            discussion: "E-divisive means with a Mann-Whitney test between adjacent segments (p < 0.001, scaled down on series of more than 60 points so noise stays quiet at any length), after MongoDB and Apache Otava.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var series: SeriesOptions

        @Option(help: "The metric to look at.")
        var metric: String

        @OptionGroup var output: OutputOptions

        struct ChangeJSON: Encodable {
            var snapshot_version: Int
            var commit_sha: String
            var subject: String?
            var previous_commit_sha: String
            var before: Double
            var after: Double
            var change_percent: Double?
            var p_value: Double
        }

        struct SeriesJSON: Encodable {
            var series: SeriesKey
            var metric: String
            var points: Int
            var changes: [ChangeJSON]
        }

        func run() throws {
            let found = try ChangeFinder(global.session()).changes(series.filter, metric: metric)
            if output.json {
                JSONOutput.print(found.map { item in
                    SeriesJSON(series: item.series, metric: item.metric, points: item.points, changes: item.changes.map {
                        ChangeJSON(snapshot_version: $0.first.version, commit_sha: $0.first.commitSha, subject: $0.commit?.subject,
                                   previous_commit_sha: $0.previous.commitSha, before: $0.change.meanBefore, after: $0.change.meanAfter,
                                   change_percent: $0.change.percent, p_value: $0.change.p)
                    })
                })
                return
            }
            for item in found {
                Terminal.out("\(item.series): \(item.metric) over \(item.points) versions")
                if item.changes.isEmpty {
                    Terminal.out(item.points < 6 ? "  too few versions to find change points (need 6 or more)" : "  no change points")
                    continue
                }
                var table = Table("VER", "COMMIT", "BEFORE", "", "AFTER", "CHANGE", "P", "SUBJECT")
                for change in item.changes {
                    table.add(["v\(change.first.version)", Formatting.short(change.first.commitSha), Formatting.number(change.change.meanBefore), "→",
                               Formatting.number(change.change.meanAfter),
                               change.change.percent.map(Figures.percent) ?? "n/a",
                               Figures.pValue(change.change.p), change.commit?.subject ?? ""])
                }
                Terminal.out(table.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                if let first = item.changes.first {
                    Terminal.out("  to find the commit: " + BisectHint.command(good: first.previous.commitSha, bad: first.first.commitSha, metric: item.metric))
                }
            }
        }
    }
}

import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Remove old results by the [retention] policy of bench.toml (a dry run unless --yes).",
            discussion: """
            A result goes when no rule of [retention] keeps it: recorded more than keep-days ago \
            and not among its series' newest keep-versions (either rule alone works). Current and \
            baseline snapshots, versions a checkout or baseline change names, runs with a note and \
            runs at a commit with a `bench tag` git note always stay. Without --yes it lists what \
            would go and removes nothing; with --yes it removes it, then runs VACUUM and ANALYZE.
            """)

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Remove the results (without it, only list what would go).")
        var yes = false

        @OptionGroup var output: OutputOptions

        struct GroupJSON: Encodable {
            var series: SeriesKey
            var runs: Int
            var oldest_version: Int
            var newest_version: Int
            var oldest_recorded: String
            var newest_recorded: String
        }

        struct OutcomeJSON: Encodable {
            var removed: Bool
            var runs: Int
            var series: [GroupJSON]
            var bytes_before: Int64?
            var bytes_after: Int64?

            enum CodingKeys: String, CodingKey { case removed, runs, series, bytes_before, bytes_after }

            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(removed, forKey: .removed)
                try container.encode(runs, forKey: .runs)
                try container.encode(series, forKey: .series)
                try container.encode(bytes_before, forKey: .bytes_before)
                try container.encode(bytes_after, forKey: .bytes_after)
            }
        }

        func run() throws {
            let outcome = try Pruner(global.session()).prune(remove: yes)
            if output.json {
                JSONOutput.print(OutcomeJSON(removed: outcome.removed, runs: outcome.runs, series: outcome.groups.map { group in
                    GroupJSON(series: group.series, runs: group.runs, oldest_version: group.oldestVersion, newest_version: group.newestVersion,
                              oldest_recorded: Timestamp.format(group.oldestRecorded), newest_recorded: Timestamp.format(group.newestRecorded))
                }, bytes_before: outcome.bytesBefore, bytes_after: outcome.bytesAfter))
                return
            }
            guard !outcome.groups.isEmpty else {
                Terminal.out("Nothing to prune: the [retention] policy keeps every result.")
                return
            }
            var table = Table("SERIES", "RUNS", "VERSIONS", "RECORDED")
            for group in outcome.groups {
                table.add([group.series.description, String(group.runs), "v\(group.oldestVersion)–v\(group.newestVersion)",
                           Timestamp.short(group.oldestRecorded) + " – " + Timestamp.short(group.newestRecorded)])
            }
            let what = "\(outcome.runs) runs of \(outcome.groups.count) series"
            if outcome.removed {
                func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
                let size = outcome.bytesBefore.flatMap { before in outcome.bytesAfter.map { after in
                    "; the store went from \(megabytes(before)) to \(megabytes(after))"
                } } ?? ""
                Terminal.out("Removed \(what) (VACUUM and ANALYZE done)\(size):\n" + table.render())
            } else {
                Terminal.out("Would remove \(what) (the versions between those listed that stay are kept for a reason):\n" + table.render()
                             + "\nNothing was removed: run `bench prune --yes` to remove them.")
            }
        }
    }
}

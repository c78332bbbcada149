import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Show every snapshot version of a series, newest first.",
            discussion: """
            Also lists the checkouts and baseline changes made on the series, with who made them. \
            On a terminal it shows the newest \(History.terminalPage) versions and how to see more; \
            a pipe and --json get every version, written as they are read.
            """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var series: SeriesOptions

        @Option(name: [.customShort("n"), .customLong("limit")], help: "Show at most this many versions (the newest).")
        var limit: Int?

        @Option(help: ArgumentHelp("Show only versions older than this one (the cursor a page ends with).", valueName: "version"))
        var before: Int?

        @OptionGroup var output: OutputOptions

        /// The versions a terminal shows without `-n`.
        static let terminalPage = 50

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("-n/--limit must be 1 or more") }
            if let before, before < 1 { throw ValidationError("--before must be a version, 1 or more") }
        }

        func run() throws {
            let queries = SnapshotQueries(try global.session())
            // A person at a terminal gets a page; a pipe or a program gets everything.
            if !output.json && limit == nil && Terminal.stdoutIsTerminal {
                let histories = try queries.history(series.filter, limit: Self.terminalPage, before: before)
                Terminal.out(Views.history(histories) + morePages(histories))
                return
            }
            if output.json {
                try HistoryJSONWriter(queries: queries).write(try queries.historySeries(series.filter), before: before, limit: limit)
            } else {
                try HistoryTextWriter(queries: queries).write(try queries.historySeries(series.filter), before: before, limit: limit)
            }
        }

        /// How to see the versions a terminal page left out, for each series that has more.
        func morePages(_ histories: [SeriesHistory]) -> String {
            let lines = histories.compactMap { history -> String? in
                guard let next = history.nextBefore else { return nil }
                var command = ["bench", "history", ChildProcess.shellQuoted(history.series.modelVersion), "--branch", ChildProcess.shellQuoted(history.series.branchName)]
                for (flag, value) in [("--environment", series.choice.environment), ("--dataset", series.choice.dataset), ("--prompt", series.choice.prompt)] {
                    if let value { command += [flag, ChildProcess.shellQuoted(value)] }
                }
                let name = histories.count > 1 ? " of \(history.series)" : ""
                return "Older versions\(name): \((command + ["--before", String(next)]).joined(separator: " "))"
            }
            guard !lines.isEmpty else { return "" }
            return "\n\n" + lines.joined(separator: "\n") + "\n(-n N shows the newest N; a pipe or --json gets every version.)"
        }
    }
}

/// `bench history --json`: the shape `JSONOutput` would print for every series (sorted keys:
/// actions, series, snapshots, testbed_epochs), with the snapshots written page by page.
struct HistoryJSONWriter {
    let queries: SnapshotQueries

    func write(_ keys: [SeriesKey], before: Int?, limit: Int?) throws(BenchError) {
        var stream = JSONStream()
        var rows = SnapshotRowWriter()
        stream.write("[\n")
        for (index, key) in keys.enumerated() {
            stream.write("  {\n    \"actions\" : " + JSONStream.encoded(try queries.actions(of: key).map(ActionJSON.init), depth: 2) + ",\n")
            stream.write("    \"series\" : " + JSONStream.encoded(key, depth: 2) + ",\n    \"snapshots\" : ")
            var epochs = TestbedEpoch.Tracker(), written = 0
            try queries.eachPage(of: key, before: before, limit: limit) { page in
                for snapshot in page {
                    stream.write(written == 0 ? "[\n" : ",\n")
                    rows.write(snapshot, depth: 3, to: &stream)
                    epochs.add(snapshot)
                    written += 1
                }
            }
            stream.write(written == 0 ? JSONFragment.emptyPretty("[", depth: 2) : "\n    ]")
            stream.write(",\n    \"testbed_epochs\" : " + JSONStream.encoded(epochs.oldestFirst.map(EpochJSON.init), depth: 2) + "\n  }")
            stream.write(index == keys.count - 1 ? "\n" : ",\n")
        }
        stream.write("]\n")
        stream.flush()
    }
}

/// `bench history` on a pipe: every version, written an epoch at a time (a testbed epoch's
/// label names its first and last version, so its rows wait for its end; a history on one
/// testbed, or on none known, has no label).
struct HistoryTextWriter {
    let queries: SnapshotQueries

    func write(_ keys: [SeriesKey], before: Int?, limit: Int?) throws(BenchError) {
        var stream = JSONStream()
        for (index, key) in keys.enumerated() {
            stream.write((index == 0 ? "" : "\n") + "\(key)\n")
            var block: [Snapshot] = [], epochs = TestbedEpoch.Tracker(), header = true
            func flush() {
                guard !block.isEmpty else { return }
                let label = epochs.seenTestbed
                    ? Views.epochLabel(testbed: epochs.current?.testbed, from: block.last!.version, to: block.first!.version) + "\n" : ""
                var lines = Views.historyTable(block).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if !header { lines.removeFirst() }
                if header && !label.isEmpty {
                    stream.write(lines.removeFirst() + "\n")
                }
                header = false
                stream.write(label + lines.joined(separator: "\n") + "\n")
                block.removeAll(keepingCapacity: true)
            }
            try queries.eachPage(of: key, before: before, limit: limit) { page in
                for snapshot in page {
                    if epochs.startsEpoch(snapshot) {
                        // The unknown-testbed runs read last belong to the older epoch starting here.
                        let carried = block.suffix(epochs.unknownSinceKnown)
                        block.removeLast(carried.count)
                        flush()
                        block.append(contentsOf: carried)
                    }
                    epochs.add(snapshot)
                    block.append(snapshot)
                }
            }
            flush()
            if header { stream.write(Views.historyTable([]) + "\n") }
            let actions = try queries.actions(of: key)
            stream.write(actions.isEmpty ? "" : "\nActions:\n" + Views.actions(actions) + "\n")
        }
        stream.flush()
    }
}

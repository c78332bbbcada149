import BenchCore
import BenchKit
import Foundation

/// The human renderings shared by commands and `bench demo`.
enum Views {
    static func current(_ snapshots: [Snapshot]) -> String {
        guard !snapshots.isEmpty else { return "No results recorded yet. Record one with: bench record --input results.json" }
        var table = Table("MODEL", "DATASET", "PROMPT", "ENV", "BRANCH", "VER", "COMMIT", "RECORDED", "METRICS")
        for snapshot in snapshots {
            let version = "v\(snapshot.version)" + (snapshot.isBaseline ? "*" : "")
            table.add([snapshot.series.modelVersion, Formatting.dash(snapshot.series.datasetVersion),
                       Formatting.dash(snapshot.series.promptVersion), snapshot.series.environment, snapshot.series.branchName,
                       version, Formatting.short(snapshot.commitSha), Timestamp.short(snapshot.createdAt),
                       Formatting.metrics(snapshot.metrics)])
        }
        let baselineNote = snapshots.contains(where: \.isBaseline) ? "\n* the current version is also the baseline" : ""
        return table.render() + baselineNote
    }

    static func history(_ histories: [SeriesHistory]) -> String {
        histories.map { history in
            let lines = withEpochs(historyTable(history.snapshots).split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                                   history.snapshots)
            var text = "\(history.series)\n" + lines.joined(separator: "\n")
            if !history.actions.isEmpty { text += "\n\nActions:\n" + actions(history.actions) }
            return text
        }.joined(separator: "\n\n")
    }

    /// The versions of a history (newest first) as a table; inactive ones dimmed on a terminal.
    static func historyTable(_ snapshots: [Snapshot]) -> String {
        var table = Table("VER", "STATUS", "COMMIT", "RECORDED", "METRICS")
        var inactiveRows: Set<Int> = []
        for snapshot in snapshots {
            var metrics = Formatting.metrics(snapshot.metrics)
            if !snapshot.isActive {
                inactiveRows.insert(table.rows.count + 1)
                metrics += "  (\(snapshot.inactiveReason ?? "inactive"))"
            }
            table.add(["v\(snapshot.version)", Formatting.dash(Formatting.badges(snapshot)), Formatting.short(snapshot.commitSha),
                       Timestamp.short(snapshot.createdAt), metrics])
        }
        let text = table.render()
        guard !inactiveRows.isEmpty && Terminal.stdoutIsTerminal else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            inactiveRows.contains(index) ? "\u{1B}[2m\(line)\u{1B}[0m" : String(line)
        }.joined(separator: "\n")
    }

    /// A series' checkouts and baseline changes, one line each.
    static func actions(_ actions: [AuditEntry]) -> String {
        actions.map { action in
            let verb = switch action.kind {
            case .checkout: "checked out"
            case .baselineSet: "set baseline to"
            case .baselineClear: "cleared baseline"
            case .run: "recorded"
            }
            let version = action.snapshotVersion.map { " v\($0)" } ?? ""
            return "  \(Timestamp.short(action.createdAt))  \(action.provenance.triggeredBy ?? "unknown") \(verb)\(version)"
        }.joined(separator: "\n")
    }

    static func comparison(_ comparison: Comparison) -> String {
        var table = Table("METRIC", "v\(comparison.from.version)", "v\(comparison.to.version)", "DELTA", "")
        for delta in comparison.deltas { table.add([delta.name] + deltaCells(delta)) }
        return "\(comparison.series)\n"
            + "v\(comparison.from.version) at \(Formatting.short(comparison.from.commitSha)) → v\(comparison.to.version) at \(Formatting.short(comparison.to.commitSha))\n"
            + table.render()
    }

    /// Two sides across every series: a row per series and metric, worse first, with the
    /// dashboard Comparison's columns and its summary line.
    static func sideBySide(_ sides: SideBySide) -> String {
        let every = sides.ordered
        guard !every.isEmpty else { return "nothing measured on either side\n" }
        var table = Table("SERIES", "METRIC", "A", "B", "DELTA", "")
        for (series, delta) in every { table.add([series.description, delta.name] + deltaCells(delta)) }
        let counts = sides.counts
        return "A \(sides.labels.a) → B \(sides.labels.b) (two \(sides.kind.plural)) · \(sides.rows.count) series · "
            + "\(counts[.worse] ?? 0) worse · \(counts[.better] ?? 0) better · \(counts[.same] ?? 0) same\n"
            + table.render()
    }

    /// A delta's cells in a comparison table: the two values, the change, the verdict.
    private static func deltaCells(_ delta: MetricDelta) -> [String] {
        let figure = { (value: Double) in Units.describe(value, unit: delta.unit, metric: delta.name) }
        return [delta.from.map(figure) ?? "-", delta.to.map(figure) ?? "-", Formatting.delta(delta), delta.verdict.word]
    }

    /// A step summary of what a CI run recorded.
    static func recordedMarkdown(_ snapshots: [Snapshot], commit: String) -> String {
        var lines = ["### bench: recorded \(snapshots.count) result(s) at `\(commit)`", "", "| series | version | metrics |", "|---|---:|---|"]
        for snapshot in snapshots {
            lines.append("| \(snapshot.series) | v\(snapshot.version) | \(Formatting.metrics(snapshot.metrics)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func log(_ commits: [LoggedCommit], metric: String?) -> String {
        guard !commits.isEmpty else { return "No commits in that range." }
        return commits.map { entry in
            let head = "\(entry.commit.short)  \(Timestamp.short(entry.commit.time).prefix(10))  \(entry.commit.subject)"
            let only = metric.map { [$0] }
            let lines = entry.snapshots.compactMap { snapshot -> String? in
                let figures = Formatting.metrics(snapshot.metrics, only: only)
                guard !figures.isEmpty else { return nil }
                let series = snapshot.series.modelVersion + (snapshot.series.environment == "local" ? "" : "/\(snapshot.series.environment)")
                return "    \(series) v\(snapshot.version): \(figures)"
            }
            return ([head] + (lines.isEmpty ? ["    (not measured)"] : lines)).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}

extension Views {
    /// One line per testbed change: "testbed changed at v5: A → B".
    static func epochBoundaries(_ epochs: [TestbedEpoch]) -> [String] {
        TestbedEpoch.changes(epochs).map { "testbed changed at " + $0 }
    }

    /// The label over an epoch's rows: "── testbed NAME · v5–v8 ──".
    static func epochLabel(testbed: String?, from first: Int, to last: Int) -> String {
        "── testbed \(testbed ?? "unknown") · v\(first)–v\(last) ──"
    }

    /// The rows of a newest-first history table with a line above each testbed epoch's
    /// newest version: "── testbed NAME · v5–v8 ──". `lines` is the rendered table (header first).
    static func withEpochs(_ lines: [String], _ snapshots: [Snapshot]) -> [String] {
        let oldestFirst = Array(snapshots.reversed())
        let epochs = TestbedEpoch.of(oldestFirst)
        guard epochs.contains(where: { $0.testbed != nil }) else { return lines }
        var labels: [Int: String] = [:]
        for epoch in epochs {
            // The epoch's newest snapshot is row (count - upperBound) of the newest-first table.
            labels[snapshots.count - epoch.range.upperBound] = epochLabel(testbed: epoch.testbed, from: epoch.firstVersion, to: epoch.lastVersion)
        }
        var result = [lines.first ?? ""]
        for (row, line) in lines.dropFirst().enumerated() {
            if let label = labels[row] { result.append(label) }
            result.append(line)
        }
        return result
    }
}

/// A testbed epoch in JSON: `{testbed, first_version, last_version}`.
struct EpochJSON: Encodable {
    var testbed: String?
    var first_version: Int
    var last_version: Int

    init(_ epoch: TestbedEpoch) {
        testbed = epoch.testbed
        first_version = epoch.firstVersion
        last_version = epoch.lastVersion
    }

    enum CodingKeys: String, CodingKey { case testbed, first_version, last_version }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(testbed, forKey: .testbed)
        try container.encode(first_version, forKey: .first_version)
        try container.encode(last_version, forKey: .last_version)
    }
}

import BenchCore
import BenchKit
import Foundation

/// `bench changes`' report: for a terminal, and as JSON (shape in the README).
enum ChangesViews {
    /// One series' metric: its change points in a table and the bisect command for the first.
    static func text(_ item: SeriesChanges) -> String {
        var lines = ["\(item.series): \(item.metric) over \(item.points) versions"]
        guard !item.changes.isEmpty else {
            let fewest = ChangeOptions.smallestWindow
            lines.append(item.points < fewest ? "  too few versions to find change points (need \(fewest) or more)" : "  no change points")
            return lines.joined(separator: "\n")
        }
        var table = Table("VER", "COMMIT", "BEFORE", "", "AFTER", "CHANGE", "P", "SUBJECT")
        for change in item.changes {
            table.add(["v\(change.first.version)", Formatting.short(change.first.commitSha), Formatting.number(change.change.meanBefore), "→",
                       Formatting.number(change.change.meanAfter), change.change.percent.map(Figures.percent) ?? "n/a",
                       Figures.pValue(change.change.p), change.commit?.subject ?? ""])
        }
        lines += table.render().split(separator: "\n").map { "  " + $0 }
        if let first = item.changes.first {
            lines.append("  to find the commit: " + BisectHint.command(good: first.previous.commitSha, bad: first.first.commitSha, metric: item.metric))
        }
        return lines.joined(separator: "\n")
    }

    /// What `--all` scanned, and how much it found.
    static func summary(_ found: [SeriesChanges]) -> String {
        let series = Set(found.map(\.series)).count
        let points = found.reduce(0) { $0 + $1.changes.count }
        let withChanges = found.filter { !$0.changes.isEmpty }.count
        let scanned = "\(found.count) series-metric pair\(found.count == 1 ? "" : "s") (\(series) series)"
        return points == 0 ? "no change points in \(scanned)"
            : "\(points) change point\(points == 1 ? "" : "s") in \(withChanges) of \(scanned)"
    }
}

/// One series' metric in `bench changes --json`.
struct ChangesJSON: Encodable {
    /// A change point: the first version after it, the commit before it, the levels either
    /// side, and the p-value (never 0).
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

    var series: SeriesKey
    var metric: String
    var points: Int
    var changes: [ChangeJSON]

    init(_ item: SeriesChanges) {
        series = item.series
        metric = item.metric
        points = item.points
        changes = item.changes.map {
            ChangeJSON(snapshot_version: $0.first.version, commit_sha: $0.first.commitSha, subject: $0.commit?.subject,
                       previous_commit_sha: $0.previous.commitSha, before: $0.change.meanBefore, after: $0.change.meanAfter,
                       change_percent: $0.change.percent, p_value: $0.change.p)
        }
    }
}

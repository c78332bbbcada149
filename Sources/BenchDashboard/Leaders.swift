import BenchCore
import Foundation

/// The current view's leaderboards: the best series by quality, the fastest, and the most
/// quality for the money, each from whatever metrics the series have.
enum Leaders {
    /// How many series a leaderboard lists.
    static let size = 5

    static func section(_ snapshots: [Snapshot], names: [String]) -> String {
        guard snapshots.count > 1 else { return "" }
        let quality = names.contains("f1") ? "f1" : names.first { Direction.default(forMetric: $0) == .higher && !isCost($0) }
        let latency = names.first { $0.lowercased().contains("latency") || $0.lowercased().contains("duration") || $0.hasSuffix("_ms") }
        let cost = names.first(where: isCost)
        var boards: [String] = []
        if let quality {
            boards.append(board("Top by \(quality)", snapshots, value: { $0.metrics[quality]?.value }, higherFirst: true, unit: quality))
        }
        if let latency {
            boards.append(board("Fastest by \(latency)", snapshots, value: { $0.metrics[latency]?.value }, higherFirst: false, unit: latency))
        }
        if let quality, let cost {
            // Quality per unit of cost: who gets the most of the metric for the money.
            boards.append(board("Most \(quality) per \(cost)", snapshots, value: { snapshot in
                guard let q = snapshot.metrics[quality]?.value, let c = snapshot.metrics[cost]?.value, c > 0 else { return nil }
                return q / c
            }, higherFirst: true, unit: "\(quality) / \(cost)"))
        }
        return boards.isEmpty ? "" : "<h2>Leaders</h2><div class=\"side\">" + boards.joined() + "</div>"
    }

    static func isCost(_ name: String) -> Bool { name.lowercased().contains("cost") }

    private static func board(_ title: String, _ snapshots: [Snapshot], value: (Snapshot) -> Double?, higherFirst: Bool, unit: String) -> String {
        let ranked = snapshots.compactMap { snapshot in value(snapshot).map { (snapshot, $0) } }
            .sorted { higherFirst ? $0.1 > $1.1 : $0.1 < $1.1 }
            .prefix(size)
        guard !ranked.isEmpty else { return "" }
        let rows = ranked.enumerated().map { index, entry in
            ["\(index + 1)", HTML.escape(entry.0.series.description), HTML.number(entry.1)]
        }
        return "<div><h3>\(HTML.escape(title))</h3>" + HTML.table(["#", "series", unit], rows, numeric: [0, 2]) + "</div>"
    }
}

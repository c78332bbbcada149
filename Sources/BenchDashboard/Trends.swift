import BenchCore
import BenchKit
import Foundation

/// The time windows of the trends view.
enum TrendRange: String, CaseIterable, Sendable {
    case week = "7d", month = "30d", quarter = "90d", all

    init?(_ text: String) { self.init(rawValue: text) }

    var start: Date? {
        switch self {
        case .week: Date().addingTimeInterval(-7 * 86_400)
        case .month: Date().addingTimeInterval(-30 * 86_400)
        case .quarter: Date().addingTimeInterval(-90 * 86_400)
        case .all: nil
        }
    }
}

/// One series' values of a metric over its active versions, oldest first.
struct Trend: Sendable {
    var series: SeriesKey
    var points: [Snapshot]
    /// The commits of the points, for hover labels.
    var commits: [String: CommitSummary]
    /// Indices of the points where `bench changes` finds a change.
    var changes: [Int]

    /// What hovering a point says: the version, the commit (sha, subject, author, date) and the value.
    func label(_ snapshot: Snapshot, metric: String) -> String {
        let commit = commits[snapshot.commitSha]
        let when = Timestamp.short(commit?.time ?? snapshot.createdAt)
        let who = commit.map { " · \($0.subject) · \($0.author)" } ?? ""
        return "\(series.modelVersion) v\(snapshot.version) · \(snapshot.commitSha.prefix(7))\(who) · \(when) · \(metric) = \(snapshot.metrics[metric]?.value ?? 0)"
    }
}

enum Trends {
    /// At most this many points a series: the newest.
    static let maximumPoints = 500

    /// Every current series (of `model`, when given) that has the metric, with its history in
    /// range (the newest `maximumPoints` versions).
    static func load(_ catalog: Catalog, metric: String, range: TrendRange, model: String?) throws -> [Trend] {
        let series = try catalog.current().map(\.series).filter { model == nil || $0.modelVersion == model }
        return try series.compactMap { key in
            let selector = SeriesSelector(model: key.modelVersion, dataset: key.datasetVersion, prompt: key.promptVersion,
                                          environment: key.environment, branch: key.branchName)
            guard let history = try catalog.history(selector, limit: maximumPoints).first else { return nil }
            let points = history.snapshots.reversed().filter { snapshot in
                snapshot.isActive && snapshot.metrics[metric] != nil && (range.start.map { snapshot.createdAt >= $0 } ?? true)
            }
            guard !points.isEmpty else { return nil }
            let changes = ChangePointDetector().detect(points.map { $0.metrics[metric]!.value }).map(\.index)
            return Trend(series: key, points: points, commits: catalog.commitSummaries(points.map(\.commitSha)), changes: changes)
        }
    }
}

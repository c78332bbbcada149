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
    /// The points' testbed epochs, oldest first: a testbed change is drawn, never a change point.
    var epochs: [TestbedEpoch] = []

    /// The 95% confidence interval of the mean of a run's samples, when it kept two or more.
    static func interval(_ snapshot: Snapshot, metric: String) -> ClosedRange<Double>? {
        guard let samples = snapshot.metrics[metric]?.samples, samples.count >= 2 else { return nil }
        return Summary(samples).meanInterval()
    }

    /// What hovering a point says: the version, the commit (sha, subject, author, date) and the value.
    func label(_ snapshot: Snapshot, metric: String) -> String {
        let commit = commits[snapshot.commitSha]
        let when = Timestamp.short(commit?.time ?? snapshot.createdAt)
        let who = commit.map { " · \($0.subject) · \($0.author)" } ?? ""
        return "\(series.modelVersion) v\(snapshot.version) · \(snapshot.commitSha.prefix(7))\(who) · \(when) · \(metric) = \(snapshot.metrics[metric]?.value ?? 0)"
    }
}

/// The trends view's series: which are charted, and how many points each keeps.
enum Trends {
    /// At most this many points a series: the newest.
    static let maximumPoints = 500

    /// At most this many points in one chart: several series share them (a 720-pixel chart
    /// cannot show more apart, and the page stays fast).
    static let pointsPerChart = 1000

    /// The newest versions each of `count` overlaid series shows.
    static func pointsPerSeries(_ count: Int) -> Int { min(maximumPoints, pointsPerChart / max(count, 1)) }

    /// At most this many series overlaid when none is chosen: one per colour.
    static let defaultSeries = Charts.palette.count

    /// Every series of `current` (of `models`, when not empty; else the first `defaultSeries`)
    /// that has the metric, with its history in range (the newest `pointsPerSeries` versions).
    static func load(_ session: Session, metric: String, range: TrendRange, current: [Snapshot], models: [String]) throws -> [Trend] {
        let withMetric = current.filter { $0.metrics[metric] != nil }.map(\.series)
        let series = models.isEmpty ? Array(withMetric.prefix(defaultSeries)) : withMetric.filter { models.contains($0.modelVersion) }
        var trends: [Trend] = try series.compactMap { key in
            let points = try SnapshotQueries(session).versions(of: key, limit: pointsPerSeries(series.count)).reversed().filter { snapshot in
                snapshot.isActive && snapshot.metrics[metric] != nil && (range.start.map { snapshot.createdAt >= $0 } ?? true)
            }
            return points.isEmpty ? nil : Trend(series: key, points: points, commits: [:], changes: [], epochs: TestbedEpoch.of(Array(points)))
        }
        // Series measured together share their commits: read each commit once.
        let commits = CommitLog(session).summaries(trends.flatMap { $0.points.map(\.commitSha) })
        for index in trends.indices { trends[index].commits = commits }
        // Change points are marked on a single series only (on several they would be noise).
        // Within each testbed epoch, as `bench changes` looks for them.
        if trends.count == 1 {
            let values = trends[0].points.map { $0.metrics[metric]!.value }
            trends[0].changes = trends[0].epochs.flatMap { epoch in
                ChangePointDetector().detect(Array(values[epoch.range])).map { $0.index + epoch.range.lowerBound }
            }
        }
        return trends
    }
}

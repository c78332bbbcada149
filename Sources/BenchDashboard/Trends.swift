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
    /// At each point, the limits the metric's verdict model drew from the results before it
    /// (nil where they are too few): the band `bench check` would have held the point to.
    var limits: [Limit?] = []
    /// The verdict model the limits come from.
    var model = VerdictModel()

    /// The limits at the point at `index`, if it has any.
    func limit(_ index: Int) -> Limit? { limits.indices.contains(index) ? limits[index] : nil }

    /// The 95% confidence interval of the mean of a run's samples, when it kept two or more.
    static func interval(_ snapshot: Snapshot, metric: String) -> ClosedRange<Double>? {
        guard let samples = snapshot.metrics[metric]?.samples, samples.count >= 2 else { return nil }
        return Summary(samples).meanInterval()
    }

    /// What hovering the band says: whose limits, by which model, over how many results;
    /// nil when no point has limits.
    func bandLabel(_ metric: String) -> String? {
        guard limits.contains(where: { $0 != nil }) else { return nil }
        let kind = model.kind == .auto ? "t-test (auto)" : model.kind.rawValue
        let confidence = [.auto, .tTest, .zScore, .logNormal].contains(model.kind) ? " at \(Figures.number(model.confidence * 100))%" : ""
        let floor = model.kind == .static ? "" : ", practical floor \(Figures.number(model.minChange * 100))%"
        return "\(series.modelVersion) \(metric) limits: \(kind)\(confidence) over the previous \(model.window) results (at least \(model.minRuns))\(floor)"
    }

    /// The limits at a point as text, `93.777 – 106.223` (an open side as …).
    static func limits(_ limit: Limit?) -> String? {
        guard let limit else { return nil }
        return (limit.lower.map(Figures.number) ?? "…") + " – " + (limit.upper.map(Figures.number) ?? "…")
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
        let perSeries = pointsPerSeries(series.count)
        var trends: [Trend] = try series.compactMap { key in
            // The band of the oldest points shown needs the results before them: read a window more.
            let model = session.config.verdictModel(of: metric, series: key.modelVersion)
            let versions = try SnapshotQueries(session).versions(of: key, limit: perSeries + model.window)
            let shown = Set(versions.prefix(perSeries).map(\.id))
            let measured = versions.reversed().filter { $0.isActive && $0.metrics[metric] != nil }
            let band = Limit.band(measured.map { $0.metrics[metric]!.value }, times: measured.map(\.createdAt.timeIntervalSince1970),
                                  model: model, direction: session.config.direction(of: metric))
            let kept = measured.indices.filter { index in
                shown.contains(measured[index].id) && (range.start.map { measured[index].createdAt >= $0 } ?? true)
            }
            return kept.isEmpty ? nil : Trend(series: key, points: kept.map { measured[$0] }, commits: [:], changes: [],
                                              limits: kept.map { band[$0] }, model: model)
        }
        // Series measured together share their commits: read each commit once.
        let commits = CommitLog(session).summaries(trends.flatMap { $0.points.map(\.commitSha) })
        for index in trends.indices { trends[index].commits = commits }
        // Change points are marked on a single series only (on several they would be noise).
        if trends.count == 1 {
            trends[0].changes = ChangePointDetector().detect(trends[0].points.map { $0.metrics[metric]!.value }).map(\.index)
        }
        return trends
    }
}

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
    var points: [MetricPoint]
    /// The commits of the points, for hover labels.
    var commits: [String: CommitSummary]
    /// Indices of the points where `bench changes` finds a change.
    var changes: [Int]
    /// At the points shown (by index), the limits the metric's verdict model drew from the
    /// results before it (none where they are too few): the band `bench check` would have
    /// held the point to.
    var limits: [Int: Limit] = [:]
    /// The verdict model the limits come from.
    var model = VerdictModel()

    /// The limits at the point at `index`, if it has any.
    func limit(_ index: Int) -> Limit? { limits[index] }
    /// The points' testbed epochs, oldest first: a testbed change is drawn, never a change point.
    var epochs: [TestbedEpoch] = []
    /// At each point, the median of it and the results before it (the verdict model's window).
    var medians: [Double] = []
    /// The points drawn (indices, in order): the lowest and highest of each pixel column.
    var drawn: [Int] = []

    /// The 95% confidence interval of the mean of a run's samples, when it kept two or more.
    static func interval(_ point: MetricPoint) -> ClosedRange<Double>? {
        guard let samples = point.metric.samples, samples.count >= 2 else { return nil }
        return Summary(samples).meanInterval()
    }

    /// What hovering the band says: whose limits, by which model, over how many results;
    /// nil when no point has limits.
    func bandLabel(_ metric: String) -> String? {
        guard !limits.isEmpty else { return nil }
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
    func label(_ point: MetricPoint, metric: String) -> String {
        let commit = commits[point.commitSha]
        let when = Timestamp.short(commit?.time ?? point.createdAt)
        let who = commit.map { " · \($0.subject) · \($0.author)" } ?? ""
        return "\(series.modelVersion) v\(point.version) · \(point.commitSha.prefix(7))\(who) · \(when) · \(metric) = \(point.metric.value)"
    }
}

/// Where a trend's range starts or ends (`?from=` / `?to=`): a version number, or a date or time.
enum TrendBound: Sendable, Equatable {
    case version(Int)
    case time(Date)

    /// `120` is a version; `2026-11-20` or an ISO 8601 time is a time; anything else is nil.
    init?(_ text: String) {
        if let version = Int(text), version >= 0 { self = .version(version) } else if let date = Timestamp.parse(text) { self = .time(date) } else { return nil }
    }

    /// As the query writes it.
    var text: String {
        switch self {
        case .version(let version): String(version)
        case .time(let date): Timestamp.format(date)
        }
    }

    /// Whether `point` is at or after this bound (`start`), or at or before it.
    func admits(_ point: MetricPoint, start: Bool) -> Bool {
        switch self {
        case .version(let version): start ? point.version >= version : point.version <= version
        case .time(let date): start ? point.createdAt >= date : point.createdAt <= date
        }
    }
}

/// The trends view's series: which are charted, over which range, and what is drawn with them.
enum Trends {
    /// At most this many series charted when none is chosen: one per colour.
    static let defaultSeries = Charts.palette.count

    /// Change points are looked for in a range of at most this many versions (E-divisive
    /// costs the square of the length); a longer range says to narrow it.
    static let changePointLimit = 4_000

    /// The series charted: those of `current` that have the metric, the ones `request` names
    /// (none named: the first `defaultSeries`).
    static func chosen(_ current: [Snapshot], metric: String, request: TrendsRequest) -> [SeriesKey] {
        let withMetric = current.filter { $0.metrics[metric] != nil }.map(\.series)
        return request.models.isEmpty ? Array(withMetric.prefix(defaultSeries)) : withMetric.filter { request.models.contains($0.modelVersion) }
    }

    /// One series' part of a trend, which needs nothing of the other series: its whole active
    /// history (the band and the median of a narrowed range's first points need the results
    /// before them), the positions in range, the medians, the points drawn, the testbed epochs
    /// and the change points. The dashboard measures its panels side by side, each on a
    /// session of its own. Nil when no point is in range.
    struct Measured: Sendable {
        var trend: Trend
        var measured: [MetricPoint]
        var kept: [Int]
    }

    static func measure(_ session: Session, _ key: SeriesKey, metric: String, request: TrendsRequest) throws -> Measured? {
        let start = request.range.start
        let model = session.config.verdictModel(of: metric, series: key.modelVersion)
        let measured = try SnapshotQueries(session).points(of: key, metric: metric)
        let kept = measured.indices.filter { index in
            let point = measured[index]
            return (start.map { point.createdAt >= $0 } ?? true) && (request.from?.admits(point, start: true) ?? true)
                && (request.to?.admits(point, start: false) ?? true)
        }
        guard !kept.isEmpty else { return nil }
        let points = kept.count == measured.count ? measured : kept.map { measured[$0] }
        let medians = measured.map(\.metric.value).rollingMedian(window: model.window)
        let drawn = Downsample.minMax(x: points.map { request.byTime ? $0.createdAt.timeIntervalSince1970 : Double($0.version) },
                                      y: points.map(\.metric.value), columns: Panels.columns)
        var trend = Trend(series: key, points: points, commits: [:], changes: [], model: model, epochs: TestbedEpoch.of(points),
                          medians: kept.map { medians[$0] }, drawn: drawn)
        // Within each testbed epoch, as `bench changes` looks for them.
        if points.count <= changePointLimit {
            let values = points.map(\.metric.value)
            trend.changes = trend.epochs.flatMap { epoch in
                ChangePointDetector().detect(Array(values[epoch.range])).map { $0.index + epoch.range.lowerBound }
            }
        }
        // The API's limits are at every point: found here, with the series' other work.
        if request.everyPoint {
            trend.limits = limits(measured, kept: kept, at: Array(kept.indices), model: model, direction: session.config.direction(of: metric))
        }
        return Measured(trend: trend, measured: measured, kept: kept)
    }

    /// The limits at the points `shown` (positions among the kept ones), each drawn from the
    /// results before it; a point with too few before it has none.
    static func limits(_ measured: [MetricPoint], kept: [Int], at shown: [Int], model: VerdictModel, direction: Direction) -> [Int: Limit] {
        let band = Limit.band(measured.map(\.metric.value), times: measured.map(\.createdAt.timeIntervalSince1970),
                              model: model, direction: direction, at: shown.map { kept[$0] })
        return Dictionary(uniqueKeysWithValues: zip(shown, band).compactMap { point, limit in limit.map { (point, $0) } })
    }

    /// The trends of the measured series with what depends on all of them: the commits of
    /// the raw table's page, and the limits at the points shown (the drawn ones and the page's).
    static func finish(_ session: Session, _ measured: [Measured], metric: String, request: TrendsRequest) -> [Trend] {
        var trends = measured.map(\.trend)
        // The commits of the raw table's page (series measured together share them: each read once).
        let page = tablePage(trends, page: request.page).rows
        let commits = CommitLog(session).summaries(page.map { trends[$0.trend].points[$0.point].commitSha })
        let direction = session.config.direction(of: metric)
        for index in trends.indices {
            trends[index].commits = commits
            // The page's limits where they are shown: at the drawn points and the table's rows
            // (the API's, at every point, came with the measuring).
            guard !request.everyPoint else { continue }
            let shown = Array(Set(trends[index].drawn + page.filter { $0.trend == index }.map(\.point))).sorted()
            trends[index].limits = limits(measured[index].measured, kept: measured[index].kept, at: shown,
                                          model: trends[index].model, direction: direction)
        }
        return trends
    }

    /// Rows a page of the raw table holds.
    static let tableRows = 50

    /// The rows of the raw table's page `page` (from 1): every charted point, newest first,
    /// series by series; and how many pages there are.
    static func tablePage(_ trends: [Trend], page: Int) -> (rows: [(trend: Int, point: Int)], pages: Int) {
        let total = trends.reduce(0) { $0 + $1.points.count }
        let pages = max(1, (total + tableRows - 1) / tableRows)
        var skip = (min(max(page, 1), pages) - 1) * tableRows
        var rows: [(trend: Int, point: Int)] = []
        for (index, trend) in trends.enumerated() where rows.count < tableRows {
            guard skip < trend.points.count else { skip -= trend.points.count; continue }
            let newest = trend.points.count - 1 - skip
            skip = 0
            for point in stride(from: newest, through: 0, by: -1) where rows.count < tableRows { rows.append((index, point)) }
        }
        return (rows, pages)
    }
}

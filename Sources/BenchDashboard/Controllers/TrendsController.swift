import BenchCore
import BenchKit
import Hummingbird

/// What the trends view is asked for: a metric over a range, for some series of a scope.
struct TrendsRequest: Sendable {
    var metric: String
    var range: TrendRange = .all
    /// The series to overlay (none: the first `Trends.defaultSeries` that have the metric).
    var models: [String] = []
    /// Whether the page's x axis is time rather than the versions.
    var byTime = false
    var scope = Scope()
    /// `?from=` and `?to=`: the range narrowed to versions or times (both ends included).
    var from: TrendBound?
    var to: TrendBound?
    /// `?page=`: the raw table's page, from 1.
    var page = 1
    /// Whether every point needs its limits (the API's), or only those a page shows.
    var everyPoint = false

    /// The page's: the metric defaults to f1, and the axis must be versions or time.
    static func page(_ query: Query) throws(DashboardError) -> TrendsRequest {
        guard [nil, "time", "versions"].contains(query.get("axis")) else { throw .badRequest("axis must be versions or time") }
        var request = try common(query, metric: query.get("metric") ?? "f1")
        request.models = request.models.filter { !$0.isEmpty }
        request.byTime = query.get("axis") == "time"
        guard let page = Int(query.get("page") ?? "1"), page >= 1 else { throw .badRequest("page must be a whole number from 1") }
        request.page = page
        return request
    }

    /// The API's: the metric is required.
    static func api(_ query: Query) throws(DashboardError) -> TrendsRequest {
        guard let metric = query.get("metric"), !metric.isEmpty else {
            throw .badRequest("give ?metric=NAME (and optionally &range=7d|30d|90d|all&from=&to=&model=NAME, repeatable)")
        }
        var request = try common(query, metric: metric)
        request.everyPoint = true
        return request
    }

    /// What the page and the API read alike: the metric, the range, its ends, the series, the scope.
    private static func common(_ query: Query, metric: String) throws(DashboardError) -> TrendsRequest {
        guard let range = TrendRange(query.get("range") ?? "all") else { throw .badRequest("range must be 7d, 30d, 90d or all") }
        var request = TrendsRequest(metric: metric, range: range, models: query.all("model"), scope: Scope(query))
        for (name, text) in [("from", query.get("from")), ("to", query.get("to"))] {
            guard let text, !text.isEmpty else { continue }
            guard let bound = TrendBound(text) else {
                throw .badRequest("\(name) must be a version number (120) or a date (2026-11-20), not '\(text)'")
            }
            if name == "from" { request.from = bound } else { request.to = bound }
        }
        return request
    }
}

/// What the trends view shows: each chosen series' values of the metric, and the choices
/// its form offers.
struct TrendsView: PageView {
    var request: TrendsRequest
    /// Every metric a current series of the scope has.
    var metrics: [String]
    /// The current series (by model) that have the metric, to tick.
    var available: [String]
    var trends: [Trend]

    /// Whether the metric is one a series has: only then does the page repeat it (in its
    /// title, its links and its table), so a made-up one is shown once, not echoed all over.
    var knowsMetric: Bool { metrics.contains(request.metric) }

    var title: String { knowsMetric ? "Trends: \(request.metric)" : "Trends" }
}

/// One series' points in `/api/trends`.
struct TrendJSON: Encodable, Sendable {
    /// A version's value of the metric.
    struct PointJSON: Encodable, Sendable {
        var snapshot_version: Int
        var commit_sha: String
        var created_at: String
        var value: Double
        /// The limits the metric's verdict model drew from the results before this one.
        var lower_limit: Double?
        var upper_limit: Double?
        /// The median of this result and those before it, over the verdict model's window.
        var rolling_median: Double?
    }
    var series: SeriesKey
    var metric: String
    var points: [PointJSON]
}

extension TrendJSON {
    init(_ trend: Trend, metric: String) {
        series = trend.series
        self.metric = metric
        points = trend.points.enumerated().map { index, point in
            let limit = trend.limit(index)
            return PointJSON(snapshot_version: point.version, commit_sha: point.commitSha, created_at: Timestamp.format(point.createdAt),
                             value: point.metric.value, lower_limit: limit?.lower, upper_limit: limit?.upper,
                             rolling_median: trend.medians.indices.contains(index) ? trend.medians[index] : nil)
        }
    }
}

extension [TrendJSON] {
    /// The API's JSON of these trends, byte for byte as `Replies.encode` writes it (compact,
    /// keys sorted), with each point written by hand: a chart of 20,000 points spent most of
    /// its time in the encoder. The series and the metric, arbitrary names, still go through it.
    var encoded: [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(reduce(0) { $0 + $1.points.count } * 200 + 256)
        for (index, trend) in enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += [UInt8]("{\"metric\":\(JSONFragment.string(trend.metric)),\"points\":[".utf8)
            for (position, point) in trend.points.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                var text = "{\"commit_sha\":" + JSONFragment.string(point.commit_sha) + ",\"created_at\":" + JSONFragment.string(point.created_at)
                if let lower = point.lower_limit { text += ",\"lower_limit\":" + JSONFragment.number(lower) }
                if let median = point.rolling_median { text += ",\"rolling_median\":" + JSONFragment.number(median) }
                text += ",\"snapshot_version\":" + String(point.snapshot_version)
                if let upper = point.upper_limit { text += ",\"upper_limit\":" + JSONFragment.number(upper) }
                text += ",\"value\":" + JSONFragment.number(point.value) + "}"
                out += [UInt8](text.utf8)
            }
            out += [UInt8]("],\"series\":\(JSONFragment.encoded(trend.series))}".utf8)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }
}

/// The trends view: the page `/trends` and `/api/trends`.
struct TrendsController: ViewController {
    let source: DashboardSource

    static let pagePaths = ["/trends"]
    static let apiPaths = ["/api/trends"]

    static func ask(_ query: Query, _ context: BasicRequestContext, api: Bool) throws(DashboardError) -> TrendsRequest {
        api ? try .api(query) : try .page(query)
    }

    static func json(_ view: TrendsView) -> [TrendJSON] { view.trends.map { TrendJSON($0, metric: view.request.metric) } }

    func apiResponse(_ view: TrendsView) -> Response { Replies.json(encoded: ByteBuffer(bytes: Self.json(view).encoded)) }

    /// The current series first; then each charted series measured on a session of its own,
    /// side by side on the blocking pool's threads (a panel of 20,000 versions is read and
    /// reduced in about 20 ms, and six of them one after the other took longer than a page
    /// may); then what depends on them all.
    func load(_ request: TrendsRequest) async throws -> TrendsView {
        let metric = request.metric
        let current = try await source.read { session in
            try SnapshotQueries(session).current(branch: request.scope.branch, environment: request.scope.environment)
        }
        let series = Trends.chosen(current, metric: metric, request: request)
        let measured = try await withThrowingTaskGroup(of: (Int, Trends.Measured?).self) { group in
            for (index, key) in series.enumerated() {
                group.addTask { [source] in
                    (index, try await source.read { session in try Trends.measure(session, key, metric: metric, request: request) })
                }
            }
            var found = [Trends.Measured?](repeating: nil, count: series.count)
            for try await (index, one) in group { found[index] = one }
            return found.compactMap { $0 }
        }
        let trends = try await source.read { session in Trends.finish(session, measured, metric: metric, request: request) }
        var available: [String] = []
        for snapshot in current where snapshot.metrics[metric] != nil && !available.contains(snapshot.series.modelVersion) {
            available.append(snapshot.series.modelVersion)
        }
        return TrendsView(request: request, metrics: NamedMetric.names(in: current.map(\.metrics)), available: available, trends: trends)
    }
}

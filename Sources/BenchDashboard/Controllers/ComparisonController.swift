import BenchCore
import BenchKit
import Hummingbird

/// What the comparison view is asked for: some series of a scope, and the axes of its cost
/// chart.
struct ComparisonRequest: Sendable {
    /// `?model=a&model=b` (none: every current series).
    var models: [String]
    var scope: Scope
    /// `?cost=` and `?metric=`: the cost chart's axes (nil: chosen by name).
    var cost: String?
    var quality: String?

    init(_ query: Query = Query()) {
        models = query.all("model")
        scope = Scope(query)
        cost = query.get("cost")
        quality = query.get("metric")
    }
}

/// What the comparison view shows: the chosen current snapshots side by side, metric by
/// metric, with the best of each.
struct ComparisonView: PageView {
    var request: ComparisonRequest
    var snapshots: [Snapshot]
    var metrics: [String]
    /// Per metric, the index of the best series (by the metric's direction).
    var best: [String: Int]

    var title: String { "Comparison" }
}

/// `/api/compare`: the metrics, the series, and the best of each metric.
struct CompareJSON: Encodable, Sendable {
    var metrics: [String]
    var series: [SnapshotJSON]
    var best: [String: Int]

    init(_ view: ComparisonView) {
        metrics = view.metrics
        series = view.snapshots.map(SnapshotJSON.init)
        best = view.best
    }
}

/// The comparison view: the page `/compare` and `/api/compare`.
struct ComparisonController: ViewController {
    let source: DashboardSource

    static let pagePaths = ["/compare"]
    static let apiPaths = ["/api/compare"]
    static let refreshes = false

    static func ask(_ query: Query, _ context: BasicRequestContext, api: Bool) -> ComparisonRequest { ComparisonRequest(query) }

    static func json(_ view: ComparisonView) -> CompareJSON { CompareJSON(view) }

    func load(_ request: ComparisonRequest) async throws -> ComparisonView {
        try await source.read { session in
            let all = try SnapshotQueries(session).current(branch: request.scope.branch, environment: request.scope.environment)
            let snapshots = request.models.isEmpty ? all : all.filter { request.models.contains($0.series.modelVersion) }
            let metrics = NamedMetric.names(in: snapshots.map(\.metrics))
            var best: [String: Int] = [:]
            for metric in metrics {
                let higher = SnapshotQueries(session).direction(of: metric) == .higher
                let scored = snapshots.enumerated().compactMap { index, snapshot in snapshot.metrics[metric].map { (index, $0.value) } }
                if let winner = (higher ? scored.max { $0.1 < $1.1 } : scored.min { $0.1 < $1.1 }), scored.count > 1 { best[metric] = winner.0 }
            }
            return ComparisonView(request: request, snapshots: snapshots, metrics: metrics, best: best)
        }
    }
}

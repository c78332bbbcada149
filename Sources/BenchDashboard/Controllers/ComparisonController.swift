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
    /// `?by=commit|branch|testbed&a=…&b=…`: two sides to set side by side (nil: none asked).
    var sides: (kind: SideKind, a: String, b: String)?
    /// `?unchanged=show`: the rows of the two sides' table where nothing changed are listed
    /// too, not folded into a count.
    var showUnchanged = false

    init(_ query: Query = Query()) throws(DashboardError) {
        models = query.all("model")
        scope = Scope(query)
        cost = query.get("cost")
        showUnchanged = Folding.shows(query)
        quality = query.get("metric")
        let a = query.get("a") ?? "", b = query.get("b") ?? ""
        guard let kind = SideKind(rawValue: query.get("by") ?? "commit") else {
            throw .badRequest("by must be commit, branch or testbed")
        }
        if !a.isEmpty || !b.isEmpty {
            guard !a.isEmpty, !b.isEmpty else { throw .badRequest("give both sides: ?a=…&b=… (two \(kind.plural))") }
            sides = (kind, a, b)
        }
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
    /// Two commits, branches or testbeds side by side, when asked.
    var sideBySide: SideBySide?

    var title: String { "Comparison" }
}

/// `/api/compare`: the metrics, the series, and the best of each metric.
struct CompareJSON: Encodable, Sendable {
    var metrics: [String]
    var series: [SnapshotJSON]
    var best: [String: Int]
    /// With `?a=&b=`: the two sides and, per series and metric, the change from A to B.
    var side_by_side: SideBySideJSON?

    init(_ view: ComparisonView) {
        metrics = view.metrics
        series = view.snapshots.map(SnapshotJSON.init)
        best = view.best
        side_by_side = view.sideBySide.map(SideBySideJSON.init)
    }
}

/// The comparison view: the page `/compare` and `/api/compare`.
struct ComparisonController: ViewController {
    let source: DashboardSource

    static let pagePaths = ["/compare"]
    static let apiPaths = ["/api/compare"]
    static let refreshes = false

    static func ask(_ query: Query, _ context: BasicRequestContext, api: Bool) throws(DashboardError) -> ComparisonRequest {
        try ComparisonRequest(query)
    }

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
            let sides = try request.sides.map { try SideBySide.load(session, kind: $0.kind, a: $0.a, b: $0.b, branch: request.scope.branch, environment: request.scope.environment) }
            return ComparisonView(request: request, snapshots: snapshots, metrics: metrics, best: best, sideBySide: sides)
        }
    }
}

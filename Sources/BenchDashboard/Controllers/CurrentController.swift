import BenchCore
import BenchKit
import Hummingbird

/// What the current view shows: the current snapshot of every series in the scope, each with
/// its status against its baseline (and its recent versions, for sparklines).
struct CurrentView: PageView {
    var scope: Scope
    var snapshots: [Snapshot]
    /// Empty when loaded for the API, which does not show them.
    var statuses: [SeriesKey: SeriesStatus]
    /// `?q=`: the rows shown are the series whose name holds it (the page's filter box).
    var filter = ""
    /// `?unchanged=show`: the unchanged series are listed too, not folded into a count.
    var showUnchanged = false

    var title: String { "Current snapshot" }
}

/// What the current view is asked for: a scope, and whether to judge each series against
/// its baseline (the page does; the API does not show it, and it costs a baseline resolution
/// per series).
struct CurrentRequest: Sendable {
    var scope: Scope
    var statuses = true
    var filter = ""
    var showUnchanged = false
}

/// The current view: the page `/` and `/api/current`.
struct CurrentController: ViewController {
    let source: DashboardSource

    static let pagePaths = ["/"]
    static let apiPaths = ["/api/current"]

    static func ask(_ query: Query, _ context: BasicRequestContext, api: Bool) -> CurrentRequest {
        CurrentRequest(scope: Scope(query), statuses: !api, filter: query.get("q") ?? "", showUnchanged: Folding.shows(query))
    }

    static func json(_ view: CurrentView) -> [SnapshotJSON] { view.snapshots.map(SnapshotJSON.init) }

    /// `/api/current`'s bodies, by the snapshots they encode (the JSON is theirs alone).
    static let encoded = EncodedBodies<[Snapshot]>()

    func apiResponse(_ view: CurrentView) -> Response { Self.encoded.response(for: view.snapshots) { Self.json(view) } }

    /// The current snapshots of the scope, with their statuses and recent versions when asked.
    func load(_ request: CurrentRequest) async throws -> CurrentView {
        try await source.read { session in
            let snapshots = try SnapshotQueries(session).current(branch: request.scope.branch, environment: request.scope.environment)
            let board = request.statuses ? try RegressionBoard(session).statuses(recent: Sparkline.length, of: snapshots) : []
            return CurrentView(scope: request.scope, snapshots: snapshots,
                               statuses: Dictionary(board.map { ($0.current.series, $0) }, uniquingKeysWith: { first, _ in first }),
                               filter: request.filter, showUnchanged: request.showUnchanged)
        }
    }
}

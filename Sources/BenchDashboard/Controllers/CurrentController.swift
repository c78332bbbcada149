import BenchCore
import BenchKit
import Hummingbird

/// What the current view shows: the current snapshot of every series in the scope, each with
/// its status against its baseline.
struct CurrentView: PageView {
    var scope: Scope
    var snapshots: [Snapshot]
    /// Empty when loaded for the API, which does not show them.
    var statuses: [SeriesKey: SeriesStatus]

    var title: String { "Current snapshot" }
}

/// The current view: the page `/` and `/api/current`.
struct CurrentController: Sendable {
    let source: DashboardSource

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/", use: page)
        router.get("/api/current", use: api)
    }

    @Sendable func page(_ request: Request, context: BasicRequestContext) async throws -> Page {
        let query = Query(request)
        return Page(try await load(Scope(query)), active: "/", refresh: query.refresh)
    }

    @Sendable func api(_ request: Request, context: BasicRequestContext) async throws -> JSONBody<[SnapshotJSON]> {
        JSONBody(try await load(Scope(Query(request)), statuses: false).snapshots.map(SnapshotJSON.init))
    }

    /// The current snapshots of the scope, with their statuses unless `statuses` is off (they
    /// cost a baseline resolution per series).
    func load(_ scope: Scope, statuses: Bool = true) async throws -> CurrentView {
        try await source.read { session in
            let snapshots = try SnapshotQueries(session).current(branch: scope.branch, environment: scope.environment)
            let board = statuses ? try RegressionBoard(session).statuses(recent: 0, of: snapshots) : []
            return CurrentView(scope: scope, snapshots: snapshots,
                               statuses: Dictionary(board.map { ($0.current.series, $0) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}

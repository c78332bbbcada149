import BenchCore
import BenchKit
import Foundation
import Hummingbird

/// What the history view is asked for: a model's series in a scope, and two versions to put
/// side by side.
struct HistoryRequest: Sendable {
    var model: String
    var scope: Scope
    /// `?from=N&to=M` (either present: compare; a missing one defaults to the newest two).
    var comparing: Bool
    var from: Int?
    var to: Int?
    /// The newest versions to list of each series (nil: all).
    var limit: Int?

    init(model: String, _ query: Query, limit: Int?) {
        self.model = model
        self.limit = limit
        scope = Scope(query)
        comparing = query.get("from") != nil || query.get("to") != nil
        from = query.get("from").flatMap { Int($0) }
        to = query.get("to").flatMap { Int($0) }
    }

    var filter: SeriesFilter { SeriesFilter(modelVersion: model, environment: scope.environment, branchName: scope.branch) }
}

/// What the history view shows: every version of each matching series, newest first, with
/// the directions of their metrics for the version comparison.
struct HistoryView: PageView {
    var request: HistoryRequest
    var histories: [SeriesHistory]
    var directions: [String: Direction]
    /// Whether the server has a token, so the write buttons work.
    var writable: Bool

    var title: String { "History: \(request.model)" }
}

/// One series of `/api/history/MODEL`.
struct HistoryJSON: Encodable, Sendable {
    var series: SeriesKey
    var snapshots: [SnapshotJSON]

    init(_ history: SeriesHistory) {
        series = history.series
        snapshots = history.snapshots.map(SnapshotJSON.init)
    }
}

/// The history view: the page `/history?model=MODEL` and `/api/history?model=MODEL`, also
/// served as `/history/MODEL` and `/api/history/MODEL` with the name percent-encoded (`%2F`
/// for a `/` in it). A model no series has is a 404.
struct HistoryController: ViewController {
    let source: DashboardSource
    let writable: Bool

    static let pagePaths = ["/history", "/history/:model"]
    static let apiPaths = ["/api/history", "/api/history/:model"]
    static let navigation = ""
    /// The newest versions a history page shows (`bench history` and the API list them all).
    static let pageRows = 200

    /// The model: the path's segment, decoded once (the router matches the raw path, so an
    /// encoded `/` stays in the name), or `?model=`; the page shows the newest `pageRows`
    /// versions, the API all.
    static func ask(_ query: Query, _ context: BasicRequestContext, api: Bool) throws(DashboardError) -> HistoryRequest {
        let model: String
        if let segment = context.parameters.get("model") {
            guard let decoded = segment.removingPercentEncoding else { throw .badRequest("the model in the path is not valid percent-encoded UTF-8") }
            model = decoded
        } else {
            guard let named = query.get("model"), !named.isEmpty else { throw .badRequest("give the model: ?model=NAME") }
            model = named
        }
        return HistoryRequest(model: model, query, limit: api ? nil : pageRows)
    }

    static func json(_ view: HistoryView) -> [HistoryJSON] { view.histories.map(HistoryJSON.init) }

    /// The newest versions the request asks for of each series of the model in the scope.
    func load(_ request: HistoryRequest) async throws -> HistoryView {
        let writable = writable
        return try await source.read { session in
            let queries = SnapshotQueries(session)
            let histories = try queries.history(request.filter, limit: request.limit)
            let names = Set(histories.flatMap { $0.snapshots.flatMap(\.metrics.names) })
            return HistoryView(request: request, histories: histories,
                               directions: Dictionary(uniqueKeysWithValues: names.map { ($0, queries.direction(of: $0)) }), writable: writable)
        }
    }
}

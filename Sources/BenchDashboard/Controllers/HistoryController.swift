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
    /// The versions to list of each series: `?limit=` (default 50, at most 1,000).
    var limit: Int
    /// `?before=N`: only versions older than N (the cursor of the next page; nil: the newest).
    var before: Int?

    init(model: String, _ query: Query, limit: Int, before: Int?) {
        self.model = model
        self.limit = limit
        self.before = before
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

/// One series of `/api/history/MODEL`: a page of its versions, newest first, and the cursor
/// of the next (`?before=next_before`; null on the last page).
struct HistoryJSON: Encodable, Sendable {
    var series: SeriesKey
    var snapshots: [SnapshotJSON]
    var next_before: Int?

    init(_ history: SeriesHistory) {
        series = history.series
        snapshots = history.snapshots.map(SnapshotJSON.init)
        next_before = history.nextBefore
    }

    enum CodingKeys: String, CodingKey { case series, snapshots, next_before }

    /// `next_before` is written as null on the last page rather than left out.
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(series, forKey: .series)
        try container.encode(snapshots, forKey: .snapshots)
        try container.encode(next_before, forKey: .next_before)
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
    /// The versions a page (of the view and of the API) lists by default, and at most.
    static let pageRows = 50
    static let largestPage = 1000

    /// The model: the path's segment, decoded once (the router matches the raw path, so an
    /// encoded `/` stays in the name), or `?model=`; a page of `?limit=` versions (default
    /// `pageRows`) older than `?before=`, for the view and the API alike.
    static func ask(_ query: Query, _ context: BasicRequestContext, api: Bool) throws(DashboardError) -> HistoryRequest {
        let model: String
        if let segment = context.parameters.get("model") {
            guard let decoded = segment.removingPercentEncoding else { throw .badRequest("the model in the path is not valid percent-encoded UTF-8") }
            model = decoded
        } else {
            guard let named = query.get("model"), !named.isEmpty else { throw .badRequest("give the model: ?model=NAME") }
            model = named
        }
        func number(_ name: String, _ range: ClosedRange<Int>) throws(DashboardError) -> Int? {
            guard let text = query.get(name) else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw .badRequest("?\(name)=\(text) is not a number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        return HistoryRequest(model: model, query, limit: try number("limit", 1...largestPage) ?? pageRows,
                              before: try number("before", 1...Int(Int32.max)))
    }

    static func json(_ view: HistoryView) -> [HistoryJSON] { view.histories.map(HistoryJSON.init) }

    /// The newest versions the request asks for of each series of the model in the scope.
    func load(_ request: HistoryRequest) async throws -> HistoryView {
        let writable = writable
        return try await source.read { session in
            let queries = SnapshotQueries(session)
            let histories = try queries.history(request.filter, limit: request.limit, before: request.before)
            let names = Set(histories.flatMap { $0.snapshots.flatMap(\.metrics.names) })
            return HistoryView(request: request, histories: histories,
                               directions: Dictionary(uniqueKeysWithValues: names.map { ($0, queries.direction(of: $0)) }), writable: writable)
        }
    }
}

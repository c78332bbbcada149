import BenchCore
import BenchKit
import Hummingbird

/// What the regressions view is asked for: a threshold (nil: bench.toml's), a scope, the
/// alerts' statuses (`?alerts=`, as `/api/alerts?status=`; live ones by default), and what
/// to unfold (`?range=`, `?all=1`, `?unchanged=show`; see `RegressionsFolding`).
struct RegressionsRequest: Sendable {
    var threshold: Threshold?
    var scope: Scope
    var alertStatuses: Set<AlertStatus>
    var folding: RegressionsFolding

    /// `?threshold=5%` and the scope; a threshold that is not a percentage is bad input.
    init(_ query: Query = Query()) throws(BenchError) {
        scope = Scope(query)
        alertStatuses = try AlertsController.statuses(Query(["status": query.all("alerts")]))
        folding = RegressionsFolding(query)
        guard let text = query.get("threshold"), !text.isEmpty else { threshold = nil; return }
        guard let threshold = Threshold.parse(text) else {
            throw BenchError(.badInput, "threshold '\(text)' is not a percentage", hint: "use e.g. 5%")
        }
        self.threshold = threshold
    }
}

/// What the regressions view shows: every current series of the scope against its baseline,
/// regressions first.
struct RegressionsView: PageView {
    var request: RegressionsRequest
    var board: [SeriesStatus]
    /// The alerts asked for, grouped by the commit range where they appeared.
    var alerts: [AlertRange]
    /// Whether the triage buttons work (the server has a token).
    var writable: Bool

    var title: String { "Regressions" }
}

/// One series of `/api/regressions`: its current snapshot, its baseline and the checks.
struct StatusJSON: Encodable, Sendable {
    /// One metric against the baseline: both values, the move and the verdict.
    struct CheckJSON: Encodable, Sendable {
        var metric: String
        var baseline: Double
        var candidate: Double
        var delta_percent: Double?
        var verdict: String
        var p_value: Double?
    }
    var series: SeriesKey
    var current: SnapshotJSON
    var baseline: SnapshotJSON?
    var baseline_rule: String?
    var verdict: String?
    var bisect: String?
    var checks: [CheckJSON]

    init(_ status: SeriesStatus) {
        series = status.current.series
        current = SnapshotJSON(status.current)
        baseline = status.baseline.map { SnapshotJSON($0.snapshot) }
        baseline_rule = status.baseline?.rule
        verdict = status.verdict?.rawValue
        bisect = status.bisectCommand
        checks = status.checks.map {
            CheckJSON(metric: $0.metric, baseline: $0.baseline, candidate: $0.candidate, delta_percent: $0.percent, verdict: $0.verdict.rawValue, p_value: $0.p)
        }
    }
}

/// The regressions view: the page `/regressions` and `/api/regressions`.
struct RegressionsController: ViewController {
    let source: DashboardSource
    /// Whether the server takes writes (it has a token): the triage buttons are enabled.
    var writable = false

    static let pagePaths = ["/regressions"]
    static let apiPaths = ["/api/regressions"]

    static func ask(_ query: Query, _ context: BasicRequestContext, api: Bool) throws(BenchError) -> RegressionsRequest {
        try RegressionsRequest(query)
    }

    static func json(_ view: RegressionsView) -> [StatusJSON] { view.board.map(StatusJSON.init) }

    func load(_ request: RegressionsRequest) async throws -> RegressionsView {
        let writable = writable
        return try await source.read { session in
            let current = try SnapshotQueries(session).current(branch: request.scope.branch, environment: request.scope.environment)
            let alerts = try AlertDesk(session).alerts(request.alertStatuses).filter { alert in
                request.scope.branch.map { $0 == alert.series.branchName } ?? true
                    && request.scope.environment.map { $0 == alert.series.environment } ?? true
            }
            return RegressionsView(request: request, board: try RegressionBoard(session).statuses(threshold: request.threshold, of: current),
                                   alerts: AlertRange.group(alerts), writable: writable)
        }
    }
}

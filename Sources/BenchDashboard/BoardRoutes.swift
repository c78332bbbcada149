import BenchCore
import BenchKit
import Foundation
import Hummingbird

/// The regressions and comparison views, as pages and as JSON.
struct BoardRoutes: Sendable {
    let source: DashboardSource

    func register(on router: Router<BasicRequestContext>) {
        router.get("/regressions") { request, _ in await self.regressionsPage(Query(request)).response }
        router.get("/api/regressions") { request, _ in await self.regressionsAPI(request) }
        router.get("/compare") { request, _ in await self.comparePage(Query(request)).response }
        router.get("/api/compare") { request, _ in await self.compareAPI(request) }
    }

    /// `?threshold=5%`, or nil when absent; a malformed one is an error message.
    func threshold(_ query: Query) -> Result<Threshold?, BenchError> {
        guard let text = query.get("threshold"), !text.isEmpty else { return .success(nil) }
        guard let threshold = Threshold.parse(text) else {
            return .failure(BenchError(.badInput, "threshold '\(text)' is not a percentage", hint: "use e.g. 5%"))
        }
        return .success(threshold)
    }

    struct StatusJSON: Encodable {
        struct CheckJSON: Encodable {
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
    }

    func regressionsAPI(_ request: Request) async -> Response {
        let threshold: Threshold?
        switch self.threshold(Query(request)) {
        case .success(let value): threshold = value
        case .failure(let error): return Replies.apiError(error)
        }
        do {
            let scope = Scope(Query(request))
            let board = try await source.read { try RegressionBoard($0).statuses(threshold: threshold, of: try SnapshotQueries($0).current(branch: scope.branch, environment: scope.environment)) }
            return Replies.json(board.map { status in
                StatusJSON(series: status.current.series, current: SnapshotJSON(status.current), baseline: status.baseline.map { SnapshotJSON($0.snapshot) },
                           baseline_rule: status.baseline?.rule, verdict: status.verdict?.rawValue, bisect: status.bisectCommand,
                           checks: status.checks.map { .init(metric: $0.metric, baseline: $0.baseline, candidate: $0.candidate,
                                                             delta_percent: $0.percent, verdict: $0.verdict.rawValue, p_value: $0.p) })
            })
        } catch { return Replies.apiError(error) }
    }

    func regressionsPage(_ query: Query) async -> Page {
        let threshold: Threshold?
        switch self.threshold(query) {
        case .success(let value): threshold = value
        case .failure(let error): return Page.error(error)
        }
        do {
            let scope = Scope(query)
            let board = try await source.read { try RegressionBoard($0).statuses(threshold: threshold, of: try SnapshotQueries($0).current(branch: scope.branch, environment: scope.environment)) }
            let form = Self.thresholdForm(threshold, scope: scope)
            let rows = board.map { status -> [String] in
                let worst = status.checks.first
                let verdict = status.verdict.map { "<span class=\"\($0.rawValue)\">\($0.rawValue)</span>" } ?? "<span class=\"muted\">no baseline</span>"
                let detail = worst.map { check in
                    "\(HTML.escape(check.metric)): \(HTML.number(check.baseline, unit: check.unit)) → \(HTML.number(check.candidate, unit: check.unit))"
                        + (check.percent.map { " (\(Figures.percent($0)))" } ?? "")
                } ?? ""
                let metric = worst?.metric ?? status.current.metrics.first?.name ?? ""
                let spark = Charts.lines([Charts.Line(name: metric, points: status.recent.compactMap { snapshot in
                    snapshot.metrics[metric].map { Charts.Point(value: $0.value, label: "v\(snapshot.version) · \(snapshot.commitSha.prefix(7)) · \(metric) = \($0.value)") }
                })], width: 160, height: 44)
                let numbers = status.recent.compactMap { snapshot in snapshot.metrics[metric].map { "v\(snapshot.version) \(HTML.number($0.value, unit: $0.unit))" } }
                let recent = spark + (numbers.isEmpty ? "" : "<details><summary class=\"muted\">\(HTML.escape(metric)) values</summary>\(numbers.joined(separator: "<br>"))</details>")
                let cause = status.bisectCommand.map { command -> String in
                    let range = status.baseline.map { "\(Figures.short($0.snapshot.commitSha))..\(Figures.short(status.current.commitSha))" } ?? ""
                    return "commits <code>\(HTML.escape(range))</code><br><code>\(HTML.escape(command))</code>"
                } ?? ""
                return [HTML.escape(status.current.series.description), verdict, detail, HTML.escape(status.baseline?.rule ?? ""), recent, cause]
            }
            let body = form + (board.isEmpty ? "<p>No results recorded yet.</p>"
                : HTML.table(["series", "verdict", "worst metric", "baseline", "recent", "find the cause"], rows))
            return Page(title: "Regressions", active: "/regressions", refresh: query.refresh, body: body)
        } catch { return Page.error(error) }
    }

    /// The threshold slider: bench.toml's thresholds until it is moved; moving it shows the
    /// percentage and applies it to every metric on release.
    static func thresholdForm(_ threshold: Threshold?, scope: Scope) -> String {
        let value = min(threshold?.fraction ?? 0.05, 0.5)
        let label = threshold.map { HTML.escape($0.description) } ?? "bench.toml's, per metric"
        return """
        <form method="get" action="/regressions" id="threshold">threshold         <input type="range" min="0" max="0.5" step="0.005" value="\(value)" aria-label="threshold"\(threshold == nil ? "" : " name=\"threshold\"")>         <output>\(label)</output> <a href="/regressions">reset</a> &nbsp; \(scope.fields) <button>Show</button>
        <script>
        (function () {
          var form = document.getElementById("threshold"), slider = form.querySelector("input"), label = form.querySelector("output");
          slider.addEventListener("input", function () { slider.name = "threshold"; label.textContent = (slider.value * 100).toFixed(1) + "%"; });
          slider.addEventListener("change", function () { form.submit(); });
        })();
        </script></form>
        """
    }

    struct CompareJSON: Encodable {
        var metrics: [String]
        var series: [SnapshotJSON]
        /// Per metric, the index of the best series (by the metric's direction).
        var best: [String: Int]
    }

    /// The current snapshots to compare: `?model=a&model=b`, else every current series.
    func loadCompare(_ query: Query) async throws -> (snapshots: [Snapshot], metrics: [String], best: [String: Int]) {
        let models = query.all("model")
        let scope = Scope(query)
        return try await source.read { session in
            let all = try SnapshotQueries(session).current(branch: scope.branch, environment: scope.environment)
            let snapshots = models.isEmpty ? all : all.filter { models.contains($0.series.modelVersion) }
            let metrics = NamedMetric.names(in: snapshots.map(\.metrics))
            var best: [String: Int] = [:]
            for metric in metrics {
                let higher = SnapshotQueries(session).direction(of: metric) == .higher
                let scored = snapshots.enumerated().compactMap { index, snapshot in snapshot.metrics[metric].map { (index, $0.value) } }
                if let winner = (higher ? scored.max { $0.1 < $1.1 } : scored.min { $0.1 < $1.1 }), scored.count > 1 { best[metric] = winner.0 }
            }
            return (snapshots, metrics, best)
        }
    }

    func compareAPI(_ request: Request) async -> Response {
        do {
            let (snapshots, metrics, best) = try await loadCompare(Query(request))
            return Replies.json(CompareJSON(metrics: metrics, series: snapshots.map(SnapshotJSON.init), best: best))
        } catch { return Replies.apiError(error) }
    }

    func comparePage(_ query: Query) async -> Page {
        do {
            let (snapshots, metrics, best) = try await loadCompare(query)
            guard !snapshots.isEmpty else {
                return Page(title: "Comparison", active: "/compare", refresh: nil, body: "<p>No results recorded yet.</p>")
            }
            let first = snapshots[0]
            let rows = metrics.map { metric -> [String] in
                [HTML.escape(metric)] + snapshots.enumerated().map { index, snapshot in
                    guard let value = snapshot.metrics[metric] else { return "" }
                    var cell = HTML.number(value.value, unit: value.unit)
                    if index > 0, let base = first.metrics[metric]?.value, base != 0 {
                        cell += Figures.percentChange(from: base, to: value.value).map { " <span class=\"muted\">(\(Figures.percent($0)))</span>" } ?? ""
                    }
                    return best[metric] == index ? "<strong class=\"improved\">\(cell)</strong>" : cell
                }
            }
            let radar = Charts.radar(axes: metrics, series: snapshots.map { snapshot in
                (snapshot.series.description, metrics.map { snapshot.metrics[$0]?.value })
            }, normalise: true)
            let kept = query.all("model").map { "<input type=\"hidden\" name=\"model\" value=\"\(HTML.escape($0))\">" }.joined()
            let form = "<form method=\"get\" action=\"/compare\">\(kept)\(Scope(query).fields) <button>Show</button></form>"
            let body = form + "<p class=\"muted\">Best per metric in bold; % against the first series. Pick series with <code>?model=a&amp;model=b</code>.</p>"
                + HTML.table(["metric"] + snapshots.map { $0.series.description }, rows, numeric: Set(1...snapshots.count)) + radar
                + Self.costSection(snapshots, metrics: metrics, query: query)
            return Page(title: "Comparison", active: "/compare", refresh: nil, body: body)
        } catch { return Page.error(error) }
    }

    /// Metric versus cost: each series a point, the quality metric (`?metric=`, else f1, else
    /// the first metric that is not a cost) against the cost (`?cost=`, else the first metric
    /// named like a cost), with the figures in a table beside it.
    static func costSection(_ snapshots: [Snapshot], metrics: [String], query: Query) -> String {
        guard let cost = query.get("cost") ?? metrics.first(where: Leaders.isCost) else {
            return "<h2>Metric versus cost</h2><p class=\"muted\">No metric named like a cost (analysis_cost, cost_usd…); pick one with <code>?cost=NAME</code>.</p>"
        }
        let others = metrics.filter { $0 != cost }
        guard let metric = query.get("metric") ?? (others.contains("f1") ? "f1" : others.first) else { return "" }
        let points = snapshots.compactMap { snapshot -> (name: String, x: Double, y: Double)? in
            guard let x = snapshot.metrics[cost]?.value, let y = snapshot.metrics[metric]?.value else { return nil }
            return (snapshot.series.description, x, y)
        }
        let heading = "<h2>\(HTML.escape(metric)) versus \(HTML.escape(cost))</h2>"
        guard !points.isEmpty else { return heading + "<p class=\"muted\">No series has both metrics.</p>" }
        let rows = points.map { [HTML.escape($0.name), HTML.number($0.y), HTML.number($0.x)] }
        return heading + "<div class=\"side\">" + Charts.scatter(points, xName: cost, yName: metric)
            + HTML.table(["series", metric, cost], rows, numeric: [1, 2]) + "</div>"
    }
}

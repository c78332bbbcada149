import BenchCore
import BenchKit

/// The comparison view as HTML: a page of the server, or a section of the report.
extension ComparisonView {
    func body(_ links: Links) -> String {
        let kept = request.models.map { "<input type=\"hidden\" name=\"model\" value=\"\(HTML.escape($0))\">" }.joined()
        let form = links.controls("<form method=\"get\" action=\"/compare\">\(kept)\(request.scope.fields) <button>Show</button></form>")
        guard let first = snapshots.first else { return form + "<p>No results recorded yet.</p>" }
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
        return form + "<p class=\"muted\">Best per metric in bold; % against the first series. Pick series with <code>?model=a&amp;model=b</code>.</p>"
            + HTML.table(["metric"] + snapshots.map { $0.series.description }, rows, numeric: Set(1...snapshots.count)) + radar
            + costSection
    }

    /// Metric versus cost: each series a point, the quality metric (`?metric=`, else f1, else
    /// the first metric that is not a cost) against the cost (`?cost=`, else the first metric
    /// named like a cost), with the figures in a table beside it.
    var costSection: String {
        guard let cost = request.cost ?? metrics.first(where: Leaders.isCost) else {
            return "<h2>Metric versus cost</h2><p class=\"muted\">No metric named like a cost (analysis_cost, cost_usd…); pick one with <code>?cost=NAME</code>.</p>"
        }
        let others = metrics.filter { $0 != cost }
        guard let metric = request.quality ?? (others.contains("f1") ? "f1" : others.first) else { return "" }
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

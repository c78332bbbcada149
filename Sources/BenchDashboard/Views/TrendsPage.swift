import BenchCore
import BenchKit
import Foundation

/// The trends view as HTML: a page of the server, or a section of the report.
extension TrendsView {
    func body(_ links: Links) -> String {
        let metric = request.metric
        let form = links.controls(self.form)
        guard !trends.isEmpty else {
            return form + "<p>No series has <code>\(HTML.escape(metric))</code> in this range.</p>"
        }
        let chart = Charts.lines(trends.map { trend in
            Charts.Line(name: trend.series.description, points: trend.points.enumerated().map { index, snapshot in
                let limit = trend.limit(index)
                return Charts.Point(value: snapshot.metrics[metric]!.value,
                                    label: trend.label(snapshot, metric: metric) + (Trend.limits(limit).map { " · limits \($0)" } ?? ""),
                                    time: request.byTime ? snapshot.createdAt.timeIntervalSince1970 : nil,
                                    interval: Trend.interval(snapshot, metric: metric), band: limit.map { ($0.lower, $0.upper) })
            }, bandLabel: trend.bandLabel(metric))
        }, marks: trends.count == 1 ? trends[0].changes : [])
        let banded = trends.contains { $0.bandLabel(metric) != nil }
            ? "<p class=\"muted\">Shaded: the limits each series' verdict model drew at each version from the results before it, "
                + "as <code>bench check</code> judges a new one; a point outside its band would have been flagged.</p>"
            : ""
        let marks = trends.count == 1 && !trends[0].changes.isEmpty
            ? "<p class=\"muted\">Dashed lines: change points found by <code>bench changes</code> (versions "
                + trends[0].changes.map { "v\(trends[0].points[$0].version)" }.joined(separator: ", ") + ").</p>"
            : ""
        let sampled = trends.contains { $0.points.contains { Trend.interval($0, metric: metric) != nil } }
        let rows = trends.flatMap { trend in
            trend.points.map { snapshot in
                let value = snapshot.metrics[metric]!
                return [HTML.escape(trend.series.description), "v\(snapshot.version)", links.commit(snapshot.commitSha),
                        HTML.escape(Timestamp.short(snapshot.createdAt)), HTML.number(value.value, unit: value.unit)]
                    + (sampled ? [Trend.interval(snapshot, metric: metric).map { "\(HTML.number($0.lowerBound)) – \(HTML.number($0.upperBound))" } ?? ""] : [])
            }
        }
        var note = sampled ? "<p class=\"muted\">Bars: the 95% confidence interval of the mean of each run's samples.</p>" : ""
        let perSeries = Trends.pointsPerSeries(trends.count)
        if trends.contains(where: { $0.points.count >= perSeries }) {
            note += "<p class=\"muted\">Each series shows its newest \(perSeries) versions"
                + (trends.count > 1 ? " (\(Trends.maximumPoints) with one series ticked)." : ".") + " All of them: <code>bench history</code> or <code>/api/history</code>.</p>"
        }
        return form + chart + banded + marks + note + runsPerDay
            + HTML.table(["series", "version", "commit", "recorded", metric] + (sampled ? ["95% CI"] : []), rows, numeric: [4, 5])
    }

    /// How many of the charted runs were recorded each day: bars, with the numbers folded out.
    var runsPerDay: String {
        let days = Dictionary(grouping: trends.flatMap(\.points)) { String(Timestamp.format($0.createdAt).prefix(10)) }
            .map { (day: $0.key, runs: $0.value.count) }.sorted { $0.day < $1.day }
        guard days.count > 1 else { return "" }
        return "<h2>Runs per day</h2>" + Charts.bars(days.map { ($0.day, Double($0.runs)) })
            + "<details><summary class=\"muted\">numbers</summary>" + HTML.table(["day", "runs"], days.map { [$0.day, "\($0.runs)"] }, numeric: [1]) + "</details>"
    }

    /// The controls: the metric (every metric a current series has), the series to overlay
    /// (none ticked: the first few), and the range and axis links, which keep the choice.
    /// The links are there for a metric a series has, and keep only series that exist: what
    /// they repeat comes from the store, not from the request.
    var form: String {
        let metric = request.metric, range = request.range, byTime = request.byTime
        let options = metrics.map { "<option\($0 == metric ? " selected" : "")>\(HTML.escape($0))</option>" }.joined()
        let boxes = available.map { model in
            "<label><input type=\"checkbox\" name=\"model\" value=\"\(HTML.escape(model))\"\(request.models.contains(model) ? " checked" : "")> \(HTML.escape(model))</label>"
        }.joined(separator: " ")
        let kept = request.models.filter(available.contains).map { "&amp;model=\(HTML.component($0))" }.joined() + request.scope.link
        let axis = byTime ? "&amp;axis=time" : ""
        let ranges = TrendRange.allCases.map { option in
            option == range ? "<strong>\(option.rawValue)</strong>"
                : "<a href=\"/trends?metric=\(HTML.component(metric))&amp;range=\(option.rawValue)\(kept)\(axis)\">\(option.rawValue)</a>"
        }.joined(separator: " · ")
        let axes = [("versions", !byTime), ("time", byTime)].map { name, chosen in
            chosen ? "<strong>\(name)</strong>"
                : "<a href=\"/trends?metric=\(HTML.component(metric))&amp;range=\(range.rawValue)\(kept)&amp;axis=\(name)\">\(name)</a>"
        }.joined(separator: " · ")
        return "<form method=\"get\" action=\"/trends\">metric <select name=\"metric\">\(options)</select>"
            + "<input type=\"hidden\" name=\"range\" value=\"\(range.rawValue)\"><input type=\"hidden\" name=\"axis\" value=\"\(byTime ? "time" : "versions")\">"
            + (knowsMetric ? " &nbsp; \(ranges) &nbsp; x: \(axes)" : "") + " &nbsp; \(request.scope.fields)"
            + (available.isEmpty ? "" : "<div class=\"muted\">series (none ticked: the first \(Trends.defaultSeries)) \(boxes)</div>")
            + " <button>Show</button></form>"
    }
}

import BenchCore
import BenchKit
import Foundation

/// The trends view as HTML: a page of the server, or a section of the report.
extension TrendsView {
    func body(_ links: Links) -> String {
        let metric = request.metric
        let form = links.controls(self.form)
        guard !trends.isEmpty, let axis = Panels.Axis(trends, byTime: request.byTime) else {
            return form + "<p>No series has <code>\(HTML.escape(metric))</code> in this range.</p>"
        }
        let panels = trends.enumerated().map { index, trend in
            let marks = trend.changes.map { Panels.Mark(index: $0, style: "change", label: "change point at v\(trend.points[$0].version)") }
            return Panels.panel(trend, metric: metric, color: index, axis: axis, marks: marks, id: index)
        }.joined(separator: "\n")
        return form + notes + "<div class=\"panels\">\n\(panels)\n</div>" + links.controls(HTML.script(PanelScript.code))
            + table(links) + runsPerDay
    }

    /// What the panels draw, in words: the thinning, the median, the band, the marks.
    var notes: String {
        let metric = request.metric
        let total = trends.reduce(0) { $0 + $1.points.count }, drawn = trends.reduce(0) { $0 + $1.drawn.count }
        var notes = ["Each panel: one series over the shared \(request.byTime ? "time" : "version") axis; the thick line is the rolling median"
            + " of the verdict model's window" + (drawn < total ? "; \(total) versions drawn as \(drawn) points (each pixel column keeps its lowest and highest, so no spike is lost)" : "")
            + ". Hover a panel (or focus it and use the arrow keys) to read a point; drag across it to narrow the range."]
        if trends.contains(where: { $0.bandLabel(metric) != nil }) {
            notes.append("Shaded: the limits each series' verdict model drew at each version from the results before it, "
                + "as <code>bench check</code> judges a new one; a point outside its band would have been flagged.")
        }
        let marked = trends.filter { !$0.changes.isEmpty }
        if !marked.isEmpty {
            notes.append("Dashed lines: change points found by <code>bench changes</code> ("
                + marked.map { trend in HTML.escape(trend.series.modelVersion) + " " + trend.changes.map { "v\(trend.points[$0].version)" }.joined(separator: ", ") }
                    .joined(separator: "; ") + ").")
        }
        if trends.contains(where: { $0.points.count > Trends.changePointLimit }) {
            notes.append("Change points are marked in ranges of at most \(Trends.changePointLimit) versions: narrow the range to see them.")
        }
        let epochs = trends.filter { $0.epochs.count > 1 }
        if !epochs.isEmpty {
            notes.append("Solid grey lines: the testbed changed ("
                + epochs.flatMap { TestbedEpoch.changes($0.epochs) }.map(HTML.escape).joined(separator: "; ")
                + "); change points are looked for within each testbed.")
        }
        if trends.contains(where: { $0.points.contains { Trend.interval($0) != nil } }) {
            notes.append("Bars: the 95% confidence interval of the mean of each run's samples.")
        }
        return notes.map { "<p class=\"muted\">\($0)</p>" }.joined()
    }

    /// The raw values, a page at a time, newest first: each point with its commit, its limits
    /// and its rolling median.
    func table(_ links: Links) -> String {
        let metric = request.metric
        let (rows, pages) = Trends.tablePage(trends, page: request.page)
        let page = min(request.page, pages)
        let sampled = trends.contains { $0.points.contains { Trend.interval($0) != nil } }
        let cells = rows.map { row -> [String] in
            let trend = trends[row.trend], point = trend.points[row.point]
            let value = point.metric
            let commit = trend.commits[point.commitSha]
            return [HTML.escape(trend.series.description), "v\(point.version)", links.commit(point.commitSha),
                    HTML.escape(commit.map { "\($0.subject) · \($0.author)" } ?? ""), HTML.escape(Timestamp.short(point.createdAt)),
                    HTML.number(value.value, unit: value.unit), HTML.escape(Trend.limits(trend.limit(row.point)) ?? ""),
                    trend.medians.indices.contains(row.point) ? HTML.number(trend.medians[row.point]) : ""]
                + (sampled ? [Trend.interval(point).map { "\(HTML.number($0.lowerBound)) – \(HTML.number($0.upperBound))" } ?? ""] : [])
        }
        let total = trends.reduce(0) { $0 + $1.points.count }
        func link(_ target: Int, _ text: String) -> String {
            "<a href=\"\(HTML.escape(address(page: target)))\">\(text)</a>"
        }
        let pager = "<nav class=\"pager\" aria-label=\"pages of the values\">"
            + (page > 1 ? link(page - 1, "← newer") : "<span class=\"muted\">← newer</span>")
            + " <span>page \(page) of \(pages) (\(total) values)</span> "
            + (page < pages ? link(page + 1, "older →") : "<span class=\"muted\">older →</span>") + "</nav>"
        let head = "<h2>Values</h2>" + (links.live ? pager : (pages > 1 ? "<p class=\"muted\">The newest \(Trends.tableRows) of \(total) values.</p>" : ""))
        return head + "<div class=\"scroll\">" + HTML.table(["series", "version", "commit", "subject", "recorded", metric, "limits", "median"] + (sampled ? ["95% CI"] : []),
                                                            cells, numeric: [5, 7, 8]) + "</div>"
    }

    /// This view's address with the raw table at `page`.
    func address(page: Int) -> String {
        var parts = ["metric=\(HTML.component(request.metric))", "range=\(request.range.rawValue)"]
        parts += request.models.filter(available.contains).map { "model=\(HTML.component($0))" }
        if request.byTime { parts.append("axis=time") }
        if let from = request.from { parts.append("from=\(HTML.component(from.text))") }
        if let to = request.to { parts.append("to=\(HTML.component(to.text))") }
        if let branch = request.scope.branch { parts.append("branch=\(HTML.component(branch))") }
        if let environment = request.scope.environment { parts.append("environment=\(HTML.component(environment))") }
        if page > 1 { parts.append("page=\(page)") }
        return "/trends?" + parts.joined(separator: "&")
    }

    /// How many of the charted runs were recorded each day: bars, with the numbers folded out.
    var runsPerDay: String {
        // Counted by day number, each day's name written once (not once per point).
        var counts: [Int64: Int] = [:]
        for trend in trends {
            for point in trend.points { counts[Timestamp.day(of: point.createdAt), default: 0] += 1 }
        }
        let days = counts.sorted { $0.key < $1.key }
            .map { (day: String(Timestamp.format(Timestamp.start(ofDay: $0.key)).prefix(10)), runs: $0.value) }
        guard days.count > 1 else { return "" }
        return "<h2>Runs per day</h2>" + Charts.bars(days.map { ($0.day, Double($0.runs)) })
            + "<details><summary class=\"muted\">numbers</summary>" + HTML.table(["day", "runs"], days.map { [$0.day, "\($0.runs)"] }, numeric: [1]) + "</details>"
    }

    /// Up to this many series are offered as an open list of boxes; more fold away.
    static let openList = 24

    /// The controls: the metric (every metric a current series has), the series to chart
    /// (none ticked: the first few), the range (links, and from/to fields, kept in the address)
    /// and the axis. The links are there for a metric a series has, and keep only series that
    /// exist: what they repeat comes from the store, not from the request.
    var form: String {
        let metric = request.metric, range = request.range, byTime = request.byTime
        let options = metrics.map { "<option\($0 == metric ? " selected" : "")>\(HTML.escape($0))</option>" }.joined()
        let boxes = available.map { model in
            "<label><input type=\"checkbox\" name=\"model\" value=\"\(HTML.escape(model))\"\(request.models.contains(model) ? " checked" : "")> \(HTML.escape(model))</label>"
        }.joined(separator: " ")
        let kept = request.models.filter(available.contains).map { "&amp;model=\(HTML.component($0))" }.joined() + request.scope.link
        let axis = byTime ? "&amp;axis=time" : ""
        let ranges = TrendRange.allCases.map { option in
            option == range && request.from == nil && request.to == nil ? "<strong>\(option.rawValue)</strong>"
                : "<a href=\"/trends?metric=\(HTML.component(metric))&amp;range=\(option.rawValue)\(kept)\(axis)\">\(option.rawValue)</a>"
        }.joined(separator: " · ")
        let narrowed = (request.from.map { "&amp;from=\(HTML.component($0.text))" } ?? "") + (request.to.map { "&amp;to=\(HTML.component($0.text))" } ?? "")
        let axes = [("versions", !byTime), ("time", byTime)].map { name, chosen in
            chosen ? "<strong>\(name)</strong>"
                : "<a href=\"/trends?metric=\(HTML.component(metric))&amp;range=\(range.rawValue)\(kept)\(narrowed)&amp;axis=\(name)\">\(name)</a>"
        }.joined(separator: " · ")
        let bounds = "<label>from <input name=\"from\" size=\"10\" placeholder=\"version or date\" value=\"\(HTML.escape(request.from?.text ?? ""))\"></label> "
            + "<label>to <input name=\"to\" size=\"10\" placeholder=\"version or date\" value=\"\(HTML.escape(request.to?.text ?? ""))\"></label>"
        return "<form method=\"get\" action=\"/trends\" class=\"controls\"><label>metric <select name=\"metric\">\(options)</select></label>"
            + "<input type=\"hidden\" name=\"range\" value=\"\(range.rawValue)\"><input type=\"hidden\" name=\"axis\" value=\"\(byTime ? "time" : "versions")\">"
            + (knowsMetric ? " <span>\(ranges)</span> \(bounds) <span>x: \(axes)</span>" : "") + " \(request.scope.fields)"
            + (available.isEmpty ? "" : available.count <= Self.openList
                ? "<div class=\"muted\">series (none ticked: the first \(Trends.defaultSeries)) \(boxes)</div>"
                : "<details class=\"pick\"><summary>series: \(trends.count) of \(available.count) charted (none ticked: the first \(Trends.defaultSeries)); choose…</summary>\(boxes)</details>")
            + " <button>Show</button></form>"
    }
}

import BenchCore
import BenchKit

/// The comparison view as HTML: a page of the server, or a section of the report.
extension ComparisonView {
    /// At most this many series side by side as columns (more: pick some with `?model=`).
    static let columnLimit = 12

    func body(_ links: Links) -> String {
        let kept = request.models.map { "<input type=\"hidden\" name=\"model\" value=\"\(HTML.escape($0))\">" }.joined()
        let form = links.controls("<form method=\"get\" action=\"/compare\" class=\"controls\">\(kept)\(request.scope.fields) <button>Show</button></form>")
        guard let first = snapshots.first else { return form + "<p>No results recorded yet.</p>" }
        let sides = links.controls(sidesForm) + (sideBySide.map { Self.table($0, links, fold: links.live && !request.showUnchanged, scope: request.scope) } ?? "")
        guard snapshots.count <= Self.columnLimit else {
            return sides + "<h2>Series by series</h2>" + form + "<p class=\"muted\">\(snapshots.count) series: too many to set side by side as columns. "
                + "Pick up to \(Self.columnLimit) with <code>?model=a&amp;model=b</code>, or compare two commits, branches or testbeds above.</p>"
        }
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
        return sides + "<h2>Series by series</h2>" + form + "<p class=\"muted\">Best per metric in bold; % against the first series. Pick series with <code>?model=a&amp;model=b</code>.</p>"
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

    /// The form that picks the two sides: what they are, and each one.
    var sidesForm: String {
        let chosen = request.sides?.kind ?? .commit
        let kinds = SideKind.allCases.map { "<option\($0 == chosen ? " selected" : "")>\($0.rawValue)</option>" }.joined()
        return "<form method=\"get\" action=\"/compare\" class=\"controls\"><label>compare two <select name=\"by\">\(kinds)</select></label>"
            + "<label>A <input name=\"a\" size=\"14\" value=\"\(HTML.escape(request.sides?.a ?? ""))\" placeholder=\"sha, branch or testbed\"></label>"
            + "<label>B <input name=\"b\" size=\"14\" value=\"\(HTML.escape(request.sides?.b ?? ""))\" placeholder=\"sha, branch or testbed\"></label>"
            + "<button>Compare</button></form>"
    }

    /// The two sides' table: a row per series and metric, A, B, the change as `bench compare`
    /// writes it, and the verdict; worse first, then by the size of the change. Each header sorts.
    /// With `fold`, the rows where nothing changed are counted under the table, not listed.
    static func table(_ sides: SideBySide, _ links: Links, fold: Bool = false, scope: Scope = Scope()) -> String {
        let every = sides.ordered
        guard !every.isEmpty else {
            return "<p>Nothing measured on either side.</p>"
        }
        let rows = fold ? every.filter { $0.1.verdict != .same } : every
        func header(_ text: String, numeric: Bool = false) -> String {
            "<th\(numeric ? " class=\"num\"" : "")>" + (links.live ? "<button type=\"button\">\(HTML.escape(text))</button>" : HTML.escape(text)) + "</th>"
        }
        let head = "<thead><tr>" + header("series") + header("metric") + header("A", numeric: true) + header("B", numeric: true)
            + header("delta", numeric: true) + header("change", numeric: true) + header("") + "</tr></thead>"
        let body = rows.map { row, delta -> String in
            let figure = { (value: Double?) in value.map { HTML.number($0, unit: delta.unit, metric: delta.name) } ?? "–" }
            let style = delta.verdict == .worse ? "regressed" : delta.verdict == .better ? "improved" : "muted"
            let absolute = delta.absolute.map { ($0 > 0 ? "+" : "") + HTML.escape(Figures.number($0)) } ?? (delta.from == nil ? "(new)" : "(gone)")
            let verdict = delta.verdict.word
            return "<tr data-name=\"\(HTML.escape(row.description.lowercased()))\"><td>\(links.history(row, text: row.description))</td>"
                + "<td>\(HTML.escape(delta.name))</td><td class=\"num\" data-v=\"\(delta.from.map { "\($0)" } ?? "")\">\(figure(delta.from))</td>"
                + "<td class=\"num\" data-v=\"\(delta.to.map { "\($0)" } ?? "")\">\(figure(delta.to))</td>"
                + "<td class=\"num\" data-v=\"\(delta.absolute.map { "\($0)" } ?? "")\">\(absolute)</td>"
                + "<td class=\"num\" data-v=\"\(delta.percent.map { "\($0)" } ?? "")\"><span class=\"\(style)\">\(delta.percent.map(Figures.percent) ?? "")</span></td>"
                + "<td><span class=\"\(style)\">\(verdict)</span></td></tr>"
        }.joined(separator: "\n")
        let counts = sides.counts
        // A commit reads as its sha and subject; a branch or testbed is in the form above already.
        let named = sides.kind == .commit ? "<strong>A</strong> \(HTML.escape(sides.labels.a)) → <strong>B</strong> \(HTML.escape(sides.labels.b)) " : "A → B "
        let summary = "<p>\(named)"
            + "<span class=\"muted\">(two \(sides.kind.plural)) · \(sides.rows.count) series · </span>"
            + "<span class=\"regressed\">\(counts[.worse] ?? 0) worse</span> · <span class=\"improved\">\(counts[.better] ?? 0) better</span>"
            + " · \(counts[.same] ?? 0) same</p>"
        let show = "/compare?by=\(sides.kind.rawValue)&amp;a=\(HTML.component(sides.a))&amp;b=\(HTML.component(sides.b))\(scope.link)&amp;unchanged=show"
        return summary + "<div class=\"scroll\"><table id=\"sides\" class=\"compact sortable\">\(head)<tbody>\n\(body)\n</tbody></table></div>"
            + Folding.note(every.count - rows.count, what: "unchanged rows", show: show)
            + links.controls(HTML.script(TableScript.code))
    }
}

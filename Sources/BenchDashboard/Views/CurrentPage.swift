import BenchCore
import BenchKit

/// The current view as HTML: a page of the server, or a section of the report.
extension CurrentView {
    func body(_ links: Links) -> String {
        let filters = links.controls("<form method=\"get\" action=\"/\">\(scope.fields) <button>Filter</button></form>")
        guard !snapshots.isEmpty else {
            return filters + "<p>No results recorded yet. Record one with <code>bench record --input results.json</code>.</p>"
        }
        let cards = snapshots.map { snapshot in
            let metrics = snapshot.metrics.map { "<tr><td>\(HTML.escape($0.name))</td><td class=\"num\">\(HTML.number($0.metric.value, unit: $0.metric.unit, metric: $0.name))</td></tr>" }.joined()
            return """
            <div class="card"><h2>\(links.history(snapshot.series, text: snapshot.series.modelVersion))</h2>
            <div class="muted">\(HTML.escape(snapshot.series.environment))@\(HTML.escape(snapshot.series.branchName)) · v\(snapshot.version) · \(links.commit(snapshot.commitSha)) \(HTML.badges(snapshot))</div>
            <div class="muted">updated \(HTML.escape(Timestamp.short(snapshot.lastUpdatedAt)))</div>
            \(Self.status(statuses[snapshot.series], links))
            <table>\(metrics)</table></div>
            """
        }.joined(separator: "\n")
        let names = NamedMetric.names(in: snapshots.map(\.metrics))
        let rows = snapshots.map { snapshot in
            [HTML.escape(snapshot.series.description), "v\(snapshot.version)"] + names.map { name in
                snapshot.metrics[name].map { HTML.number($0.value, unit: $0.unit, metric: name) } ?? ""
            }
        }
        return filters + "<div class=\"cards\">\(cards)</div>" + Leaders.section(snapshots, names: names) + "<h2>All series</h2>"
            + HTML.table(["series", "version"] + names, rows, numeric: Set(2..<(names.count + 2)))
    }

    /// A card's line on its baseline: the verdict, the worst metric's move, and the rule
    /// that chose the baseline.
    static func status(_ status: SeriesStatus?, _ links: Links) -> String {
        guard let status, let baseline = status.baseline, let verdict = status.verdict else {
            return "<div class=\"muted\">no baseline yet</div>"
        }
        let worst = status.checks.first.map { check in
            " · \(HTML.escape(check.metric)) " + (check.percent.map(Figures.percent) ?? "")
        } ?? ""
        return "<div>\(links.view("/regressions", text: verdict.rawValue, style: verdict.rawValue))\(worst)"
            + " <span class=\"muted\">against v\(baseline.snapshot.version): \(HTML.escape(baseline.rule))</span></div>"
    }
}

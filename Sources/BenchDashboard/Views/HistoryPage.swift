import BenchCore
import BenchKit

/// The history view as HTML: a page of the server, or a section of the report.
extension HistoryView {
    func body(_ links: Links) -> String {
        let sections = histories.map { history -> String in
            let metric = history.snapshots.first?.metrics.first?.name ?? ""
            let charted = history.snapshots.reversed().filter { $0.metrics[metric] != nil }
            let epochs = TestbedEpoch.of(charted)
            let chart = Charts.lines([Charts.Line(name: metric, points: charted.map { snapshot in
                Charts.Point(value: snapshot.metrics[metric]!.value,
                             label: "v\(snapshot.version) · \(snapshot.commitSha.prefix(7)) · \(metric) = \(snapshot.metrics[metric]!.value)")
            })], height: 180, epochs: epochs.dropFirst().map(\.range.lowerBound))
            let rows = history.snapshots.map { snapshot -> [String] in
                ["v\(snapshot.version)", HTML.badges(snapshot), links.commit(snapshot.commitSha),
                 HTML.escape(Timestamp.short(snapshot.createdAt)), HTML.escape(snapshot.testbed ?? "unknown"), HTML.figures(snapshot),
                 links.controls(actions(history.series, snapshot))]
            }
            let boundaries = TestbedEpoch.changes(epochs).map(HTML.escape)
            let epochNote = boundaries.isEmpty ? ""
                : "<p class=\"muted epochs\">Testbed changed (solid grey line): \(boundaries.joined(separator: "; ")). Checks compare results of one testbed only.</p>"
            return "<h2>\(HTML.escape(history.series.description))</h2>\(chart)\(epochNote)"
                + links.controls(versionComparison(history))
                + HTML.table(["version", "status", "commit", "recorded", "testbed", "metrics", ""], rows)
                + links.controls(pager(history))
        }.joined(separator: "\n")
        let form = Links.openHistoryForm(model: request.model) + "\(request.scope.fields) <button>Show</button></form>"
        let note = writable ? "" : "<p class=\"muted\">Rollback and baseline buttons are disabled: the server was started without a token.</p>"
        return links.controls(form + note) + sections + links.controls(HTML.script(Self.writeScript))
    }

    /// Links to the next page of older versions and back to the newest: the cursor is the
    /// oldest version shown (`?before=`), so a page stays the same while new runs arrive.
    func pager(_ history: SeriesHistory) -> String {
        let base = "/history?model=\(HTML.component(request.model))\(request.scope.link)"
            + (request.limit == HistoryController.pageRows ? "" : "&amp;limit=\(request.limit)")
        var parts: [String] = []
        if request.before != nil { parts.append("<a href=\"\(base)\">Newest versions</a>") }
        if let next = history.nextBefore { parts.append("<a href=\"\(base)&amp;before=\(next)\" rel=\"next\">Older versions (before v\(next))</a>") }
        return parts.isEmpty ? "" : "<p class=\"pager\">" + parts.joined(separator: " · ") + "</p>"
    }

    /// A version's rollback and baseline buttons, which the write script sends to the API.
    func actions(_ series: SeriesKey, _ snapshot: Snapshot) -> String {
        let attributes = "data-model=\"\(HTML.escape(series.modelVersion))\" data-branch=\"\(HTML.escape(series.branchName))\" data-environment=\"\(HTML.escape(series.environment))\" data-dataset=\"\(HTML.escape(series.datasetVersion))\" data-prompt=\"\(HTML.escape(series.promptVersion))\" data-version=\"\(snapshot.version)\""
        let disabled = writable ? "" : " disabled title=\"start bench serve with --token to enable\""
        return "<button class=\"bench-write\" data-action=\"checkout\" \(attributes)\(disabled)>Revert to this version</button> "
            + "<button class=\"bench-write\" data-action=\"baseline\" \(attributes)\(disabled)>Set as baseline</button>"
    }

    /// Two versions of a series side by side (`?from=N&to=M`), with a form to pick them.
    func versionComparison(_ history: SeriesHistory) -> String {
        guard history.snapshots.count >= 2 else { return "" }
        let model = request.model
        let versions = history.snapshots.map(\.version)
        let from = request.from ?? versions[1]
        let to = request.to ?? versions[0]
        func select(_ name: String, _ chosen: Int) -> String {
            "<select name=\"\(name)\">" + versions.map { "<option value=\"\($0)\"\($0 == chosen ? " selected" : "")>v\($0)</option>" }.joined() + "</select>"
        }
        let series = history.series
        let hidden = [("branch", series.branchName), ("environment", series.environment), ("dataset", series.datasetVersion), ("prompt", series.promptVersion)]
            .map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\(HTML.escape($0.1))\">" }.joined()
        let form = Links.openHistoryForm(model: model) + "compare \(select("from", from)) with \(select("to", to))\(hidden) <button>Compare</button></form>"
        guard request.comparing else { return form }
        guard let old = history.snapshots.first(where: { $0.version == from }), let new = history.snapshots.first(where: { $0.version == to }) else {
            return form + "<p class=\"muted\">Pick versions among this page's; others: <code>bench compare \(HTML.escape(model)) N M</code>.</p>"
        }
        let rows = MetricDelta.between(old.metrics, new.metrics, direction: { directions[$0] ?? Direction.default(forMetric: $0) }).map { delta -> [String] in
            let change = delta.percent.map(Figures.percent) ?? (delta.absolute.map { Figures.number($0) } ?? "")
            let style = delta.verdict == .better ? "improved" : (delta.verdict == .worse ? "regressed" : "muted")
            return [HTML.escape(delta.name), delta.from.map { HTML.number($0, unit: delta.unit) } ?? "—",
                    delta.to.map { HTML.number($0, unit: delta.unit) } ?? "—", "<span class=\"\(style)\">\(HTML.escape(change)) \(delta.verdict.rawValue)</span>"]
        }
        return form + HTML.table(["metric", "v\(from)", "v\(to)", "change"], rows, numeric: [1, 2])
    }

    /// The write buttons' script: asks for the token once (kept for the session) and sends
    /// the write with it.
    static let writeScript = """

    document.querySelectorAll("button.bench-write").forEach(function (button) {
      button.addEventListener("click", function () {
        var token = sessionStorage.getItem("benchToken") || prompt("Dashboard token");
        if (!token) { return; }
        sessionStorage.setItem("benchToken", token);
        var d = button.dataset;
        fetch("/api/" + d.action, { method: "POST", headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json" },
          body: JSON.stringify({ model: d.model, branch: d.branch, environment: d.environment, dataset: d.dataset, prompt: d.prompt, version: Number(d.version) }) })
          .then(function (response) {
            if (response.status === 401) { sessionStorage.removeItem("benchToken"); }
            return response.json().then(function (body) { if (!response.ok) { alert(body.error); } else { location.reload(); } });
          });
      });
    });

    """
}

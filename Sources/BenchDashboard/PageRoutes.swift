import BenchCore
import BenchKit
import Foundation
import Hummingbird

/// The pages: current snapshots, trends, a series' history, the commit log.
struct PageRoutes: Sendable {
    let source: DashboardSource
    /// Whether the server has a token, so the write buttons work.
    let writable: Bool

    func register(on router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in await self.current(Query(request)).response }
        router.get("/trends") { request, _ in await self.trends(Query(request)).response }
        router.get("/history/:model") { request, context in await self.history(Query(request), model: context.parameters.get("model") ?? "").response }
        router.get("/commits") { request, _ in await self.commits(Query(request)).response }
        router.get("/commits/:sha") { _, context in await self.commit(context.parameters.get("sha") ?? "").response }
    }

    func current(_ query: Query) async -> Page {
        let branch = query.get("branch"), environment = query.get("environment")
        do {
            let (snapshots, board) = try await source.read { session in
                let snapshots = try SnapshotQueries(session).current(branch: branch, environment: environment)
                return (snapshots, try RegressionBoard(session).statuses(recent: 0, of: snapshots))
            }
            let statuses = Dictionary(board.map { ($0.current.series, $0) }, uniquingKeysWith: { first, _ in first })
            guard !snapshots.isEmpty else {
                return Page(title: "Current snapshot", active: "/", refresh: query.refresh,
                                              body: "<p>No results recorded yet. Record one with <code>bench record --input results.json</code>.</p>")
            }
            let cards = snapshots.map { snapshot in
                let metrics = snapshot.metrics.map { "<tr><td>\(HTML.escape($0.name))</td><td class=\"num\">\(HTML.number($0.metric.value, unit: $0.metric.unit))</td></tr>" }.joined()
                return """
                <div class="card"><h2>\(HTML.historyLink(snapshot.series, text: snapshot.series.modelVersion))</h2>
                <div class="muted">\(HTML.escape(snapshot.series.environment))@\(HTML.escape(snapshot.series.branchName)) · v\(snapshot.version) · \(HTML.commitLink(snapshot.commitSha)) \(HTML.badges(snapshot))</div>
                <div class="muted">updated \(HTML.escape(Timestamp.short(snapshot.lastUpdatedAt)))</div>
                \(Self.status(statuses[snapshot.series]))
                <table>\(metrics)</table></div>
                """
            }.joined(separator: "\n")
            let names = NamedMetric.names(in: snapshots.map(\.metrics))
            let rows = snapshots.map { snapshot in
                [HTML.escape(snapshot.series.description), "v\(snapshot.version)"] + names.map { name in
                    snapshot.metrics[name].map { HTML.number($0.value, unit: $0.unit) } ?? ""
                }
            }
            let filters = "<form method=\"get\" action=\"/\">branch <input name=\"branch\" value=\"\(HTML.escape(branch ?? ""))\"> environment <input name=\"environment\" value=\"\(HTML.escape(environment ?? ""))\"> <button>Filter</button></form>"
            let body = filters + "<div class=\"cards\">\(cards)</div>" + Leaders.section(snapshots, names: names) + "<h2>All series</h2>"
                + HTML.table(["series", "version"] + names, rows, numeric: Set(2..<(names.count + 2)))
            return Page(title: "Current snapshot", active: "/", refresh: query.refresh, body: body)
        } catch { return Page.error(error) }
    }

    /// A card's line on its baseline: the verdict, the worst metric's move, and the rule
    /// that chose the baseline.
    static func status(_ status: SeriesStatus?) -> String {
        guard let status, let baseline = status.baseline, let verdict = status.verdict else {
            return "<div class=\"muted\">no baseline yet</div>"
        }
        let worst = status.checks.first.map { check in
            " · \(HTML.escape(check.metric)) " + (check.percent.map(Figures.percent) ?? "")
        } ?? ""
        return "<div><a class=\"\(verdict.rawValue)\" href=\"/regressions\">\(verdict.rawValue)</a>\(worst)"
            + " <span class=\"muted\">against v\(baseline.snapshot.version): \(HTML.escape(baseline.rule))</span></div>"
    }

    func trends(_ query: Query) async -> Page {
        let metric = query.get("metric") ?? "f1"
        guard let range = TrendRange(query.get("range") ?? "all") else {
            return Page.error(BenchError(.badInput, "range must be 7d, 30d, 90d or all"))
        }
        let models = query.all("model").filter { !$0.isEmpty }
        let byTime = query.get("axis") == "time"
        guard [nil, "time", "versions"].contains(query.get("axis")) else {
            return Page.error(BenchError(.badInput, "axis must be versions or time"))
        }
        do {
            let scope = Scope(query)
            let (trends, current) = try await source.read { session in
                let current = try SnapshotQueries(session).current(branch: scope.branch, environment: scope.environment)
                return (try Trends.load(session, metric: metric, range: range, current: current, models: models), current)
            }
            let form = Self.trendsForm(metric: metric, range: range, models: models, byTime: byTime, scope: scope, current: current)
            guard !trends.isEmpty else {
                return Page(title: "Trends: \(metric)", active: "/trends", refresh: query.refresh,
                            body: form + "<p>No series has <code>\(HTML.escape(metric))</code> in this range.</p>")
            }
            let chart = Charts.lines(trends.map { trend in
                Charts.Line(name: trend.series.description, points: trend.points.map { snapshot in
                    Charts.Point(value: snapshot.metrics[metric]!.value, label: trend.label(snapshot, metric: metric),
                                 time: byTime ? snapshot.createdAt.timeIntervalSince1970 : nil,
                                 interval: Trend.interval(snapshot, metric: metric))
                })
            }, marks: trends.count == 1 ? trends[0].changes : [])
            let marks = trends.count == 1 && !trends[0].changes.isEmpty
                ? "<p class=\"muted\">Dashed lines: change points found by <code>bench changes</code> (versions "
                    + trends[0].changes.map { "v\(trends[0].points[$0].version)" }.joined(separator: ", ") + ").</p>"
                : ""
            let sampled = trends.contains { $0.points.contains { Trend.interval($0, metric: metric) != nil } }
            let rows = trends.flatMap { trend in
                trend.points.map { snapshot in
                    let value = snapshot.metrics[metric]!
                    return [HTML.escape(trend.series.description), "v\(snapshot.version)", HTML.commitLink(snapshot.commitSha),
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
            let body = form + chart + marks + note + Self.runsPerDay(trends)
                + HTML.table(["series", "version", "commit", "recorded", metric] + (sampled ? ["95% CI"] : []), rows, numeric: [4, 5])
            return Page(title: "Trends: \(metric)", active: "/trends", refresh: query.refresh, body: body)
        } catch { return Page.error(error) }
    }

    /// How many of the charted runs were recorded each day: bars, with the numbers folded out.
    static func runsPerDay(_ trends: [Trend]) -> String {
        let days = Dictionary(grouping: trends.flatMap(\.points)) { String(Timestamp.format($0.createdAt).prefix(10)) }
            .map { (day: $0.key, runs: $0.value.count) }.sorted { $0.day < $1.day }
        guard days.count > 1 else { return "" }
        return "<h2>Runs per day</h2>" + Charts.bars(days.map { ($0.day, Double($0.runs)) })
            + "<details><summary class=\"muted\">numbers</summary>" + HTML.table(["day", "runs"], days.map { [$0.day, "\($0.runs)"] }, numeric: [1]) + "</details>"
    }

    /// The trends controls: the metric (every metric a current series has), the series to
    /// overlay (none ticked: all), and the range links, which keep the choice.
    static func trendsForm(metric: String, range: TrendRange, models: [String], byTime: Bool, scope: Scope, current: [Snapshot]) -> String {
        var metrics = NamedMetric.names(in: current.map(\.metrics))
        var available: [String] = []
        for snapshot in current where snapshot.metrics[metric] != nil && !available.contains(snapshot.series.modelVersion) {
            available.append(snapshot.series.modelVersion)
        }
        if !metrics.contains(metric) { metrics.insert(metric, at: 0) }
        let options = metrics.map { "<option\($0 == metric ? " selected" : "")>\(HTML.escape($0))</option>" }.joined()
        let boxes = available.map { model in
            "<label><input type=\"checkbox\" name=\"model\" value=\"\(HTML.escape(model))\"\(models.contains(model) ? " checked" : "")> \(HTML.escape(model))</label>"
        }.joined(separator: " ")
        let kept = models.map { "&amp;model=\(HTML.component($0))" }.joined() + scope.link
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
            + " &nbsp; \(ranges) &nbsp; x: \(axes) &nbsp; \(scope.fields)"
            + (available.isEmpty ? "" : "<div class=\"muted\">series (none ticked: the first \(Trends.defaultSeries)) \(boxes)</div>")
            + " <button>Show</button></form>"
    }

    func history(_ query: Query, model: String) async -> Page {
        let selector = SeriesFilter(modelVersion: model, environment: query.get("environment"), branchName: query.get("branch"))
        do {
            let (histories, direction) = try await source.read { session in
                let histories = try SnapshotQueries(session).history(selector, limit: Self.historyRows)
                let names = Set(histories.flatMap { $0.snapshots.flatMap(\.metrics.names) })
                return (histories, Dictionary(uniqueKeysWithValues: names.map { ($0, SnapshotQueries(session).direction(of: $0)) }))
            }
            let sections = histories.map { history -> String in
                let metric = history.snapshots.first?.metrics.first?.name ?? ""
                let chart = Charts.lines([Charts.Line(name: metric, points: history.snapshots.reversed().compactMap { snapshot in
                    snapshot.metrics[metric].map { Charts.Point(value: $0.value, label: "v\(snapshot.version) · \(snapshot.commitSha.prefix(7)) · \(metric) = \($0.value)") }
                })], height: 180)
                let rows = history.snapshots.map { snapshot -> [String] in
                    let attributes = "data-model=\"\(HTML.escape(history.series.modelVersion))\" data-branch=\"\(HTML.escape(history.series.branchName))\" data-environment=\"\(HTML.escape(history.series.environment))\" data-dataset=\"\(HTML.escape(history.series.datasetVersion))\" data-prompt=\"\(HTML.escape(history.series.promptVersion))\" data-version=\"\(snapshot.version)\""
                    let disabled = writable ? "" : " disabled title=\"start bench serve with --token to enable\""
                    let actions = "<button class=\"bench-write\" data-action=\"checkout\" \(attributes)\(disabled)>Revert to this version</button> "
                        + "<button class=\"bench-write\" data-action=\"baseline\" \(attributes)\(disabled)>Set as baseline</button>"
                    let figures = snapshot.metrics.map { "\(HTML.escape($0.name))=\(HTML.number($0.metric.value, unit: $0.metric.unit))" }.joined(separator: " ")
                    return ["v\(snapshot.version)", HTML.badges(snapshot), HTML.commitLink(snapshot.commitSha),
                            HTML.escape(Timestamp.short(snapshot.createdAt)), figures, actions]
                }
                return "<h2>\(HTML.escape(history.series.description))</h2>\(chart)"
                    + Self.versionComparison(history, query: query, model: model, direction: direction)
                    + HTML.table(["version", "status", "commit", "recorded", "metrics", ""], rows)
            }.joined(separator: "\n")
            let scope = "<form method=\"get\" action=\"/history/\(HTML.component(model))\">\(Scope(query).fields) <button>Show</button></form>"
            let note = scope + (writable ? "" : "<p class=\"muted\">Rollback and baseline buttons are disabled: the server was started without a token.</p>")
            return Page(title: "History: \(model)", active: "", refresh: query.refresh, body: note + sections + Self.writeScript)
        } catch { return Page.error(error) }
    }

    /// Two versions of a series side by side (`?from=N&to=M`), with a form to pick them.
    static func versionComparison(_ history: SeriesHistory, query: Query, model: String, direction: [String: Direction]) -> String {
        guard history.snapshots.count >= 2 else { return "" }
        let versions = history.snapshots.map(\.version)
        let from = query.get("from").flatMap { Int($0) } ?? versions[1]
        let to = query.get("to").flatMap { Int($0) } ?? versions[0]
        func select(_ name: String, _ chosen: Int) -> String {
            "<select name=\"\(name)\">" + versions.map { "<option value=\"\($0)\"\($0 == chosen ? " selected" : "")>v\($0)</option>" }.joined() + "</select>"
        }
        let series = history.series
        let hidden = [("branch", series.branchName), ("environment", series.environment), ("dataset", series.datasetVersion), ("prompt", series.promptVersion)]
            .map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\(HTML.escape($0.1))\">" }.joined()
        let form = "<form method=\"get\" action=\"/history/\(HTML.component(model))\">compare \(select("from", from)) with \(select("to", to))\(hidden) <button>Compare</button></form>"
        guard query.get("from") != nil || query.get("to") != nil else { return form }
        guard let old = history.snapshots.first(where: { $0.version == from }), let new = history.snapshots.first(where: { $0.version == to }) else {
            return form + "<p class=\"muted\">Pick versions among the newest \(historyRows); older ones: <code>bench compare \(HTML.escape(model)) N M</code>.</p>"
        }
        let rows = MetricDelta.between(old.metrics, new.metrics, direction: { direction[$0] ?? Direction.default(forMetric: $0) }).map { delta -> [String] in
            let change = delta.percent.map(Figures.percent) ?? (delta.absolute.map { Figures.number($0) } ?? "")
            let style = delta.verdict == .better ? "improved" : (delta.verdict == .worse ? "regressed" : "muted")
            return [HTML.escape(delta.name), delta.from.map { HTML.number($0, unit: delta.unit) } ?? "—",
                    delta.to.map { HTML.number($0, unit: delta.unit) } ?? "—", "<span class=\"\(style)\">\(HTML.escape(change)) \(delta.verdict.rawValue)</span>"]
        }
        return form + HTML.table(["metric", "v\(from)", "v\(to)", "change"], rows, numeric: [1, 2])
    }

    /// The newest versions a history page shows (`bench history` lists them all).
    static let historyRows = 200

    /// The one script of the dashboard: asks for the token once (kept for the session) and
    /// sends the write with it.
    static let writeScript = """
    <script>
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
    </script>
    """

    func commits(_ query: Query) async -> Page {
        let limit = query.get("n").flatMap { Int($0) } ?? 50
        guard (1...1000).contains(limit) else { return Page.error(BenchError(.badInput, "n must be from 1 to 1000")) }
        do {
            let commits = try await source.read { try CommitLog($0).log(range: nil, limit: limit) }
            let rows = commits.map { entry in
                [HTML.commitLink(entry.commit.sha), HTML.escape(Timestamp.short(entry.commit.time)),
                 HTML.escape(entry.commit.author), HTML.escape(entry.commit.subject),
                 entry.snapshots.isEmpty ? "<span class=\"muted\">not measured</span>" : entry.snapshots.map { snapshot in
                     "\(HTML.escape(snapshot.series.modelVersion)) v\(snapshot.version): " + snapshot.metrics.map { "\(HTML.escape($0.name))=\(HTML.number($0.metric.value, unit: $0.metric.unit))" }.joined(separator: " ")
                 }.joined(separator: "<br>")]
            }
            return Page(title: "Commits", active: "/commits", refresh: query.refresh,
                                          body: HTML.table(["commit", "date", "author", "subject", "metrics"], rows))
        } catch { return Page.error(error) }
    }

    /// One commit: who made it, when, and every snapshot measured at it.
    func commit(_ sha: String) async -> Page {
        guard (4...40).contains(sha.count), sha.allSatisfy(\.isHexDigit) else {
            return Page.error(BenchError(.badInput, "'\(sha)' is not a commit sha", hint: "use 4 to 40 hexadecimal digits"))
        }
        do {
            guard let entry = try await source.read({ try CommitLog($0).log(range: sha, limit: 1) }).first else {
                return Page.error(BenchError(.badInput, "no commit \(sha)"))
            }
            let commit = entry.commit
            let facts = HTML.table(["", ""], [["commit", "<code>\(HTML.escape(commit.sha))</code>"], ["subject", HTML.escape(commit.subject)],
                                              ["author", HTML.escape(commit.author)], ["date", HTML.escape(Timestamp.short(commit.time))]])
            let rows = entry.snapshots.map { snapshot in
                [HTML.historyLink(snapshot.series, text: snapshot.series.description),
                 "v\(snapshot.version)", HTML.badges(snapshot),
                 snapshot.metrics.map { "\(HTML.escape($0.name))=\(HTML.number($0.metric.value, unit: $0.metric.unit))" }.joined(separator: " ")]
            }
            let measured = rows.isEmpty ? "<p class=\"muted\">Nothing was measured at this commit.</p>" : HTML.table(["series", "version", "status", "metrics"], rows)
            return Page(title: "Commit \(commit.short)", active: "/commits", refresh: nil, body: facts + measured)
        } catch { return Page.error(error) }
    }
}

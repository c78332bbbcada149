import BenchCore
import BenchKit
import Foundation

/// The current view as HTML: a page of the server, or a section of the report.
extension CurrentView {
    func body(_ links: Links) -> String {
        guard !snapshots.isEmpty else {
            return links.controls("<form method=\"get\" action=\"/\">\(scope.fields) <button>Filter</button></form>")
                + "<p>No results recorded yet. Record one with <code>bench record --input results.json</code>.</p>"
        }
        let names = NamedMetric.names(in: snapshots.map(\.metrics))
        let ordered = self.ordered
        let needle = filter.lowercased()
        // Unchanged series fold into a count (a thousand rows weigh a megabyte); a name
        // filter or `?unchanged=show` lists them, and a file (the report) always does.
        let fold = links.live && needle.isEmpty && !showUnchanged
        let listed = fold ? ordered.filter { statuses[$0.series]?.verdict != .unchanged } : ordered
        let folded = ordered.count - listed.count
        let shown = listed.filter { needle.isEmpty || Self.name($0).contains(needle) }.count
        let form = links.controls("<form method=\"get\" action=\"/\" class=\"controls\" role=\"search\">"
            + "<label>series <input id=\"filter\" type=\"search\" name=\"q\" value=\"\(HTML.escape(filter))\" placeholder=\"filter by name\" "
            + "autocomplete=\"off\" data-table=\"current\"></label> \(scope.fields) <button>Filter</button> "
            + "<span class=\"muted\" id=\"filter-count\" data-total=\"\(listed.count)\">\(shown) of \(listed.count) series</span></form>")
        return summary + form + table(listed, names: names, needle: needle, links)
            + Folding.note(folded, what: "unchanged series", show: "/?" + (scope.link.isEmpty ? "" : String(scope.link.dropFirst(5)) + "&amp;") + "unchanged=show")
            + links.controls(HTML.script(TableScript.code))
            + Leaders.section(snapshots, names: names)
    }

    /// The series, regressions first: regressed, inconclusive, improved, unchanged, then those
    /// with no baseline yet; by name within each.
    var ordered: [Snapshot] {
        snapshots.map { ($0, Self.rank(statuses[$0.series]), $0.series.description) }.sorted { ($0.1, $0.2) < ($1.1, $1.2) }.map(\.0)
    }

    /// Where a verdict sorts: regressed first, no baseline last.
    static func rank(_ status: SeriesStatus?) -> Int {
        guard let verdict = status?.verdict else { return 4 }
        return [Verdict.regressed, .inconclusive, .improved, .unchanged].firstIndex(of: verdict) ?? 4
    }

    /// What the filter box matches: the series' name, lowercased.
    static func name(_ snapshot: Snapshot) -> String { snapshot.series.description.lowercased() }

    /// The strip above the table: how many series by verdict, the newest commit measured,
    /// and the testbeds the current results come from.
    var summary: String {
        var counts: [String: Int] = [:]
        for snapshot in snapshots { counts[statuses[snapshot.series]?.verdict?.rawValue ?? "no baseline", default: 0] += 1 }
        let verdicts = ["regressed", "inconclusive", "improved", "unchanged", "no baseline"].map { name in
            "<div class=\"tile \(name == "no baseline" ? "none" : name)\"><strong>\(counts[name] ?? 0)</strong> \(name)</div>"
        }.joined()
        let newest = snapshots.max { $0.lastUpdatedAt < $1.lastUpdatedAt }!
        var testbeds: [String: Int] = [:]
        for snapshot in snapshots { testbeds[snapshot.testbed ?? "unknown", default: 0] += 1 }
        let beds = testbeds.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3)
            .map { "\(HTML.escape($0.key)) (\($0.value))" }.joined(separator: ", ") + (testbeds.count > 3 ? ", …" : "")
        return "<div class=\"summary\">\(verdicts)"
            + "<div class=\"tile\"><strong>\(snapshots.count)</strong> series</div>"
            + "<div class=\"tile wide\">newest <code>\(HTML.escape(String(newest.commitSha.prefix(7))))</code> "
            + "<span class=\"muted\">\(HTML.escape(Timestamp.short(newest.lastUpdatedAt)))</span></div>"
            + "<div class=\"tile wide\">\(testbeds.count) testbed\(testbeds.count == 1 ? "" : "s"): \(beds)</div></div>"
    }

    /// The compact table: a row per series; per metric its value with a sparkline of the
    /// recent versions, and its change against the baseline; the verdict. Each header sorts.
    /// Rows whose name does not hold `needle` are there but hidden, for the filter box to show again.
    func table(_ shown: [Snapshot], names: [String], needle: String, _ links: Links) -> String {
        func header(_ text: String, numeric: Bool = false) -> String {
            let label = HTML.escape(text)
            return "<th\(numeric ? " class=\"num\"" : "")>" + (links.live ? "<button type=\"button\">\(label)</button>" : label) + "</th>"
        }
        let head = "<thead><tr>" + header("series") + header("branch") + header("testbed") + header("version", numeric: true)
            + names.map { header($0, numeric: true) + header("Δ \($0)", numeric: true) }.joined() + header("verdict") + "</tr></thead>"
        let rows = shown.map { snapshot -> String in
            let status = statuses[snapshot.series]
            let recent = status?.recent ?? []
            let series = snapshot.series
            let rest = [series.datasetVersion, series.promptVersion].filter { !$0.isEmpty && $0 != "default" }
            var cells = "<td data-v=\"\(HTML.escape(Self.name(snapshot)))\">\(links.history(series, text: series.modelVersion))"
                + " <span class=\"muted\">\(HTML.escape(([series.environment] + rest).joined(separator: " · ")))</span></td>"
                + "<td>\(HTML.escape(series.branchName))</td><td>\(HTML.escape(snapshot.testbed ?? "–"))</td>"
                + "<td class=\"num\" data-v=\"\(snapshot.version)\">v\(snapshot.version) \(links.commit(snapshot.commitSha))</td>"
            for name in names {
                guard let metric = snapshot.metrics[name] else { cells += "<td></td><td></td>"; continue }
                let spark = Sparkline.svg(recent.compactMap { $0.metrics[name]?.value })
                cells += "<td class=\"num\" data-v=\"\(metric.value)\">\(spark) \(HTML.number(metric.value, unit: metric.unit, metric: name))</td>"
                if let check = status?.checks.first(where: { $0.metric == name }), let percent = check.percent {
                    cells += "<td class=\"num\" data-v=\"\(percent)\"><span class=\"\(check.verdict.rawValue)\">\(Figures.percent(percent))</span></td>"
                } else {
                    cells += "<td class=\"num\"></td>"
                }
            }
            cells += "<td data-v=\"\(Self.rank(status))\">" + Self.verdict(status, links) + "</td>"
            let hidden = needle.isEmpty || Self.name(snapshot).contains(needle) ? "" : " hidden"
            return "<tr data-name=\"\(HTML.escape(Self.name(snapshot)))\"\(hidden)>\(cells)</tr>"
        }.joined(separator: "\n")
        return "<div class=\"scroll\"><table id=\"current\" class=\"compact sortable\">\(head)<tbody>\n\(rows)\n</tbody></table></div>"
    }

    /// The verdict of a series against its baseline, linking to the regressions view, with
    /// the worst metric's move; the rule that chose the baseline on hover.
    static func verdict(_ status: SeriesStatus?, _ links: Links) -> String {
        guard let status, let baseline = status.baseline, let verdict = status.verdict else {
            return "<span class=\"muted\">no baseline yet</span>"
        }
        let worst = status.checks.first.map { check in
            " · \(HTML.escape(check.metric)) " + (check.percent.map(Figures.percent) ?? "")
        } ?? ""
        return "<span title=\"against v\(baseline.snapshot.version): \(HTML.escape(baseline.rule))\">"
            + "\(links.view("/regressions", text: verdict.rawValue, style: verdict.rawValue))\(worst)</span>"
    }
}

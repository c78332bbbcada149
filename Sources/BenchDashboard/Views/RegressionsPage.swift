import BenchCore
import BenchKit

/// The regressions view as HTML: a page of the server, or a section of the report.
extension RegressionsView {
    func body(_ links: Links) -> String {
        // Regressed series grouped by the commit range where they appeared: one row per range,
        // its series inside, worst first, the bisect command once (Perfherder groups alerts by push).
        var ranges: [String] = []
        var byRange: [String: [SeriesStatus]] = [:]
        var others: [SeriesStatus] = []
        for status in board {
            guard status.verdict == .regressed, let baseline = status.baseline, status.bisectCommand != nil else { others.append(status); continue }
            let range = RegressionsFolding.key(good: baseline.snapshot.commitSha, bad: status.current.commitSha)
            if byRange[range] == nil { ranges.append(range) }
            byRange[range, default: []].append(status)
        }
        let folding = request.folding
        let headers = ["series", "verdict", "worst metric", "baseline", "recent"]
        let grouped = ranges.map { range -> [String] in
            let members = byRange[range]!.sorted { (-abs($0.checks.first?.percent ?? 0), $0.current.series.description) < (-abs($1.checks.first?.percent ?? 0), $1.current.series.description) }
            let series = folding.group({ HTML.table(headers, members.prefix($0).map { Self.row($0, links) }) }, count: members.count,
                                       what: "more series", range: range, anchor: "series-" + range, links)
            return ["commits <code>\(HTML.escape(range))</code><br><span class=\"muted\">\(members.count) series</span>",
                    series, "<code>\(HTML.escape(members[0].bisectCommand ?? ""))</code>"]
        }
        let regressed = grouped.isEmpty ? "" : HTML.scrolling(HTML.table(["commits", "regressed series", "find the cause"], grouped))
        // The unchanged series fold into a count, as on Current.
        let listed = folding.listsUnchanged(links) ? others : others.filter { $0.verdict != .unchanged }
        let rest = (listed.isEmpty ? "" : HTML.scrolling(HTML.table(headers, listed.map { Self.row($0, links) })))
            + Folding.note(others.count - listed.count, what: "unchanged series", show: folding.address("unchanged", "show"))
        return alertsSection(links) + "<h2>Series against their baselines</h2>" + links.controls(thresholdForm)
            + (board.isEmpty ? "<p>No results recorded yet.</p>" : regressed + rest)
    }

    /// One series against its baseline: its verdict, worst metric, baseline rule and recent values.
    static func row(_ status: SeriesStatus, _ links: Links) -> [String] {
        let worst = status.checks.first
        let verdict = status.verdict.map { "<span class=\"\($0.rawValue)\">\($0.rawValue)</span>" } ?? "<span class=\"muted\">no baseline</span>"
        let detail = worst.map { check in
            "\(HTML.escape(check.metric)): \(HTML.number(check.baseline, unit: check.unit)) → \(HTML.number(check.candidate, unit: check.unit))"
                + (check.percent.map { " (\(Figures.percent($0)))" } ?? "")
        } ?? ""
        let metric = worst?.metric ?? status.current.metrics.first?.name ?? ""
        let series = status.current.series
        return [links.history(series, text: series.description), verdict, detail, HTML.escape(status.baseline?.rule ?? ""),
                recent(status, metric: metric)]
    }

    /// A series' recent values of `metric`: a sparkline, with the numbers folded out.
    static func recent(_ status: SeriesStatus, metric: String) -> String {
        let values = status.recent.compactMap { snapshot in snapshot.metrics[metric].map { (snapshot.version, $0) } }
        let numbers = values.map { "v\($0.0) \(HTML.number($0.1.value, unit: $0.1.unit))" }
        return Sparkline.svg(values.map(\.1.value))
            + (numbers.isEmpty ? "" : "<details><summary class=\"muted\">\(HTML.escape(metric)) values</summary>\(numbers.joined(separator: "<br>"))</details>")
    }

    /// The threshold slider: bench.toml's thresholds until it is moved; moving it shows the
    /// percentage and applies it to every metric on release.
    var thresholdForm: String {
        let threshold = request.threshold
        let value = min(threshold?.fraction ?? 0.05, 0.5)
        let label = threshold.map { HTML.escape($0.description) } ?? "bench.toml's, per metric"
        return """
        <form method="get" action="/regressions" id="threshold">threshold <input type="range" min="0" max="0.5" step="0.005" value="\(value)" aria-label="threshold"\(threshold == nil ? "" : " name=\"threshold\"")> <output>\(label)</output> <a href="/regressions">reset</a> &nbsp; \(request.scope.fields)\(request.folding.hiddenFields(except: ["threshold", "branch", "environment"])) <button>Show</button>
        \(HTML.script(Self.sliderScript))</form>
        """
    }

    /// The slider's script: the label follows it, and releasing it submits the form.
    static let sliderScript = """

    (function () {
      var form = document.getElementById("threshold"), slider = form.querySelector("input"), label = form.querySelector("output");
      slider.addEventListener("input", function () { slider.name = "threshold"; label.textContent = (slider.value * 100).toFixed(1) + "%"; });
      slider.addEventListener("change", function () { form.submit(); });
    })();

    """
}

import BenchCore
import BenchKit

/// The regressions view as HTML: a page of the server, or a section of the report.
extension RegressionsView {
    func body(_ links: Links) -> String {
        // Regressed series grouped by the commit range where they appeared: one row per range,
        // its series inside, the bisect command once (Perfherder groups alerts by push).
        var ranges: [String] = []
        var byRange: [String: [SeriesStatus]] = [:]
        var others: [SeriesStatus] = []
        for status in board {
            guard status.verdict == .regressed, let baseline = status.baseline, status.bisectCommand != nil else { others.append(status); continue }
            let range = "\(Figures.short(baseline.snapshot.commitSha))..\(Figures.short(status.current.commitSha))"
            if byRange[range] == nil { ranges.append(range) }
            byRange[range, default: []].append(status)
        }
        let headers = ["series", "verdict", "worst metric", "baseline", "recent"]
        let grouped = ranges.map { range -> [String] in
            let members = byRange[range]!
            return ["commits <code>\(HTML.escape(range))</code><br><span class=\"muted\">\(members.count) series</span>",
                    HTML.table(headers, members.map(Self.row)), "<code>\(HTML.escape(members[0].bisectCommand ?? ""))</code>"]
        }
        let regressed = grouped.isEmpty ? "" : HTML.table(["commits", "regressed series", "find the cause"], grouped)
        let rest = others.isEmpty ? "" : HTML.table(headers, others.map(Self.row))
        return alertsSection(links) + "<h2>Series against their baselines</h2>" + links.controls(thresholdForm)
            + (board.isEmpty ? "<p>No results recorded yet.</p>" : regressed + rest)
    }

    /// One series against its baseline: its verdict, worst metric, baseline rule and recent values.
    static func row(_ status: SeriesStatus) -> [String] {
        let worst = status.checks.first
        let verdict = status.verdict.map { "<span class=\"\($0.rawValue)\">\($0.rawValue)</span>" } ?? "<span class=\"muted\">no baseline</span>"
        let detail = worst.map { check in
            "\(HTML.escape(check.metric)): \(HTML.number(check.baseline, unit: check.unit)) → \(HTML.number(check.candidate, unit: check.unit))"
                + (check.percent.map { " (\(Figures.percent($0)))" } ?? "")
        } ?? ""
        let metric = worst?.metric ?? status.current.metrics.first?.name ?? ""
        return [HTML.escape(status.current.series.description), verdict, detail, HTML.escape(status.baseline?.rule ?? ""),
                recent(status, metric: metric)]
    }

    /// A series' recent values of `metric`: a sparkline, with the numbers folded out.
    static func recent(_ status: SeriesStatus, metric: String) -> String {
        let spark = Charts.lines([Charts.Line(name: metric, points: status.recent.compactMap { snapshot in
            snapshot.metrics[metric].map { Charts.Point(value: $0.value, label: "v\(snapshot.version) · \(snapshot.commitSha.prefix(7)) · \(metric) = \($0.value)") }
        })], width: 160, height: 44)
        let numbers = status.recent.compactMap { snapshot in snapshot.metrics[metric].map { "v\(snapshot.version) \(HTML.number($0.value, unit: $0.unit))" } }
        return spark + (numbers.isEmpty ? "" : "<details><summary class=\"muted\">\(HTML.escape(metric)) values</summary>\(numbers.joined(separator: "<br>"))</details>")
    }

    /// The threshold slider: bench.toml's thresholds until it is moved; moving it shows the
    /// percentage and applies it to every metric on release.
    var thresholdForm: String {
        let threshold = request.threshold
        let value = min(threshold?.fraction ?? 0.05, 0.5)
        let label = threshold.map { HTML.escape($0.description) } ?? "bench.toml's, per metric"
        return """
        <form method="get" action="/regressions" id="threshold">threshold <input type="range" min="0" max="0.5" step="0.005" value="\(value)" aria-label="threshold"\(threshold == nil ? "" : " name=\"threshold\"")> <output>\(label)</output> <a href="/regressions">reset</a> &nbsp; \(request.scope.fields) <button>Show</button>
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

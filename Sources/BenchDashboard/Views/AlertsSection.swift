import BenchCore
import BenchKit
import Foundation

/// The regressions view's alerts: one row per commit range where alerts appeared (its
/// commits, subject and author), its alerts inside with their status, age, figures and
/// triage buttons, and the range's bisect command once.
extension RegressionsView {
    func alertsSection(_ links: Links, now: Date = Date()) -> String {
        let shown = request.alertStatuses == [.open, .acknowledged] ? "open" : request.alertStatuses.map(\.rawValue).sorted().joined(separator: ", ")
        let heading = "<h2>Alerts</h2>"
        let form = links.controls(statusForm)
        guard !alerts.isEmpty else { return heading + form + "<p class=\"muted\">No \(HTML.escape(shown)) alerts.</p>" }
        let folding = request.folding
        let headers = "<tr>" + ["#", "series", "metric", "before → after", "status", "age", ""].map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr>"
        let rows = alerts.map { range -> [String] in
            let commits = "\(links.commit(range.goodSha))..\(links.commit(range.badSha))<br>\(HTML.escape(range.commitSubject))"
                + "<br><span class=\"muted\">\(HTML.escape(range.commitAuthor.isEmpty ? "unknown author" : range.commitAuthor))</span>"
                + "<br><span class=\"muted\">\(range.alerts.count) alert\(range.alerts.count == 1 ? "" : "s")</span>"
            let key = RegressionsFolding.key(good: range.goodSha, bad: range.badSha)
            // The worst first (`AlertRange` orders them); the row carries the alert's id for its buttons.
            let inner = folding.group({ listed in
                "<table>\n\(headers)\n" + range.alerts.prefix(listed).map { alert in
                    "<tr data-alert=\"\(alert.id)\">" + row(alert, links, now: now).map { "<td>\($0)</td>" }.joined() + "</tr>"
                }.joined(separator: "\n") + "\n</table>"
            }, count: range.alerts.count, what: "more alerts", range: key, anchor: "alerts-" + key, links)
            return [commits, inner, "<code>\(HTML.escape(range.bisectCommand))</code>"]
        }
        let note = writable ? "" : "<p class=\"muted\">Triage buttons are disabled: the server was started without a token.</p>"
        return heading + form + links.controls(note) + HTML.scrolling(HTML.table(["commits", "alerts", "find the cause"], rows))
            + links.controls(HTML.script(Self.alertScript))
    }

    /// Which alerts to show: live ones, or those of one status, or all.
    var statusForm: String {
        let chosen = request.alertStatuses.count == 1 ? request.alertStatuses.first!.rawValue
            : (request.alertStatuses.count == AlertStatus.allCases.count ? "all" : "")
        let options = [("", "open and acknowledged")] + AlertStatus.allCases.map { ($0.rawValue, $0.rawValue) } + [("all", "all")]
        return "<form method=\"get\" action=\"/regressions\">alerts <select name=\"alerts\" aria-label=\"alerts\">"
            + options.map { "<option value=\"\($0.0)\"\($0.0 == chosen ? " selected" : "")>\($0.1)</option>" }.joined()
            + "</select>" + request.folding.hiddenFields(except: ["alerts"]) + " <button>Show</button></form>"
    }

    /// One alert's cells: its id, series, metric, figures, status and note, age, and buttons.
    func row(_ alert: Alert, _ links: Links, now: Date) -> [String] {
        let change = alert.changePercent.map { " (\(Figures.percent($0)))" } ?? ""
        let status = alert.status.rawValue + (alert.reason.map { ": \($0.rawValue)" } ?? "")
        let note = alert.note.map { "<br><span class=\"muted\">\(HTML.escape($0))</span>" } ?? ""
        return ["\(alert.id)", links.history(alert.series, text: alert.series.description), HTML.escape(alert.metric),
                "\(HTML.number(alert.baseline, unit: alert.unit)) → \(HTML.number(alert.value, unit: alert.unit))\(HTML.escape(change))",
                "<span class=\"\(alert.status.isLive ? "regressed" : "muted")\">\(HTML.escape(status))</span>\(note)",
                HTML.escape(alert.age(at: now)), links.controls(buttons(alert))]
    }

    /// The triage buttons an alert's status allows, which the alert script sends to the API
    /// for the alert of their row (`data-alert`).
    func buttons(_ alert: Alert) -> String {
        let disabled = writable ? "" : " disabled title=\"start bench serve with --token to enable\""
        func button(_ action: String, _ label: String, reason: String? = nil) -> String {
            "<button data-action=\"\(action)\"" + (reason.map { " data-reason=\"\($0)\"" } ?? "") + "\(disabled)>\(label)</button>"
        }
        var list: [String] = []
        if AlertEventKind.acknowledged.from.contains(alert.status) { list.append(button("ack", "Acknowledge")) }
        if AlertEventKind.dismissed.from.contains(alert.status) {
            list.append(button("dismiss", "Dismiss: false alarm", reason: AlertReason.falseAlarm.rawValue))
            list.append(button("dismiss", "Dismiss: expected", reason: AlertReason.expected.rawValue))
        }
        if AlertEventKind.reopened.from.contains(alert.status) { list.append(button("reopen", "Reopen")) }
        return list.joined(separator: " ")
    }

    /// The triage buttons' script: asks for the token once (kept for the session, as the
    /// history page's buttons do) and for a note, then sends the action.
    static let alertScript = """

    document.querySelectorAll("tr[data-alert] button").forEach(function (button) {
      button.addEventListener("click", function () {
        var id = button.closest("tr").dataset.alert;
        var token = sessionStorage.getItem("benchToken") || prompt("Dashboard token");
        if (!token) { return; }
        sessionStorage.setItem("benchToken", token);
        var note = prompt("Note (optional)") || null;
        var d = button.dataset;
        fetch("/api/alerts/" + id + "/" + d.action, { method: "POST", headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json" },
          body: JSON.stringify({ note: note, reason: d.reason || null }) })
          .then(function (response) {
            if (response.status === 401) { sessionStorage.removeItem("benchToken"); }
            return response.json().then(function (body) { if (!response.ok) { alert(body.error); } else { location.reload(); } });
          });
      });
    });

    """
}

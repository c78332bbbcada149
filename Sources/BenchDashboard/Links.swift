import BenchCore

/// Where a view is rendered: a page of the running server, or a section of the offline report
/// (`bench report --html`), where a link to another page or a form would lead nowhere.
struct Links: Sendable {
    /// Whether a server is there to follow links and receive forms.
    var live: Bool

    static let server = Links(live: true)
    static let file = Links(live: false)

    /// `text` linking to the history page of a series; the text alone in a file.
    ///
    /// The model goes in the query (`/history?model=…`), not the path: a name is anything
    /// (`BM_Sort/1024`, `gpt-4o:mini`, `模型`, `..`), and browsers resolve `.` and `..` path
    /// segments, even percent-encoded, before asking. `/history/MODEL` is still served.
    func history(_ series: SeriesKey, text: String) -> String {
        guard live else { return HTML.escape(text) }
        return "<a href=\"/history?model=\(HTML.component(series.modelVersion))&amp;branch=\(HTML.component(series.branchName))"
            + "&amp;environment=\(HTML.component(series.environment))\">\(HTML.escape(text))</a>"
    }

    /// The start of a form that shows the history of `model`: its tag and the hidden model field.
    static func openHistoryForm(model: String) -> String {
        "<form method=\"get\" action=\"/history\"><input type=\"hidden\" name=\"model\" value=\"\(HTML.escape(model))\">"
    }

    /// A short sha linking to the commit's page; the short sha alone in a file.
    func commit(_ sha: String) -> String {
        let code = "<code>\(HTML.escape(String(sha.prefix(7))))</code>"
        return live ? "<a href=\"/commits/\(HTML.component(sha))\">\(code)</a>" : code
    }

    /// `text` in the class `style`, linking to another view (`path`); not a link in a file.
    func view(_ path: String, text: String, style: String) -> String {
        live ? "<a class=\"\(style)\" href=\"\(path)\">\(HTML.escape(text))</a>" : "<span class=\"\(style)\">\(HTML.escape(text))</span>"
    }

    /// A view's controls (its form, and a script that drives it); none in a file.
    func controls(_ html: @autoclosure () -> String) -> String {
        live ? html() : ""
    }
}

import Hummingbird

/// A view model the dashboard renders: as a page of the server, or as a section of the
/// offline report.
protocol PageView: Sendable {
    /// The heading (and the page's title).
    var title: String { get }
    /// The content: with live links and forms for the server, without them for a file.
    func body(_ links: Links) -> String
}

/// A rendered page: its title, its body, and the status it is served with.
struct Page: Sendable, ResponseGenerator {
    var title: String
    var active: String
    var refresh: Int?
    var body: String
    var status: HTTPResponse.Status = .ok

    init(title: String, active: String, refresh: Int?, body: String, status: HTTPResponse.Status = .ok) {
        self.title = title
        self.active = active
        self.refresh = refresh
        self.body = body
        self.status = status
    }

    /// A view as a page of the server; `active` is the navigation entry it belongs to.
    init(_ view: some PageView, active: String, refresh: Int?) {
        self.init(title: view.title, active: active, refresh: refresh, body: view.body(.server))
    }

    /// A failure as a page: the message and the hint, with the API's status code.
    static func error(_ failure: DashboardError) -> Page {
        let body = "<p class=\"regressed\">\(HTML.escape(failure.message))</p>"
            + (failure.hint.map { "<p class=\"muted\">\(HTML.escape($0))</p>" } ?? "")
        return Page(title: "Error", active: "", refresh: nil, body: body, status: failure.status)
    }

    var response: Response {
        Replies.html(HTML.page(title: title, active: active, refresh: refresh, body: body), status: status)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response { response }
}

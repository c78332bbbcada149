import BenchKit
import Hummingbird

/// A request's query parameters, as plain values (so views run without a server too).
struct Query: Sendable {
    var values: [String: [String]]

    init(_ values: [String: [String]] = [:]) { self.values = values }

    init(_ request: Request) {
        var values: [String: [String]] = [:]
        for (key, value) in request.uri.queryParameters { values[String(key), default: []].append(String(value)) }
        self.values = values
    }

    func get(_ key: String) -> String? { values[key]?.first }
    func all(_ key: String) -> [String] { values[key] ?? [] }

    /// `?refresh=N` (at least 5 seconds).
    var refresh: Int? { self.get("refresh").flatMap { Int($0) }.map { max(5, $0) } }
}

/// Which series a view shows: `?branch=` and `?environment=`, each optional (all when absent).
struct Scope: Sendable {
    var branch: String?
    var environment: String?

    init(_ query: Query) {
        branch = query.get("branch").flatMap { $0.isEmpty ? nil : $0 }
        environment = query.get("environment").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The two fields, for a view's form.
    var fields: String {
        "branch <input name=\"branch\" size=\"10\" value=\"\(HTML.escape(branch ?? ""))\"> "
            + "environment <input name=\"environment\" size=\"10\" value=\"\(HTML.escape(environment ?? ""))\">"
    }

    /// The scope as query parameters to keep in a link (`&amp;branch=…`).
    var link: String {
        (branch.map { "&amp;branch=\(HTML.component($0))" } ?? "") + (environment.map { "&amp;environment=\(HTML.component($0))" } ?? "")
    }
}

/// A rendered view: its title, its body, and the status it is served with.
struct Page: Sendable {
    var title: String
    var active: String
    var refresh: Int?
    var body: String
    var status: HTTPResponse.Status = .ok

    /// An error as a page: the message and the hint, with the API's status code.
    static func error(_ error: Error) -> Page {
        let bench = error as? BenchError
        let body = "<p class=\"regressed\">\(HTML.escape(bench?.message ?? "internal error"))</p>"
            + (bench?.hint.map { "<p class=\"muted\">\(HTML.escape($0))</p>" } ?? "")
        return Page(title: "Error", active: "", refresh: nil, body: body, status: Replies.status(error))
    }

    var response: Response {
        Replies.html(HTML.page(title: title, active: active, refresh: refresh, body: body), status: status)
    }
}

import Hummingbird

/// A request's query parameters, as plain values (so views load without a server too).
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

/// Which series a view shows: `?branch=` and `?environment=`, each optional (all when absent
/// or empty, as a form sends an empty field).
struct Scope: Sendable {
    var branch: String?
    var environment: String?

    init(_ query: Query = Query()) {
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

import Foundation
import Hummingbird

/// A request's query parameters, as plain values (so views load without a server too).
struct Query: Sendable {
    var values: [String: [String]]

    init(_ values: [String: [String]] = [:]) { self.values = values }

    init(_ request: Request) {
        var values: [String: [String]] = [:]
        for (key, value) in Self.pairs(request.uri.query) { values[key, default: []].append(value) }
        self.values = values
    }

    func get(_ key: String) -> String? { values[key]?.first }
    func all(_ key: String) -> [String] { values[key] ?? [] }

    /// `?refresh=N` (at least 5 seconds).
    var refresh: Int? { self.get("refresh").flatMap { Int($0) }.map { max(5, $0) } }

    /// The decoded pairs of a query string, in order. A form sends a space as `+`, so `+` is
    /// a space here (a link writes a plus as `%2B`); a key and a value are percent-decoded
    /// alike (Hummingbird's own parameters decode values only, and leave `+` as it is).
    static func pairs(_ query: String?) -> [(key: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (formDecoded(parts[0]), parts.count > 1 ? formDecoded(parts[1]) : "")
        }
    }

    /// A form-encoded component: `+` is a space, `%XX` a byte; malformed escapes stay as they are.
    static func formDecoded(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
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

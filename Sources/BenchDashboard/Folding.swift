/// Rows where nothing changed, folded into a count with a link that lists them: at a thousand
/// series the current and comparison tables would otherwise weigh most of a megabyte, and
/// what moved is what a reader looks for. `?unchanged=show` lists every row.
enum Folding {
    /// Whether the query asks for the folded rows too.
    static func shows(_ query: Query) -> Bool { query.get("unchanged") == "show" }

    /// The line under a table that says how many rows are folded and links to them; nothing
    /// when none are.
    static func note(_ count: Int, what: String, show address: String) -> String {
        guard count > 0 else { return "" }
        return "<p class=\"muted folded\">\(count) \(what) folded: <a href=\"\(address)\">show them</a>.</p>"
    }
}

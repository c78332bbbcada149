import BenchCore

/// What the regressions view folds, so that a thousand series stay under 300 KB: each commit
/// range lists its first `perRange` alerts and regressed series, worst first, and folds the
/// rest into a count with a link that lists them all (`?range=GOOD..BAD`, in the short shas
/// the range's bisect command names); the series whose verdict is unchanged fold into a count
/// as on Current (`?unchanged=show`). A file (the report) folds nothing: a link would lead nowhere.
struct RegressionsFolding: Sendable {
    /// How many alerts, and how many regressed series, a range lists before the rest fold.
    static let perRange = 10
    /// The parameters a link that unfolds more keeps, in this order.
    static let kept = ["alerts", "threshold", "branch", "environment", "range", "unchanged"]

    /// `?range=`: the range whose rows are all listed.
    var range: String?
    var showUnchanged: Bool
    /// The request's own parameters, named in `kept`, for the links that unfold more.
    var parameters: [(name: String, value: String)]

    init(_ query: Query = Query()) {
        range = query.get("range").flatMap { $0.isEmpty ? nil : $0 }
        showUnchanged = Folding.shows(query)
        parameters = Self.kept.flatMap { name in query.all(name).filter { !$0.isEmpty }.map { (name, $0) } }
    }

    /// The request's parameters but `names`, as hidden fields: a form that sets one of them
    /// keeps the others (the range unfolded, the threshold, the alerts' status, the scope).
    func hiddenFields(except names: Set<String>) -> String {
        parameters.filter { !names.contains($0.name) }
            .map { "<input type=\"hidden\" name=\"\($0.name)\" value=\"\(HTML.escape($0.value))\">" }.joined()
    }

    /// A range as its bisect command writes it: `GOOD..BAD`, short shas.
    static func key(good: String, bad: String) -> String { "\(Figures.short(good))..\(Figures.short(bad))" }

    /// How many of a range's `count` rows are listed.
    func listed(_ count: Int, range key: String, _ links: Links) -> Int {
        !links.live || range == key ? count : min(count, Self.perRange)
    }

    /// Whether the unchanged series are listed.
    func listsUnchanged(_ links: Links) -> Bool { !links.live || showUnchanged }

    /// This view's address with the request's parameters and `name` set to `value` (in place
    /// of any it had), at `anchor` in the page when given.
    func address(_ name: String, _ value: String, anchor: String? = nil) -> String {
        let rest = parameters.filter { $0.name != name }.map { "&amp;\($0.name)=\(HTML.component($0.value))" }.joined()
        return "/regressions?\(name)=\(HTML.component(value))\(rest)" + (anchor.map { "#\($0)" } ?? "")
    }

    /// A range's rows in a box the page can jump to (`id` is `anchor`): the first listed, and
    /// a note with how many more are folded and the link that lists them there.
    func group(_ rows: (Int) -> String, count: Int, what: String, range key: String, anchor: String, _ links: Links) -> String {
        let listed = self.listed(count, range: key, links)
        return "<div id=\"\(anchor)\">" + rows(listed)
            + Folding.note(count - listed, what: what, show: address("range", key, anchor: anchor)) + "</div>"
    }
}

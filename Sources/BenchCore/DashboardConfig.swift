import TOMLKit

/// `[dashboard]` of `bench.toml`: where people open the team's dashboard (`bench serve`
/// behind its address), so that messages bench sends can link to it.
public struct DashboardConfig: Sendable, Equatable {
    /// `url`: the dashboard's address, e.g. "https://bench.example.com". Alert notifications
    /// link to its Regressions view.
    public var url: String?

    public init(url: String? = nil) { self.url = url }

    /// The page of the alerts in this state, or nil when no `url` is set.
    public func regressionsPage(resolved: Bool) -> String? {
        guard let url else { return nil }
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        return base + (resolved ? "/regressions?alerts=resolved" : "/regressions")
    }

    static func parse(_ value: TOMLValueConvertible, file: String) throws(FormatError) -> DashboardConfig {
        guard let table = value.table else {
            throw FormatError(file: file, field: "dashboard", message: "expected a table", hint: "write [dashboard] followed by url = \"https://…\"")
        }
        var config = DashboardConfig()
        for (key, value) in table {
            guard key == "url" else {
                throw FormatError(file: file, field: "dashboard.\(key)", message: "unknown key",
                                  hint: Suggestion.didYouMean(key, among: ["url"]) + "[dashboard] takes url")
            }
            guard let text = value.string, text.hasPrefix("http://") || text.hasPrefix("https://"),
                  text.count > 8, !text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } ?? false }) else {
                throw FormatError(file: file, field: "dashboard.url", message: "expected an http:// or https:// address",
                                  hint: "write the address people open the dashboard at, e.g. url = \"https://bench.example.com\"")
            }
            config.url = text
        }
        return config
    }
}

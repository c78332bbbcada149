import Foundation

/// Where a store lives: the embedded SQLite file or a shared PostgreSQL database. Pure
/// value; BenchStore opens it.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    /// A PostgreSQL URL, and the same with its password masked (the only form ever printed).
    case postgres(url: String, masked: String)

    /// Reads `sqlite` (the embedded default at `defaultSQLitePath`), a SQLite file path
    /// (relative to `root`), or a `postgres://` URL. A malformed URL is a `FormatError`
    /// whose message never shows the password.
    public static func parse(_ url: String, defaultSQLitePath: String, relativeTo root: String) throws(FormatError) -> StoreLocation {
        if url == "sqlite" || url == "sqlite:" { return .sqlite(path: defaultSQLitePath) }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            guard URLComponents(string: url) != nil else {
                throw FormatError(message: "malformed PostgreSQL URL '\(maskPassword(url))'",
                                  hint: "use postgres://USER:PASSWORD@HOST:PORT/DATABASE")
            }
            return .postgres(url: url, masked: maskPassword(url))
        }
        var path = url
        if path.hasPrefix("sqlite://") { path.removeFirst("sqlite://".count) } else if path.hasPrefix("sqlite:") { path.removeFirst("sqlite:".count) }
        if path.contains("://") {
            throw FormatError(message: "unknown store URL '\(maskPassword(url))'",
                              hint: "use \"sqlite\", a SQLite file path, or a postgres:// URL")
        }
        if !path.hasPrefix("/") { path = (root as NSString).appendingPathComponent(path) }
        return .sqlite(path: path)
    }

    /// The URL with any password replaced by `***`.
    public static func maskPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@") else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    /// Whether this is the shared store (an outbox keeps runs for it while it is unreachable).
    public var isShared: Bool {
        if case .postgres = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(_, let masked): masked
        }
    }
}

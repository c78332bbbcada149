import Foundation

/// How figures and commits read for people (tables, reports, pages): one place for every front.
public enum Figures {
    /// Up to six significant digits: `0.895`, `412`, `0.0042`.
    public static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e12 { return String(Int64(value)) }
        return String(format: "%.6g", value)
    }

    /// A sha's first 7 characters, as `git log --oneline` shows it.
    public static func short(_ sha: String) -> String { String(sha.prefix(7)) }
}

import TOMLKit

/// `[retention]` of `bench.toml`: which results `bench prune` keeps. A result is kept when
/// any rule set here keeps it (recorded within `keep-days`, or among its series' newest
/// `keep-versions`); with no rule, `bench prune` removes nothing and says how to set one.
public struct RetentionConfig: Sendable, Equatable {
    /// `keep-days`: results recorded within this many days are kept.
    public var keepDays: Int?
    /// `keep-versions`: each series' newest this many versions are kept.
    public var keepVersions: Int?

    public init(keepDays: Int? = nil, keepVersions: Int? = nil) {
        self.keepDays = keepDays
        self.keepVersions = keepVersions
    }

    /// Whether any rule is set.
    public var isSet: Bool { keepDays != nil || keepVersions != nil }

    /// The largest number either key takes: a hundred years of days, ten million versions.
    static let largest = (days: 36_500, versions: 10_000_000)

    static func parse(_ value: TOMLValueConvertible, file: String) throws(FormatError) -> RetentionConfig {
        guard let table = value.table else {
            throw FormatError(file: file, field: "retention", message: "expected a table", hint: "write [retention] followed by keep-days = 90")
        }
        var config = RetentionConfig()
        for (key, value) in table {
            let limit: Int
            switch key {
            case "keep-days": limit = largest.days
            case "keep-versions": limit = largest.versions
            default:
                throw FormatError(file: file, field: "retention.\(key)", message: "unknown key",
                                  hint: "[retention] takes keep-days and keep-versions")
            }
            guard let number = value.int, (1...limit).contains(number) else {
                throw FormatError(file: file, field: "retention.\(key)", message: "expected a whole number from 1 to \(limit)")
            }
            if key == "keep-days" { config.keepDays = number } else { config.keepVersions = number }
        }
        return config
    }
}

import BenchCore
import BenchKit
import Foundation

/// The alerts as the terminal shows them: `bench alerts`' table, the line a new or changed
/// alert prints, and the line `bench check` and the hook add for a live one.
enum AlertViews {
    static func table(_ alerts: [Alert], now: Date = Date()) -> String {
        var table = Table("ID", "STATUS", "AGE", "SERIES", "METRIC", "BEFORE", "", "AFTER", "CHANGE", "COMMIT", "AUTHOR")
        for alert in alerts {
            let status = alert.status.rawValue + (alert.reason.map { " (\($0.rawValue))" } ?? "")
            table.add(["#\(alert.id)", status, alert.age(at: now), alert.series.description, alert.metric,
                       Units.describe(alert.baseline, unit: alert.unit), "→", Units.describe(alert.value, unit: alert.unit),
                       alert.changePercent.map(Figures.percent) ?? "n/a", Figures.short(alert.commitSha), Formatting.dash(alert.commitAuthor)])
        }
        return table.render()
    }

    /// What an alert's change says: `alert #3 opened: clf local@main f1 0.895 → 0.835 (-6.7%) at abc1234 "subject" by Ann`.
    static func event(_ event: AlertEvent) -> String { event.line }

    /// The one line of a live alert in a check's report; without its age (`now` nil) in the
    /// pull request's comment, which stays up while the age would move on.
    static func mention(_ alert: Alert, now: Date? = Date()) -> String {
        "alert #\(alert.id) is \(alert.status.rawValue) on \(alert.series.branchName) for \(alert.series.modelVersion) \(alert.metric)"
            + " since \(Figures.short(alert.commitSha))\(now.map { " (\(alert.age(at: $0)) ago)" } ?? ""): see `bench alerts`"
    }
}

import Foundation

/// What one notification says of one alert: the seam between alerts and notifications.
/// An alert that opens (or resolves) becomes an `AlertNotice`; each `[[notify]]` channel
/// renders it into its own message (`NoticeMessage`). Its JSON (snake_case keys) is what the
/// delivery queue keeps and the generic webhook sends under `alert`.
public struct AlertNotice: Sendable, Equatable, Codable {
    /// What happened to the alert.
    public enum Event: String, Sendable, Codable, CaseIterable {
        case opened
        case resolved
    }

    public var event: Event
    /// The alert's id in the store: with the event and the channel, what makes a delivery unique.
    public var alertId: Int64
    /// The series, as people read it (`clf / set-v1 / p1 · main`).
    public var series: String
    public var metric: String
    /// The value before (the baseline) and after (the result that opened or resolved the alert).
    public var before: Double
    public var after: Double
    public var unit: String?
    /// How far `after` moved from `before`, in percent; nil when `before` is 0.
    public var changePercent: Double?
    public var commitSha: String
    /// The commit's subject line.
    public var commitSummary: String
    public var commitAuthor: String
    /// The dashboard page of the alert, when bench knows where the dashboard is.
    public var dashboardURL: String?
    /// The `bench bisect …` command that finds the commit that caused it.
    public var bisectCommand: String?

    public init(event: Event, alertId: Int64, series: String, metric: String, before: Double, after: Double, unit: String? = nil,
                changePercent: Double?, commitSha: String, commitSummary: String, commitAuthor: String,
                dashboardURL: String? = nil, bisectCommand: String? = nil) {
        self.event = event
        self.alertId = alertId
        self.series = series
        self.metric = metric
        self.before = before
        self.after = after
        self.unit = unit
        self.changePercent = changePercent
        self.commitSha = commitSha
        self.commitSummary = commitSummary
        self.commitAuthor = commitAuthor
        self.dashboardURL = dashboardURL
        self.bisectCommand = bisectCommand
    }

    enum CodingKeys: String, CodingKey {
        case event, series, metric, before, after, unit
        case alertId = "alert_id", changePercent = "change_percent", commitSha = "commit_sha", commitSummary = "commit_summary"
        case commitAuthor = "commit_author", dashboardURL = "dashboard_url", bisectCommand = "bisect_command"
    }

    /// The notice `bench notify test` sends: plainly a sample (alert 0), so nobody mistakes it
    /// for a regression.
    public static let sample = AlertNotice(
        event: .opened, alertId: 0, series: "sample-model / dataset-v1 / prompt-v1 · main", metric: "f1",
        before: 0.912, after: 0.874, changePercent: Figures.percentChange(from: 0.912, to: 0.874),
        commitSha: "0123456789abcdef0123456789abcdef01234567", commitSummary: "Test notification from bench notify test",
        commitAuthor: "bench", bisectCommand: "bench bisect --good 89abcde --bad 0123456 --metric f1")

    // MARK: Phrases every channel shares

    /// `Regression opened` / `Regression resolved`.
    public var headline: String { event == .opened ? "Regression opened" : "Regression resolved" }

    /// `f1 of clf / set-v1 / p1 · main`.
    public var subject: String { "\(metric) of \(series)" }

    /// `0.912 → 0.874 (-4.2%)`.
    public var change: String {
        let values = "\(Units.describe(before, unit: unit, metric: metric)) → \(Units.describe(after, unit: unit, metric: metric))"
        return changePercent.map { "\(values) (\(Figures.percent($0)))" } ?? values
    }

    /// `0123456 Subject line (Ada)`.
    public var commit: String { "\(Figures.short(commitSha)) \(commitSummary) (\(commitAuthor))" }

    /// One line of it all: a message's plain-text fallback and the email's subject.
    public var summary: String { "\(headline): \(subject) \(change) at \(Figures.short(commitSha))" }
}

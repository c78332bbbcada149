import BenchCore
import BenchStore
import Foundation

/// One change in an alert's life, with everything a message about it needs: what happened,
/// to which series and metric, the figures, the commit and its author, the bisect command.
/// `AlertDesk.apply` returns these for every change it makes, whoever asked for it.
public struct AlertEvent: Sendable, Equatable {
    public var kind: AlertEventKind
    public var alertId: Int64
    /// The series as people read it (`BM_Sort/1024 local@main`), and its key.
    public var seriesName: String
    public var series: SeriesKey
    public var metric: String
    /// Before: the baseline's value, and the limit on the worse side that was crossed.
    public var before: Double
    public var limit: Double
    /// After: the value that regressed; for `resolved`, the value back within the limit.
    public var after: Double
    public var unit: String?
    /// From `before` to `after`, in percent (nil when `before` is 0).
    public var changePercent: Double?
    /// The commit whose result regressed (the alert's commit, whatever the event).
    public var commitSha: String
    /// That commit's subject line.
    public var commitSummary: String
    public var author: String
    /// `bench bisect --good G --bad B --metric M` over the range where it appeared.
    public var bisectCommand: String
    public var openedAt: Date
    /// For `resolved`: the commit whose result was back within the limit.
    public var resolvedSha: String?
    /// Who made the change (nil: bench itself, from a result), why, and the note.
    public var actor: String?
    public var reason: AlertReason?
    public var note: String?
    public var at: Date
    /// The alert after the change.
    public var alert: Alert

    init(_ alert: Alert, change: AlertChange) {
        let kind = change.event
        self.kind = kind
        alertId = alert.id
        seriesName = alert.series.description
        series = alert.series
        metric = alert.metric
        before = alert.baseline
        limit = alert.limit
        after = kind == .resolved ? (change.value ?? alert.value) : alert.value
        unit = alert.unit
        changePercent = Figures.percentChange(from: alert.baseline, to: after)
        commitSha = alert.commitSha
        commitSummary = alert.commitSubject
        author = alert.commitAuthor
        bisectCommand = BisectHint.command(good: alert.goodSha, bad: alert.commitSha, metric: alert.metric)
        openedAt = alert.openedAt
        resolvedSha = kind == .resolved ? change.commitSha : nil
        actor = change.actor
        reason = change.reason
        note = change.note
        at = change.at
        self.alert = alert
    }
}

extension AlertEvent {
    /// What the `[[notify]]` channels are told of an alert that opened or resolved; nil for
    /// a person's triage (acknowledged, dismissed, reopened).
    var notice: AlertNotice? {
        let event: AlertNotice.Event
        switch kind {
        case .opened: event = .opened
        case .resolved: event = .resolved
        case .acknowledged, .dismissed, .reopened: return nil
        }
        return AlertNotice(event: event, alertId: alertId, series: seriesName, metric: metric, before: before, after: after,
                           unit: unit, changePercent: changePercent, commitSha: commitSha, commitSummary: commitSummary,
                           commitAuthor: author, bisectCommand: bisectCommand)
    }
}

extension AlertEvent {
    /// The event in one line, as commands print it on stderr.
    public var line: String {
        let event = self
        let change = event.changePercent.map { " (\(Figures.percent($0)))" } ?? ""
        let figures = "\(Units.describe(event.before, unit: event.unit)) → \(Units.describe(event.after, unit: event.unit))\(change)"
        switch event.kind {
        case .opened:
            return "bench: alert #\(event.alertId) opened: \(event.seriesName) \(event.metric) \(figures) at \(Figures.short(event.commitSha))"
                + " (\(event.commitSummary)) by \(event.author); find the cause: \(event.bisectCommand)"
        case .resolved:
            return "bench: alert #\(event.alertId) resolved: \(event.seriesName) \(event.metric) is back within its limit"
                + " at \(Figures.short(event.resolvedSha ?? "")) (\(figures) against the baseline)"
        case .acknowledged, .dismissed, .reopened:
            let reason = event.reason.map { " (\($0.rawValue))" } ?? ""
            return "alert #\(event.alertId) \(event.kind.rawValue)\(reason): \(event.seriesName) \(event.metric) \(figures) at \(Figures.short(event.commitSha))"
        }
    }
}

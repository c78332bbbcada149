import Foundation

/// Where an alert stands. `open` and `acknowledged` are live: a series × metric has at most
/// one live alert. `dismissed` and `resolved` are closed.
public enum AlertStatus: String, Sendable, Codable, CaseIterable {
    case open
    case acknowledged
    case dismissed
    case resolved

    /// Whether the alert still asks for attention (and blocks a second one on its series × metric).
    public var isLive: Bool { self == .open || self == .acknowledged }

    /// The live statuses: what alert lists show when not asked for others.
    public static let live: Set<AlertStatus> = [.open, .acknowledged]

    /// The statuses a word of `bench alerts --status` or `?status=` selects: one status, or
    /// every one for `all`; nil for any other word.
    public static func selection(_ word: String) -> Set<AlertStatus>? {
        word == "all" ? Set(allCases) : AlertStatus(rawValue: word).map { [$0] }
    }
}

/// Why an alert was dismissed.
public enum AlertReason: String, Sendable, Codable, CaseIterable {
    /// The regression is not real (noise, a broken runner).
    case falseAlarm = "false-alarm"
    /// The regression is real and accepted (a feature costs time).
    case expected
}

/// A change in an alert's life, as its audit log records it and as notifications tell it.
public enum AlertEventKind: String, Sendable, Codable, CaseIterable {
    case opened
    case resolved
    case acknowledged
    case dismissed
    case reopened

    /// The status the alert has after the change.
    public var status: AlertStatus {
        switch self {
        case .opened, .reopened: .open
        case .resolved: .resolved
        case .acknowledged: .acknowledged
        case .dismissed: .dismissed
        }
    }

    /// The statuses an alert may be in for the change to apply to it (none for `opened`,
    /// which makes a new alert).
    public var from: Set<AlertStatus> {
        switch self {
        case .opened: []
        case .resolved: [.open, .acknowledged]
        case .acknowledged: [.open]
        case .dismissed: [.open, .acknowledged]
        case .reopened: [.acknowledged, .dismissed, .resolved]
        }
    }
}

/// A regression on the default branch, kept as a record people triage: it opens when a
/// result regresses by its metric's verdict model, and stays until it resolves by itself (a
/// later result back within `limit`) or someone dismisses it.
public struct Alert: Sendable, Equatable {
    /// 1, 2, 3… in the order alerts opened; what `bench alerts ack ID` names.
    public var id: Int64
    /// The default-branch series that regressed.
    public var series: SeriesKey
    public var metric: String
    public var status: AlertStatus
    /// Why it was dismissed, when it was.
    public var reason: AlertReason?
    /// The latest note someone left on it.
    public var note: String?
    public var unit: String?
    public var direction: Direction
    /// The baseline's value: before.
    public var baseline: Double
    /// The value that regressed: after.
    public var value: Double
    /// The limit on the worse side that `value` crossed; a later result on the better side of
    /// it resolves the alert (the baseline itself when the model drew no limit).
    public var limit: Double
    /// The verdict model that decided (`percentage`, `t-test`, …).
    public var model: String
    /// The baseline's commit: the good end of the range where the regression appeared.
    public var goodSha: String
    /// The commit whose result regressed: the bad end of the range.
    public var commitSha: String
    public var commitSubject: String
    public var commitAuthor: String
    /// The snapshot version that regressed.
    public var version: Int
    public var testbed: String?
    public var openedAt: Date
    public var updatedAt: Date
    /// When it resolved, at which commit and with which value.
    public var resolvedAt: Date?
    public var resolvedSha: String?
    public var resolvedValue: Double?

    public init(id: Int64 = 0, series: SeriesKey, metric: String, status: AlertStatus = .open, reason: AlertReason? = nil,
                note: String? = nil, unit: String?, direction: Direction, baseline: Double, value: Double, limit: Double,
                model: String, goodSha: String, commitSha: String, commitSubject: String, commitAuthor: String, version: Int,
                testbed: String?, openedAt: Date, updatedAt: Date? = nil, resolvedAt: Date? = nil, resolvedSha: String? = nil,
                resolvedValue: Double? = nil) {
        self.id = id
        self.series = series
        self.metric = metric
        self.status = status
        self.reason = reason
        self.note = note
        self.unit = unit
        self.direction = direction
        self.baseline = baseline
        self.value = value
        self.limit = limit
        self.model = model
        self.goodSha = goodSha
        self.commitSha = commitSha
        self.commitSubject = commitSubject
        self.commitAuthor = commitAuthor
        self.version = version
        self.testbed = testbed
        self.openedAt = openedAt
        self.updatedAt = updatedAt ?? openedAt
        self.resolvedAt = resolvedAt
        self.resolvedSha = resolvedSha
        self.resolvedValue = resolvedValue
    }

    /// The change from baseline to value, in percent (nil when the baseline is 0).
    public var changePercent: Double? { Figures.percentChange(from: baseline, to: value) }

    /// Whether `value` is back within the alert's limit: on the better side of it, or on it.
    public func isWithinLimit(_ candidate: Double) -> Bool {
        direction == .lower ? candidate <= limit : candidate >= limit
    }

    /// `good..bad`, short shas: the range where the regression appeared.
    public var range: String { "\(Figures.short(goodSha))..\(Figures.short(commitSha))" }

    /// How long it has been open at `now`: `45s`, `12m`, `3h`, `5d`.
    public func age(at now: Date = Date()) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(openedAt)))
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3600: return "\(seconds / 60)m"
        case ..<86_400: return "\(seconds / 3600)h"
        default: return "\(seconds / 86_400)d"
        }
    }
}

/// One row of an alert's audit log: what changed, who did it, when, and why.
public struct AlertLogEntry: Sendable, Equatable {
    public var alertId: Int64
    public var event: AlertEventKind
    public var reason: AlertReason?
    public var note: String?
    /// Who: the person (`$USER`) or, on PostgreSQL without one, the database role.
    public var actor: String
    /// The commit whose result made the change (opened, resolved); nil for people's actions.
    public var commitSha: String?
    /// The value that made the change (opened, resolved).
    public var value: Double?
    public var at: Date

    public init(alertId: Int64, event: AlertEventKind, reason: AlertReason? = nil, note: String? = nil, actor: String,
                commitSha: String? = nil, value: Double? = nil, at: Date) {
        self.alertId = alertId
        self.event = event
        self.reason = reason
        self.note = note
        self.actor = actor
        self.commitSha = commitSha
        self.value = value
        self.at = at
    }
}

import Foundation

/// One notification in the delivery queue: an alert's event for one `[[notify]]` channel.
/// (alert, event, channel) is unique, so an alert is notified once per channel.
public struct Delivery: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        /// Waiting to be sent (again) at `nextAttemptAt`.
        case pending
        case sent
        /// Given up after too many attempts; kept, for `bench notify status` to show.
        case failed
    }

    public var id: Int64
    public var notice: AlertNotice
    public var channel: String
    public var status: Status
    /// How many times sending was tried.
    public var attempts: Int
    public var nextAttemptAt: Date
    /// Why the last attempt failed (with no secret in it).
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?

    public init(id: Int64, notice: AlertNotice, channel: String, status: Status, attempts: Int, nextAttemptAt: Date,
                lastError: String?, createdAt: Date, sentAt: Date?) {
        self.id = id
        self.notice = notice
        self.channel = channel
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
    }

    /// `alert-12-opened-slack`: what a receiver sees in `X-Bench-Delivery` and a mail's Message-ID.
    public var key: String { "alert-\(notice.alertId)-\(notice.event.rawValue)-\(channel)" }
}

/// What became of one attempt to send a delivery.
public enum DeliveryOutcome: Sendable, Equatable {
    case sent
    /// Not sent: why, and when to try again (nil: never; the delivery is `failed`).
    case notSent(error: String, retryAt: Date?)
    /// Not tried: this bench cannot send it (a channel's variable unset here, no such channel
    /// in this bench.toml, libcurl missing, a notice from a newer bench). It stays pending,
    /// no attempt counted, for a machine that can.
    case skipped(reason: String)
}

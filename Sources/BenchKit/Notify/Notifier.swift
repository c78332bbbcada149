import BenchCore
import BenchStore
import Foundation

/// What a round of deliveries came to.
public struct DeliveryReport: Sendable, Equatable {
    /// Deliveries added to the queue (by `enqueue`).
    public var queued = 0
    /// Keys of the deliveries sent now (`alert-12-opened-slack`).
    public var sent: [String] = []
    /// Deliveries tried and not sent: still waiting (`retryAt`) or given up (nil).
    public var notSent: [(key: String, channel: String, error: String, retryAt: Date?)] = []

    public static func == (lhs: DeliveryReport, rhs: DeliveryReport) -> Bool {
        lhs.queued == rhs.queued && lhs.sent == rhs.sent && lhs.notSent.map(\.key) == rhs.notSent.map(\.key)
    }
}

/// `bench notify test` for one channel: whether the sample reached it.
public struct ChannelTest: Sendable, Equatable {
    public var channel: String
    public var kind: NotifyChannel.Kind
    public var sent: Bool
    /// What the receiver said (`HTTP 200`), or why it was not sent (no secret in it).
    public var detail: String
}

/// Alert notifications: queued in the store, one delivery per `[[notify]]` channel that
/// wants the event, and sent from there with retries, so none is lost while a receiver is
/// down and none is sent twice.
///
/// - `enqueue` is what an alert's transition calls: it queues the notice (once per alert,
///   event and channel, however often it is called) and tries to send what is due at once;
///   a receiver that is down is a warning, never a failure of the command.
/// - `deliverPending` sends what waits (`bench sync`): each failure is tried again later,
///   1 minute after the first, doubling up to 6 hours, and given up after 10 attempts.
public struct Notifier {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// Attempts before a delivery is given up (and kept as `failed`).
    public static let maxAttempts = 10

    /// When to try again after the `attempts`-th failed attempt: 1 min, 2, 4, … up to 6 h;
    /// nil once `maxAttempts` were made.
    public static func retryTime(after attempts: Int, from date: Date) -> Date? {
        guard attempts < maxAttempts else { return nil }
        let delay = min(60 * pow(2, Double(max(0, attempts - 1))), 6 * 3600)
        return date.addingTimeInterval(delay)
    }

    /// Queues `notice` for every channel that wants its event (`on`), once per channel, and
    /// sends what is due now. Deliveries that could not be sent are reported through the
    /// session's notices as warnings and wait for `bench sync`; only a store failure throws.
    @discardableResult
    public func enqueue(_ notice: AlertNotice) throws(BenchError) -> DeliveryReport { try enqueue([notice]) }

    /// Queues every notice, then sends what is due once, for the whole batch.
    @discardableResult
    public func enqueue(_ notices: [AlertNotice]) throws(BenchError) -> DeliveryReport {
        var queued = 0
        for notice in notices {
            let channels = session.config.notify.filter { $0.events.contains(notice.event) }.map(\.name)
            guard !channels.isEmpty else { continue }
            let store = try session.writeStore()
            do { queued += try store.enqueue(notice, channels: channels, at: Date()) } catch { throw BenchError(error) }
        }
        guard queued > 0 else { return DeliveryReport() }
        // The command that queued sends what is due, but gives a slow receiver no more than
        // `sendingBudget` in all: the rest waits for `bench sync` or the next command.
        var report = try deliverPending(force: false, until: Date().addingTimeInterval(Self.sendingBudget))
        report.queued = queued
        for failure in report.notSent {
            let when = failure.retryAt.map { "`bench sync` sends it, or it is tried again after \(Timestamp.short($0))" } ?? "given up"
            session.onNotice("warning: notification \(failure.key) not sent (\(failure.error)); \(when)")
        }
        return report
    }

    /// How long a command that queued a notice spends sending, at most (a transfer that has
    /// started finishes, within its own timeout).
    public static let sendingBudget: TimeInterval = 10

    /// Sends the pending deliveries, oldest first: those due now, or all of them when
    /// `force` (`bench sync`: the user asks now), until `deadline` if one is given. Each is
    /// held while it is sent, so two deliverers never send one twice.
    public func deliverPending(force: Bool, until deadline: Date? = nil) throws(BenchError) -> DeliveryReport {
        let location = try session.storeLocation()
        guard !location.isMissing else { return DeliveryReport() }   // nothing was ever queued
        let store = try session.writeStore()
        let channels = Dictionary(session.config.notify.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var report = DeliveryReport()
        var after: Int64 = 0
        do {
            while true {
                let now = Date()
                if let deadline, now >= deadline { break }
                let done = try store.deliverNext(after: after, dueBy: force ? nil : now, at: now) { delivery in
                    let result: ChannelSender.Result = channels[delivery.channel].map {
                        ChannelSender(channel: $0, environment: session.environment).send(delivery.notice, key: delivery.key, date: now)
                    } ?? .unavailable("no [[notify]] named \"\(delivery.channel)\" in this bench.toml")
                    switch result {
                    case .sent: return .sent
                    case .failed(let error): return .notSent(error: error, retryAt: Self.retryTime(after: delivery.attempts + 1, from: now))
                    case .unavailable(let reason): return .skipped(reason: reason)
                    }
                }
                guard let done else { break }
                after = done.id
                if done.status == .sent {
                    report.sent.append(done.key)
                } else {
                    report.notSent.append((key: done.key, channel: done.channel, error: done.lastError ?? "",
                                           retryAt: done.status == .pending ? done.nextAttemptAt : nil))
                }
            }
        } catch { throw BenchError(error) }
        return report
    }

    /// Sends `AlertNotice.sample` straight to each channel (or the one named), bypassing the
    /// queue: how users check their `[[notify]]` settings.
    public func test(channel name: String?) throws(BenchError) -> [ChannelTest] {
        let all = session.config.notify
        guard !all.isEmpty else {
            throw BenchError(.badInput, "bench.toml has no [[notify]] channel",
                             hint: "add one, e.g. [[notify]] type = \"slack\" url-env = \"SLACK_WEBHOOK_URL\" (see the README)")
        }
        var chosen = all
        if let name {
            chosen = all.filter { $0.name == name }
            guard !chosen.isEmpty else {
                throw BenchError(.badInput, "no [[notify]] channel named '\(name)'",
                                 hint: Suggestion.didYouMean(name, among: all.map(\.name)) + "the channels are " + all.map(\.name).joined(separator: ", "))
            }
        }
        return chosen.map { channel in
            let key = "test-\(channel.name)-\(Int(Date().timeIntervalSince1970))"
            return switch ChannelSender(channel: channel, environment: session.environment).send(.sample, key: key) {
            case .sent(let detail): ChannelTest(channel: channel.name, kind: channel.kind, sent: true, detail: detail)
            case .failed(let error), .unavailable(let error): ChannelTest(channel: channel.name, kind: channel.kind, sent: false, detail: error)
            }
        }
    }

    /// The deliveries not sent yet, and those given up, oldest first (`bench notify status`).
    /// Reads only.
    public func waiting() throws(BenchError) -> [Delivery] {
        let store = try session.readStore()
        do { return try store.deliveries([.pending, .failed]) } catch { throw BenchError(error) }
    }

    /// libcurl's version, or why it cannot be loaded: what `bench doctor` says of sending.
    static var library: (version: String?, problem: String?) { (CurlTransfer.version, CurlTransfer.loadError) }
}

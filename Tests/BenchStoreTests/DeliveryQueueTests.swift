import BenchCore
@testable import BenchStore
import BenchTestSupport
import Foundation
import Testing

/// The notification queue in both stores: one delivery per alert, event and channel however
/// often it is queued; taken oldest first, held while sent, its outcome recorded.
@Suite struct DeliveryQueueTests {
    static func notice(_ alert: Int64, _ event: AlertNotice.Event = .opened) -> AlertNotice {
        AlertNotice(event: event, alertId: alert, series: "clf · main", metric: "f1", before: 0.9, after: 0.8,
                    changePercent: Figures.percentChange(from: 0.9, to: 0.8), commitSha: String(repeating: "a", count: 40),
                    commitSummary: "Tune", commitAuthor: "Ada", dashboardURL: nil, bisectCommand: "bench bisect --good x --bad y --metric f1")
    }

    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: StoreKind.available) func queuingTwiceQueuesOnce(kind: StoreKind) throws {
        let store = try kind.make()
        #expect(try store.enqueue(Self.notice(1), channels: ["slack", "mail"], at: start) == 2)
        #expect(try store.enqueue(Self.notice(1), channels: ["slack", "mail"], at: start) == 0)
        #expect(try store.enqueue(Self.notice(1, .resolved), channels: ["slack"], at: start) == 1)
        #expect(try store.enqueue(Self.notice(2), channels: ["mail", "slack"], at: start) == 2)
        let queued = try store.deliveries([.pending])
        #expect(queued.map(\.key) == ["alert-1-opened-slack", "alert-1-opened-mail", "alert-1-resolved-slack",
                                      "alert-2-opened-mail", "alert-2-opened-slack"])
        #expect(queued.allSatisfy { $0.attempts == 0 && $0.nextAttemptAt == start && $0.createdAt == start && $0.lastError == nil })
        #expect(queued.first?.notice == Self.notice(1))
        #expect(try store.deliveries([.sent, .failed]).isEmpty)
    }

    /// Outcomes: sent; not sent, tried again at the given time (not due before it); given up.
    @Test(arguments: StoreKind.available) func outcomesAreRecorded(kind: StoreKind) throws {
        let store = try kind.make()
        _ = try store.enqueue(Self.notice(1), channels: ["a", "b", "c", "d"], at: start)
        let later = start.addingTimeInterval(5)
        var seen: [String] = []
        let retry = later.addingTimeInterval(60)
        var after: Int64 = 0
        while let done = try store.deliverNext(after: after, dueBy: later, at: later, { delivery in
            seen.append(delivery.channel)
            switch delivery.channel {
            case "a": return .sent
            case "b": return .notSent(error: "HTTP 503", retryAt: retry)
            case "c": return .notSent(error: "gone", retryAt: nil)
            default: return .skipped(reason: "D_URL is not set")
            }
        }) { after = done.id }
        #expect(seen == ["a", "b", "c", "d"])
        let sent = try store.deliveries([.sent])
        #expect(sent.map(\.channel) == ["a"])
        #expect(sent.first?.sentAt == later)
        #expect(sent.first?.attempts == 1)
        let pending = try store.deliveries([.pending])
        #expect(pending.map(\.channel) == ["b", "d"])
        #expect(pending.first?.lastError == "HTTP 503")
        #expect(pending.first?.nextAttemptAt == retry)
        #expect(try store.deliveries([.failed]).map(\.channel) == ["c"])
        // d was skipped here (this machine cannot send it): still due, no attempt counted.
        let skipped = try #require(pending.last)
        #expect(skipped.attempts == 0 && skipped.lastError == "D_URL is not set" && skipped.nextAttemptAt == start)
        _ = try store.deliverNext(after: 0, dueBy: later, at: later, { $0.channel == "d" ? .sent : .skipped(reason: "?") })
        #expect(try store.deliveries([.pending]).map(\.channel) == ["b"])

        // b is not due before its time, unless every pending one is asked for.
        #expect(try store.deliverNext(after: 0, dueBy: later.addingTimeInterval(59), at: later, { _ in .sent }) == nil)
        let forced = try store.deliverNext(after: 0, dueBy: nil, at: later, { _ in .sent })
        #expect(forced?.channel == "b")
        #expect(forced?.status == .sent)
        #expect(forced?.attempts == 2)
        #expect(try store.deliveries([.pending]).isEmpty)
    }

    /// Two deliverers at once on PostgreSQL: while one holds a delivery (sending it), the
    /// other skips it (`FOR UPDATE SKIP LOCKED`) and takes the next; neither sends one twice.
    @Test(.enabled(if: PostgresFixture.adminURL != nil, "needs the PostgreSQL server `make test` starts"))
    func concurrentDeliverersSkipWhatTheOtherHolds() throws {
        let url = try PostgresFixture.freshURL()
        let first = try PostgresStore(url: url, maskedURL: "test", requireSchema: false)
        _ = try first.migrate()
        _ = try first.enqueue(Self.notice(1), channels: ["slack"], at: start)
        _ = try first.enqueue(Self.notice(2), channels: ["slack"], at: start)
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let firstTook = Locked<Int64?>(nil)
        let thread = Thread {
            let store = try! PostgresStore(url: url, maskedURL: "test")
            let done = try! store.deliverNext(after: 0, dueBy: nil, at: Date(), { _ in
                holding.signal()
                release.wait()
                return .sent
            })
            firstTook.set(done?.notice.alertId)
        }
        thread.start()
        holding.wait()
        let second = try PostgresStore(url: url, maskedURL: "test")
        let taken = try second.deliverNext(after: 0, dueBy: nil, at: Date(), { _ in .sent })
        #expect(taken?.notice.alertId == 2, "the held delivery is skipped, not waited for or taken")
        #expect(try second.deliverNext(after: 0, dueBy: nil, at: Date(), { _ in .sent }) == nil, "nothing else is free")
        release.signal()
        let deadline = Date().addingTimeInterval(30)
        while firstTook.get() == nil, Date() < deadline { usleep(10_000) }
        #expect(firstTook.get() == 1)
        #expect(try second.deliveries([.sent]).map(\.notice.alertId) == [1, 2])
        #expect(try second.deliveries([.sent]).allSatisfy { $0.attempts == 1 })
    }

    /// The queue is under the same roles and row-level security as the other tables: a
    /// reader sees it and cannot queue.
    @Test(.enabled(if: PostgresFixture.adminURL != nil, "needs the PostgreSQL server `make test` starts"))
    func readersSeeTheQueueAndCannotWriteIt() throws {
        let database = try PostgresFixture.freshDatabase()
        let admin = try PostgresStore(url: PostgresFixture.url(PostgresFixture.adminURL!, database: database), maskedURL: "test", requireSchema: false)
        _ = try admin.migrate()
        _ = try admin.enqueue(Self.notice(1), channels: ["slack"], at: start)
        let reader = "reader_\(UUID().uuidString.prefix(8).lowercased())"
        try PostgresFixture.run("CREATE ROLE \(reader) LOGIN PASSWORD 'pw' IN ROLE bench_reader", database: database)
        let asReader = try PostgresStore(url: PostgresFixture.url(PostgresFixture.adminURL!, database: database, user: reader, password: "pw"),
                                         maskedURL: "test")
        #expect(try asReader.deliveries([.pending]).count == 1)
        #expect(throws: StoreError.self) { try asReader.enqueue(Self.notice(2), channels: ["slack"], at: start) }
        #expect(try admin.status().rowLevelSecurity["benchmark_notifications"] == true)
    }
}

/// A value shared with a thread, behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ new: Value) { lock.withLock { value = new } }
}

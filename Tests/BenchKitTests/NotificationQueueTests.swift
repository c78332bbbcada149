import BenchCore
import BenchKit
import BenchTestSupport
import Foundation
import Testing

/// Alert notifications through the queue, end to end: `Notifier.enqueue` (what an alert's
/// transition calls) in-process, the real `bench sync` and `bench notify status` binaries,
/// real receivers on loopback, on both stores.
@Suite(.enabled(if: LoopbackReceiver.mailAvailable, "needs aiosmtpd and openssl (make test-deps installs them)"))
struct NotificationQueueTests {
    enum Kind: String, CaseIterable, CustomStringConvertible {
        case sqlite, postgres
        var description: String { rawValue }
        static var available: [Kind] { PostgresFixture.adminURL == nil ? [.sqlite] : [.sqlite, .postgres] }
    }

    /// A repository with the rig's channels in bench.toml and a store of `kind`.
    final class Setup {
        let git: GitFixture
        let rig: NotifyRig
        /// BENCH_DATABASE_URL for the shared store; nothing for the embedded one.
        let database: [String: String]
        var notices: [String] = []

        init(_ kind: Kind, config: ((NotifyRig) -> String)? = nil) throws {
            git = try GitFixture()
            _ = try git.commit("c1")
            rig = try NotifyRig()
            try git.write("bench.toml", config?(rig) ?? rig.config)
            if kind == .postgres {
                let url = try PostgresFixture.freshURL()
                database = ["BENCH_DATABASE_URL": url]
                _ = try StoreAdmin(path: git.path, database: url, environment: [:]).migrate()
            } else {
                database = [:]
            }
        }

        var environment: [String: String] { rig.environment.merging(database) { $1 } }

        /// A session as a command would make it; its notices (warnings) are kept.
        func session() throws -> Session {
            var environment = ProcessInfo.processInfo.environment
            for key in ["BENCH_DATABASE_URL"] + BenchBinary.ciVariables { environment[key] = nil }
            let session = try Session(path: git.path, environment: environment.merging(self.environment) { $1 })
            session.onNotice = { [unowned self] in self.notices.append($0) }
            return session
        }

        func bench(_ arguments: String...) throws -> ProcessResult {
            try BenchBinary.run(arguments, in: git.path, environment: environment)
        }
    }

    static func notice(_ alert: Int64, _ event: AlertNotice.Event = .opened) -> AlertNotice {
        AlertNotice(event: event, alertId: alert, series: "clf / set-v1 / p1 · main", metric: "f1", before: 0.91, after: 0.82,
                    changePercent: Figures.percentChange(from: 0.91, to: 0.82), commitSha: "89abcdef0123456789abcdef0123456789abcdef",
                    commitSummary: "Prune the vocabulary", commitAuthor: "Ada Lovelace",
                    dashboardURL: "http://127.0.0.1:8080/regressions", bisectCommand: "bench bisect --good 0123456 --bad 89abcde --metric f1")
    }

    /// Receivers down: the alert is queued for each channel that wants it, the command only
    /// warns. Queued again: nothing new. Receivers up: `bench sync` delivers each exactly
    /// once; a second sync and a third enqueue send nothing. No output holds a secret.
    @Test(arguments: Kind.available)
    func downThenUpDeliversExactlyOnce(kind: Kind) throws {
        let setup = try Setup(kind)
        let rig = setup.rig
        let first = try Notifier(setup.session()).enqueue(Self.notice(1))
        #expect(first.queued == 5)
        #expect(first.sent.isEmpty)
        #expect(first.notSent.count == 5)
        #expect(setup.notices.count == 5)
        #expect(setup.notices.allSatisfy { $0.hasPrefix("warning: notification alert-1-opened-") && $0.contains("`bench sync` sends it") },
                "\(setup.notices)")
        let again = try Notifier(setup.session()).enqueue(Self.notice(1))
        #expect(again.queued == 0, "one delivery per alert, event and channel")
        #expect(again.notSent.isEmpty, "not due again for a minute: not tried")
        #expect(try Notifier(setup.session()).enqueue(Self.notice(1, .resolved)).queued == 1, "only team-slack wants resolved alerts")

        let waiting = try setup.bench("notify", "status", "--json")
        #expect(waiting.status == 0, "\(waiting.stderr)")
        let status = try #require(try JSONSerialization.jsonObject(with: Data(waiting.stdout.utf8)) as? [String: Any])
        #expect(status["pending"] as? Int == 6)
        let rows = try #require(status["deliveries"] as? [[String: Any]])
        #expect(rows.map { $0["channel"] as? String } == ["team-slack", "discord", "teams", "signed", "mail", "team-slack"])
        #expect(rows.allSatisfy { $0["attempts"] as? Int == 1 && ($0["last_error"] as? String)?.isEmpty == false })
        let table = try setup.bench("notify", "status")
        #expect(table.stdout.contains("6 pending, 0 given up"))

        try rig.start()
        defer { rig.stop() }
        let synced = try setup.bench("sync")
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(synced.stdout.contains("notifications: 6 sent, 0 not sent"), "\(synced.stdout)")
        #expect(rig.requests("slack").count == 2)
        for kind in ["discord", "teams", "webhook"] { #expect(rig.requests(kind).count == 1, "\(kind)") }
        #expect(rig.webhooks.received.allSatisfy { $0["ok"] as? Bool == true }, "\(rig.webhooks.received.map { $0["problems"] ?? "" })")
        #expect(rig.requests("webhook").first?["delivery"] as? String == "alert-1-opened-signed")
        #expect(rig.mail.received.count == 1)
        #expect(rig.mail.received.first?["tls"] as? Bool == true)
        #expect((rig.mail.received.first?["body"] as? String)?.contains("Prune the vocabulary (Ada Lovelace)") == true)

        let second = try setup.bench("sync")
        #expect(second.stdout.contains("notifications: none waiting"))
        #expect(try Notifier(setup.session()).enqueue(Self.notice(1)).queued == 0)
        #expect(rig.webhooks.received.count == 5)
        #expect(rig.mail.received.count == 1)
        #expect(try setup.bench("notify", "status").stdout.contains("No notification waits"))

        for text in setup.notices + [waiting.stdout, table.stdout, synced.stdout, synced.stderr, second.stdout, second.stderr] {
            #expect(rig.leaked(in: text).isEmpty, "\(text)")
        }
    }

    /// Receivers up: the enqueuing command sends at once and says nothing.
    @Test(arguments: Kind.available)
    func upReceiversAreSentAtOnce(kind: Kind) throws {
        let setup = try Setup(kind)
        try setup.rig.start()
        defer { setup.rig.stop() }
        let report = try Notifier(setup.session()).enqueue(Self.notice(7))
        #expect(report.sent == ["alert-7-opened-team-slack", "alert-7-opened-discord", "alert-7-opened-teams",
                                "alert-7-opened-signed", "alert-7-opened-mail"])
        #expect(setup.notices.isEmpty)
        #expect(setup.rig.webhooks.received.count == 4)
        #expect(setup.rig.mail.received.count == 1)
    }

    /// Several `bench sync` at once (two CI jobs): every delivery is sent once, by one of
    /// them (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: the write lock).
    @Test(arguments: Kind.available)
    func concurrentSyncsSendEachOnce(kind: Kind) throws {
        let setup = try Setup(kind) { rig in
            "[[notify]]\nname = \"signed\"\ntype = \"webhook\"\nurl-env = \"T_HOOK_URL\"\nsecret-env = \"T_HOOK_SECRET\"\n"
        }
        let notifier = Notifier(try setup.session())
        for alert in 1...30 { _ = try notifier.enqueue(Self.notice(Int64(alert))) }
        try setup.rig.webhooks.start()
        defer { setup.rig.webhooks.stop() }
        var environment = ProcessInfo.processInfo.environment
        for key in ["BENCH_DATABASE_URL"] + BenchBinary.ciVariables { environment[key] = nil }
        environment.merge(setup.environment) { $1 }
        let syncs = try (0..<4).map { _ in try ProcessRunner.start(BenchBinary.path, ["sync"], in: setup.git.path, environment: environment) }
        for sync in syncs { sync.waitUntilExit() }
        #expect(syncs.allSatisfy { $0.terminationStatus == 0 })
        let deliveries = setup.rig.requests("webhook").compactMap { $0["delivery"] as? String }
        #expect(deliveries.count == 30, "each sent once: \(deliveries.count)")
        #expect(Set(deliveries) == Set((1...30).map { "alert-\($0)-opened-signed" }))
        #expect(try setup.bench("notify", "status").stdout.contains("No notification waits"))
    }
}

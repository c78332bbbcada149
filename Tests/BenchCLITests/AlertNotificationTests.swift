import BenchTestSupport
import Foundation
import Testing

/// Alerts reach people: a default-branch regression recorded with the real binary opens an
/// alert, and every `[[notify]]` channel of bench.toml gets one message of it from real
/// receivers on loopback (four webhooks and an SMTP server); the result that resolves it is
/// told only to the channel that asked for resolutions.
@Suite(.enabled(if: LoopbackReceiver.mailAvailable, "needs aiosmtpd and openssl (make test-deps installs them)"))
struct AlertNotificationTests {
    @Test func anAlertThatOpensAndResolvesIsToldOncePerChannel() throws {
        let box = try Sandbox()
        let rig = try NotifyRig()
        try box.fixture.write("bench.toml", rig.config + "\n[dashboard]\nurl = \"https://bench.example.com/\"\n")
        try rig.start()
        defer { rig.stop() }
        func record(_ f1: Double) throws -> ProcessResult {
            let file = try box.resultFile(Sandbox.result(f1: f1), name: "r\(f1).json")
            let result = try BenchBinary.run(["record", "--input", file], in: box.path, environment: rig.environment)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(rig.leaked(in: result.stdout + result.stderr).isEmpty)
            return result
        }

        let c1 = try box.fixture.commit("c1")
        _ = try record(0.895)
        let c2 = try box.fixture.commit("c2: slower tokenizer")
        let opened = try record(0.835)
        #expect(opened.stderr.contains("alert #1 opened"), "\(opened.stderr)")
        #expect(!opened.stderr.contains("not sent"), "\(opened.stderr)")

        for kind in ["slack", "discord", "teams", "webhook"] {
            let requests = rig.requests(kind)
            #expect(requests.count == 1, "\(kind): \(requests.count) requests")
            #expect(requests.first?["ok"] as? Bool == true, "\(kind): \(requests.first?["problems"] ?? "")")
        }
        let signed = try #require(rig.requests("webhook").first?["body"] as? [String: Any])
        let alert = try #require(signed["alert"] as? [String: Any])
        #expect(alert["alert_id"] as? Int == 1 && alert["event"] as? String == "opened" && alert["metric"] as? String == "f1")
        #expect(alert["before"] as? Double == 0.895 && alert["after"] as? Double == 0.835)
        #expect(alert["commit_sha"] as? String == c2 && alert["commit_summary"] as? String == "c2: slower tokenizer")
        #expect(alert["bisect_command"] as? String == "bench bisect --good \(c1.prefix(7)) --bad \(c2.prefix(7)) --metric f1")
        #expect(alert["dashboard_url"] as? String == "https://bench.example.com/regressions")
        #expect(rig.mail.received.count == 1)
        #expect((rig.mail.received.first?["subject"] as? String)?.contains("Regression opened: f1") == true)
        #expect((rig.mail.received.first?["body"] as? String)?.contains("Dashboard: https://bench.example.com/regressions") == true)

        // Still regressed: no second message anywhere.
        try box.fixture.commit("c3")
        _ = try record(0.83)
        #expect(rig.webhooks.received.count == 4 && rig.mail.received.count == 1)

        // Back within the limit: the alert resolves, and only team-slack (on = opened, resolved) hears of it.
        try box.fixture.commit("c4: fast tokenizer again")
        let resolved = try record(0.9)
        #expect(resolved.stderr.contains("alert #1 resolved"), "\(resolved.stderr)")
        let slack = rig.requests("slack")
        #expect(slack.count == 2)
        #expect((slack.last?["body"] as? [String: Any]).map { "\($0)".contains("resolved") } == true, "\(slack.last ?? [:])")
        #expect(rig.webhooks.received.count == 5 && rig.mail.received.count == 1)

        // Nothing waits in the queue.
        let status = try BenchBinary.run(["notify", "status", "--json"], in: box.path, environment: rig.environment)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(rig.leaked(in: status.stdout).isEmpty)
    }

    /// `[dashboard] url` must be an address a link can hold: one clear error, exit 2.
    @Test func aDashboardURLThatIsNoAddressIsRefused() throws {
        let box = try Sandbox()
        for (text, field) in [("url = \"ftp://bench.example.com\"", "dashboard.url"), ("uri = \"https://x.example\"", "dashboard.uri")] {
            try box.fixture.write("bench.toml", "[dashboard]\n" + text + "\n")
            let result = try box.bench("alerts")
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains(field), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count <= 2, "one error and its hint: \(result.stderr)")
        }
        #expect(try box.bench("alerts").stderr.contains("did you mean 'url'?"))
    }
}

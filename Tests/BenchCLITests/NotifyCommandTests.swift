import BenchTestSupport
import Foundation
import Testing

/// `bench notify test`, `bench notify status` and doctor's channel checks, with the real
/// binary against real receivers on loopback (a webhook server checking each service's body
/// and the signature; aiosmtpd requiring STARTTLS and AUTH).
@Suite(.enabled(if: LoopbackReceiver.mailAvailable, "needs aiosmtpd and openssl (make test-deps installs them)"))
struct NotifyCommandTests {
    let box: Sandbox
    let rig: NotifyRig

    init() throws {
        box = try Sandbox(committing: "c1")
        rig = try NotifyRig()
        try box.fixture.write("bench.toml", rig.config)
    }

    func bench(_ arguments: String..., environment: [String: String]? = nil) throws -> ProcessResult {
        try BenchBinary.run(arguments, in: box.path, environment: environment ?? rig.environment)
    }

    @Test func testSendsTheSampleToEveryChannel() throws {
        try rig.start()
        defer { rig.stop() }
        let sent = try bench("notify", "test")
        #expect(sent.status == 0, "\(sent.stdout)\(sent.stderr)")
        let lines = sent.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.hasPrefix("✓ ") }, "\(sent.stdout)")
        #expect(lines.contains { $0.hasPrefix("✓ signed (webhook) ") && $0.hasSuffix("  sent: HTTP 200") })
        #expect(lines.contains { $0.hasPrefix("✓ mail (email) ") && $0.hasSuffix("  sent: SMTP 250") })
        for kind in ["slack", "discord", "teams", "webhook"] {
            let requests = rig.requests(kind)
            #expect(requests.count == 1, "\(kind)")
            #expect(requests.first?["ok"] as? Bool == true, "\(kind): \(requests.first?["problems"] ?? "")")
        }
        let signed = try #require(rig.requests("webhook").first?["body"] as? [String: Any])
        #expect((signed["alert"] as? [String: Any])?["alert_id"] as? Int == 0, "the sample is alert 0")
        let mail = try #require(rig.mail.received.first)
        #expect(rig.mail.received.count == 1)
        #expect(mail["tls"] as? Bool == true, "STARTTLS was used")
        #expect(mail["authenticated"] as? Bool == true, "AUTH was used")
        #expect(mail["rcpt_tos"] as? [String] == ["oncall@example.com", "lead@example.com"])
        #expect((mail["subject"] as? String)?.hasPrefix("[bench] Regression opened: f1 of sample-model") == true)
        #expect((mail["body"] as? String)?.contains("0.912 → 0.874 (-4.2%)") == true)
        #expect(rig.leaked(in: sent.stdout + sent.stderr).isEmpty)
    }

    /// Down receivers, a missing variable, a mistyped channel: each is one clear line, exit 3
    /// (environment) or 2 (usage), and no secret.
    @Test func failuresSayWhyWithoutSecrets() throws {
        let down = try bench("notify", "test", "--channel", "signed")
        #expect(down.status == 3)
        #expect(down.stdout.hasPrefix("✗ signed (webhook)  not sent: "))
        #expect(down.stdout.contains("127.0.0.1"), "curl's reason names the host: \(down.stdout)")
        var environment = rig.environment
        environment["T_HOOK_SECRET"] = nil
        let unset = try bench("notify", "test", "--channel", "signed", environment: environment)
        #expect(unset.status == 3)
        #expect(unset.stdout.contains("T_HOOK_SECRET is not set (secret-env of [[notify]] \"signed\")"))
        let mistyped = try bench("notify", "test", "--channel", "sigend")
        #expect(mistyped.status == 2)
        #expect(mistyped.stderr.contains("error: no [[notify]] channel named 'sigend'"))
        #expect(mistyped.stderr.contains("did you mean 'signed'?"))
        for result in [down, unset, mistyped] { #expect(rig.leaked(in: result.stdout + result.stderr).isEmpty) }

        try box.fixture.write("bench.toml", "")
        let none = try bench("notify", "test")
        #expect(none.status == 2)
        #expect(none.stderr.contains("bench.toml has no [[notify]] channel"))
    }

    /// A mistyped key in bench.toml stops every command with the field and "did you mean".
    @Test func aMistypedKeyIsNamed() throws {
        try box.fixture.write("bench.toml", "[[notify]]\ntype = \"slack\"\nurl_env = \"T_SLACK_URL\"\n")
        let result = try bench("notify", "status")
        #expect(result.status == 2)
        #expect(result.stderr.contains("notify[0].url_env: unknown key"))
        #expect(result.stderr.contains("did you mean 'url-env'?"))
    }

    @Test func doctorChecksEachChannelWithoutShowingSecrets() throws {
        let good = try bench("doctor")
        #expect(good.stdout.contains("✓ notify team-slack"), "\(good.stdout)")
        #expect(good.stdout.contains("URL from $T_SLACK_URL"))
        #expect(good.stdout.contains("libcurl 7."))
        #expect(good.stdout.contains("✓ notify mail") && good.stdout.contains("via 127.0.0.1:\(rig.mail.port)"))
        var environment = rig.environment
        environment["T_SMTP_PASSWORD"] = nil
        let missing = try bench("doctor", environment: environment)
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("✗ notify mail"))
        #expect(missing.stdout.contains("T_SMTP_PASSWORD (password-env) is not set"))
        for result in [good, missing] { #expect(rig.leaked(in: result.stdout + result.stderr).isEmpty) }
    }

    @Test func statusOfAnEmptyQueue() throws {
        let text = try bench("notify", "status")
        #expect(text.status == 0)
        #expect(text.stdout.contains("No notification waits"))
        let json = try Sandbox.json(try bench("notify", "status", "--json")) as? [String: Any]
        #expect(json?["pending"] as? Int == 0)
        #expect((json?["deliveries"] as? [Any])?.isEmpty == true)
        #expect(!FileManager.default.fileExists(atPath: box.storePath), "a read creates no store")
    }
}

import BenchCore
import Foundation
import Testing

/// How each channel says an alert, and the HMAC that signs the generic webhook.
@Suite struct NotifyMessageTests {
    static let notice = AlertNotice(
        event: .opened, alertId: 12, series: "clf / set-v1 / p1 · main", metric: "latency_ms", before: 400, after: 452, unit: "ms",
        changePercent: 13, commitSha: "89abcdef0123456789abcdef0123456789abcdef", commitSummary: "Cache <everything> & more @everyone",
        commitAuthor: "Ada Lovelace", dashboardURL: "https://bench.example.com/regressions?alert=12",
        bisectCommand: "bench bisect --good 0123456 --bad 89abcde --metric latency_ms")

    struct HMACCase: Decodable {
        var name: String
        var key_hex: String
        var message_hex: String
        var hmac_sha256: String
    }

    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    /// Reference values computed once with Python's hmac module (Fixtures/notify/hmac_reference.py),
    /// among them RFC 4231's cases and a key longer than SHA-256's block.
    @Test func hmacMatchesPythonsHMAC() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/notify/hmac-sha256.json")
        struct File: Decodable { var cases: [HMACCase] }
        let cases = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
        #expect(cases.count == 7)
        for reference in cases {
            let mac = HMAC.sha256(key: Self.bytes(reference.key_hex), message: Self.bytes(reference.message_hex))
            #expect(HMAC.hex(mac) == reference.hmac_sha256, "\(reference.name)")
        }
    }

    static func json(_ body: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }

    /// The body is the notice under `alert`, and the header is HMAC-SHA256 of exactly the body.
    @Test func theWebhookIsSignedOverItsExactBody() throws {
        let request = NoticeMessage.webhook(Self.notice, secret: "s3cr3t", delivery: "alert-12-opened-pager")
        let signature = try #require(request.headers.first { $0.hasPrefix("X-Bench-Signature: ") })
        #expect(signature == "X-Bench-Signature: sha256=" + HMAC.hex(HMAC.sha256(key: Array("s3cr3t".utf8), message: request.body)))
        #expect(request.headers.contains("X-Bench-Delivery: alert-12-opened-pager"))
        let body = try Self.json(request.body)
        #expect(body["type"] as? String == "bench.alert")
        #expect(body["event"] as? String == "opened")
        let alert = try #require(body["alert"] as? [String: Any])
        #expect(alert["alert_id"] as? Int == 12)
        #expect(alert["before"] as? Double == 400)
        #expect(alert["after"] as? Double == 452)
        #expect(alert["commit_author"] as? String == "Ada Lovelace")
        #expect(try JSONDecoder().decode(AlertNotice.self, from: JSONSerialization.data(withJSONObject: alert)) == Self.notice)
        // Another secret signs differently: the receiver can tell.
        #expect(NoticeMessage.webhook(Self.notice, secret: "other", delivery: "alert-12-opened-pager").headers != request.headers)
    }

    @Test func slackEscapesMrkdwnAndLinksTheDashboard() throws {
        let body = try Self.json(NoticeMessage.slack(Self.notice).body)
        #expect(body["text"] as? String == "Regression opened: latency_ms of clf / set-v1 / p1 · main 400 ms → 452 ms (+13.0%) at 89abcde")
        let blocks = try #require(body["blocks"] as? [[String: Any]])
        let text = try #require((blocks.first?["text"] as? [String: Any])?["text"] as? String)
        #expect(text.contains("Cache &lt;everything&gt; &amp; more"))
        #expect(text.contains("<https://bench.example.com/regressions?alert=12|Open the dashboard>"))
        #expect(text.contains("`bench bisect --good 0123456 --bad 89abcde --metric latency_ms`"))
    }

    @Test func discordPingsNobody() throws {
        let body = try Self.json(NoticeMessage.discord(Self.notice).body)
        #expect((body["allowed_mentions"] as? [String: Any])?["parse"] as? [Any] != nil)
        #expect(((body["allowed_mentions"] as? [String: Any])?["parse"] as? [Any])?.isEmpty == true)
        let embed = try #require((body["embeds"] as? [[String: Any]])?.first)
        #expect(embed["url"] as? String == Self.notice.dashboardURL)
        #expect((embed["fields"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Change", "Commit", "Find the cause"])
    }

    @Test func teamsGetsAnAdaptiveCardAsWorkflowsExpect() throws {
        let body = try Self.json(NoticeMessage.teams(Self.notice).body)
        #expect(body["type"] as? String == "message")
        let attachment = try #require((body["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let card = try #require(attachment["content"] as? [String: Any])
        #expect(card["type"] as? String == "AdaptiveCard")
        #expect(card["version"] as? String == "1.4")
        let facts = try #require((card["body"] as? [[String: Any]])?.last?["facts"] as? [[String: Any]])
        #expect(facts.first?["value"] as? String == "400 ms → 452 ms (+13.0%)")
        #expect((card["actions"] as? [[String: Any]])?.first?["url"] as? String == Self.notice.dashboardURL)
    }

    /// A resolved alert without a dashboard: no link anywhere, and the wording says so.
    @Test func aResolvedNoticeWithoutDashboardHasNoLink() throws {
        var resolved = Self.notice
        resolved.event = .resolved
        resolved.dashboardURL = nil
        #expect(!String(decoding: NoticeMessage.teams(resolved).body, as: UTF8.self).contains("Action.OpenUrl"))
        #expect(String(decoding: NoticeMessage.slack(resolved).body, as: UTF8.self).contains("Regression resolved"))
        #expect(!String(decoding: NoticeMessage.discord(resolved).body, as: UTF8.self).contains("\"url\""))
    }

    /// A mail: CRLF lines, the subject from the template (encoded when not ASCII), a
    /// quoted-printable body that decodes to the text.
    @Test func theMailIsAProperMessage() throws {
        let mail = NoticeMessage.email(Self.notice, from: "bench@example.com", to: ["a@example.com", "b@example.com"],
                                       subject: "[perf] {metric} {change}", date: Date(timeIntervalSince1970: 1_800_000_000),
                                       messageID: "alert-12-opened-mail.1@bench")
        let (head, body) = try #require(mail.range(of: "\r\n\r\n").map { (String(mail[..<$0.lowerBound]), String(mail[$0.upperBound...])) })
        let headers = head.components(separatedBy: "\r\n")
        #expect(headers.contains("To: a@example.com, b@example.com"))
        #expect(headers.contains("Date: Fri, 15 Jan 2027 08:00:00 +0000"))
        #expect(headers.contains("Message-ID: <alert-12-opened-mail.1@bench>"))
        let subject = try #require(headers.first { $0.hasPrefix("Subject: ") })
        #expect(subject.hasPrefix("Subject: =?utf-8?B?"), "the arrow is not ASCII")
        let word = subject.dropFirst("Subject: =?utf-8?B?".count).dropLast(2)
        #expect(String(decoding: Data(base64Encoded: String(word)) ?? Data(), as: UTF8.self) == "[perf] latency_ms 400 ms → 452 ms (+13.0%)")
        #expect(!mail.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        #expect(body.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        #expect(body.contains("Change: 400 ms =E2=86=92 452 ms (+13.0%)"))
        #expect(body.contains("    bench bisect --good 0123456 --bad 89abcde --metric latency_ms"))
    }

    @Test func theDefaultSubjectIsTheSummary() {
        #expect(NoticeMessage.subject(Self.notice, template: nil) == "[bench] " + Self.notice.summary)
    }
}

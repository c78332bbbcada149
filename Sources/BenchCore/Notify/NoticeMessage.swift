import Foundation

/// An HTTP request body and its headers (besides Content-Length, which the sender adds).
public struct WebhookRequest: Sendable, Equatable {
    public var headers: [String]
    public var body: [UInt8]
}

/// How each channel says an `AlertNotice`: the bodies the receivers expect. Pure: the same
/// notice always makes the same message (the mail's Date and Message-ID are given).
public enum NoticeMessage {
    /// A Slack incoming webhook: plain `text` (notifications and old clients) and Block Kit
    /// `blocks` with the details in mrkdwn.
    public static func slack(_ notice: AlertNotice) -> WebhookRequest {
        var lines = ["*\(mrkdwn(notice.headline))*: \(mrkdwn(notice.subject))",
                     "\(mrkdwn(notice.change))",
                     "Commit `\(Figures.short(notice.commitSha))` \(mrkdwn(notice.commitSummary)) (\(mrkdwn(notice.commitAuthor)))"]
        if let bisect = notice.bisectCommand { lines.append("Find the cause: `\(mrkdwn(bisect))`") }
        if let url = notice.dashboardURL { lines.append("<\(url)|Open the dashboard>") }
        let payload: JSONValue = .object([
            ("text", .string(mrkdwn(notice.summary))),
            ("blocks", .array([.object([("type", .string("section")),
                                        ("text", .object([("type", .string("mrkdwn")), ("text", .string(lines.joined(separator: "\n")))]))])])),
        ])
        return json(payload)
    }

    /// A Discord webhook: a short `content` and one embed with the details as fields. No
    /// mentions are parsed: a commit subject saying @everyone pings nobody.
    public static func discord(_ notice: AlertNotice) -> WebhookRequest {
        var fields: [JSONValue] = [
            field("Change", notice.change),
            field("Commit", "`\(Figures.short(notice.commitSha))` \(notice.commitSummary) (\(notice.commitAuthor))"),
        ]
        if let bisect = notice.bisectCommand { fields.append(field("Find the cause", "`\(bisect)`")) }
        var embed: [(String, JSONValue)] = [
            ("title", .string(clip("\(notice.headline): \(notice.subject)", 256))),
            ("color", .number(notice.event == .opened ? 0xD73A49 : 0x28A745)),
            ("fields", .array(fields)),
        ]
        if let url = notice.dashboardURL { embed.append(("url", .string(url))) }
        return json(.object([
            ("content", .string(clip(notice.summary, 2000))),
            ("embeds", .array([.object(embed)])),
            ("allowed_mentions", .object([("parse", .array([]))])),
        ]))
    }

    /// A Teams workflow webhook: a `message` with one Adaptive Card (1.4) attachment, as the
    /// "Post to a channel when a webhook request is received" workflow expects.
    public static func teams(_ notice: AlertNotice) -> WebhookRequest {
        var facts: [JSONValue] = [fact("Change", notice.change),
                                  fact("Commit", "\(Figures.short(notice.commitSha)) \(notice.commitSummary)"),
                                  fact("Author", notice.commitAuthor)]
        if let bisect = notice.bisectCommand { facts.append(fact("Find the cause", bisect)) }
        var card: [(String, JSONValue)] = [
            ("$schema", .string("http://adaptivecards.io/schemas/adaptive-card.json")),
            ("type", .string("AdaptiveCard")),
            ("version", .string("1.4")),
            ("body", .array([
                .object([("type", .string("TextBlock")), ("text", .string(notice.headline)), ("weight", .string("Bolder")),
                         ("size", .string("Medium")), ("color", .string(notice.event == .opened ? "Attention" : "Good")), ("wrap", .bool(true))]),
                .object([("type", .string("TextBlock")), ("text", .string(notice.subject)), ("wrap", .bool(true))]),
                .object([("type", .string("FactSet")), ("facts", .array(facts))]),
            ])),
        ]
        if let url = notice.dashboardURL {
            card.append(("actions", .array([.object([("type", .string("Action.OpenUrl")), ("title", .string("Open the dashboard")),
                                                      ("url", .string(url))])])))
        }
        return json(.object([
            ("type", .string("message")),
            ("attachments", .array([.object([("contentType", .string("application/vnd.microsoft.card.adaptive")),
                                              ("contentUrl", .null), ("content", .object(card))])])),
        ]))
    }

    /// The generic webhook: `{"type": "bench.alert", "event", "text", "alert": notice}`, signed
    /// with HMAC-SHA256 of the exact body under `secret` in `X-Bench-Signature: sha256=<hex>`.
    /// `X-Bench-Delivery` names the delivery (the same on every retry), so a receiver can
    /// drop a duplicate.
    public static func webhook(_ notice: AlertNotice, secret: String, delivery: String) -> WebhookRequest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let alert = (try? encoder.encode(notice)).map { [UInt8]($0) } ?? Array("{}".utf8)
        let head = json(.object([("event", .string(notice.event.rawValue)), ("text", .string(notice.summary)),
                                 ("type", .string("bench.alert"))])).body
        // {"alert":<notice>,"event":…,"text":…,"type":…}: the keys in order, the notice as Codable writes it.
        let body = Array("{\"alert\":".utf8) + alert + [UInt8(ascii: ",")] + head.dropFirst()
        let signature = HMAC.hex(HMAC.sha256(key: Array(secret.utf8), message: body))
        return WebhookRequest(headers: ["Content-Type: application/json", "X-Bench-Event: \(notice.event.rawValue)",
                                        "X-Bench-Delivery: \(delivery)", "X-Bench-Signature: sha256=\(signature)"],
                              body: body)
    }

    // MARK: Helpers

    /// Slack's mrkdwn escapes: &, < and > (everything else is shown as written).
    static func mrkdwn(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func clip(_ text: String, _ limit: Int) -> String { text.count <= limit ? text : String(text.prefix(limit - 1)) + "…" }

    private static func field(_ name: String, _ value: String) -> JSONValue {
        .object([("name", .string(name)), ("value", .string(clip(value, 1024))), ("inline", .bool(false))])
    }

    private static func fact(_ title: String, _ value: String) -> JSONValue {
        .object([("title", .string(title)), ("value", .string(value))])
    }

    private static func json(_ value: JSONValue) -> WebhookRequest {
        WebhookRequest(headers: ["Content-Type: application/json"], body: Array(value.text.utf8))
    }
}

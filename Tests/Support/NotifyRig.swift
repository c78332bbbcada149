import Foundation

/// The five kinds of `[[notify]]` channel pointed at real receivers on loopback: a
/// `bench.toml` fragment, the environment that holds its secrets, and the secrets themselves,
/// which no output may contain. The receivers start down.
public final class NotifyRig: @unchecked Sendable {
    public let webhooks: LoopbackReceiver
    public let mail: LoopbackReceiver
    let certificate: String
    let token = "tok" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20)
    public let hookSecret: String
    public let smtpPassword: String

    public init() throws {
        let hookSecret = "hook-secret-" + UUID().uuidString.prefix(8), smtpPassword = "smtp-pass-" + UUID().uuidString.prefix(8)
        self.hookSecret = hookSecret
        self.smtpPassword = smtpPassword
        webhooks = try LoopbackReceiver.webhooks(secret: hookSecret)
        let made = try LoopbackReceiver.mail(user: "bench-mailer", password: smtpPassword)
        mail = made.receiver
        certificate = made.certificate
    }

    /// The webhook URLs hold a token in their path, as Slack's and Discord's do.
    func url(_ kind: String) -> String { webhooks.url("\(kind)/\(token)-\(kind)") }

    /// The environment variables the channels read.
    public var environment: [String: String] {
        ["T_SLACK_URL": url("slack"), "T_DISCORD_URL": url("discord"), "T_TEAMS_URL": url("teams"), "T_HOOK_URL": url("webhook"),
         "T_HOOK_SECRET": hookSecret, "T_SMTP_USER": "bench-mailer", "T_SMTP_PASSWORD": smtpPassword]
    }

    /// What must never be printed: the token (the secret part of the URLs), the signing
    /// secret and the mail password.
    public var secrets: [String] { [token, hookSecret, smtpPassword] }

    /// One channel of each type; only team-slack also wants resolved alerts.
    public var config: String {
        """

        [[notify]]
        name = "team-slack"
        type = "slack"
        url-env = "T_SLACK_URL"
        on = ["opened", "resolved"]

        [[notify]]
        type = "discord"
        url-env = "T_DISCORD_URL"

        [[notify]]
        name = "teams"
        type = "teams"
        url-env = "T_TEAMS_URL"

        [[notify]]
        name = "signed"
        type = "webhook"
        url-env = "T_HOOK_URL"
        secret-env = "T_HOOK_SECRET"

        [[notify]]
        name = "mail"
        type = "email"
        smtp-url = "smtp://127.0.0.1:\(mail.port)"
        from = "bench@example.com"
        to = ["oncall@example.com", "lead@example.com"]
        user-env = "T_SMTP_USER"
        password-env = "T_SMTP_PASSWORD"
        starttls = "required"
        ca-file = "\(certificate)"

        """
    }

    public func start() throws {
        try webhooks.start()
        try mail.start()
    }

    public func stop() {
        webhooks.stop()
        mail.stop()
    }

    /// The webhook requests received, by kind (`slack`, `discord`, `teams`, `webhook`).
    public func requests(_ kind: String) -> [[String: Any]] { webhooks.received.filter { $0["kind"] as? String == kind } }

    /// The secrets that `text` gives away (none, always).
    public func leaked(in text: String) -> [String] { secrets.filter { text.contains($0) } }
}

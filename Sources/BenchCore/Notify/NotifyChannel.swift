/// One `[[notify]]` table of `bench.toml`: where alert notifications go. Secrets (webhook
/// URLs, the signing secret, the SMTP password) are never written in the file: the channel
/// names the environment variables that hold them, and bench never prints their values.
public struct NotifyChannel: Sendable, Equatable {
    /// The kind of receiver, and so the shape of the message.
    public enum Kind: String, Sendable, CaseIterable {
        /// A Slack incoming webhook (`text` and Block Kit `blocks`).
        case slack
        /// A Discord webhook (`content` and one embed).
        case discord
        /// A Microsoft Teams workflow webhook ("Post to a channel when a webhook request is
        /// received"): a message with one Adaptive Card.
        case teams
        /// Any HTTP endpoint: the notice as JSON, signed with HMAC-SHA256 in `X-Bench-Signature`.
        case webhook
        /// Mail over SMTP: STARTTLS and AUTH when the server offers them.
        case email
    }

    /// How a mail transfer uses TLS on an smtp:// URL (smtps:// is TLS from the start).
    public enum StartTLS: String, Sendable, CaseIterable {
        /// When the server offers STARTTLS.
        case auto
        /// Always: a server that does not offer it is an error.
        case required
    }

    /// Its name in `bench notify`, `bench doctor` and the queue (default: its type).
    public var name: String
    public var kind: Kind
    /// Which alert events it is sent (`on`; default only `opened`).
    public var events: Set<AlertNotice.Event> = [.opened]
    /// `url-env`: the variable holding the webhook's URL (slack, discord, teams, webhook).
    public var urlVariable: String?
    /// `secret-env`: the variable holding the webhook's signing secret (webhook).
    public var secretVariable: String?
    /// `smtp-url`: `smtp://host:port` (STARTTLS when offered) or `smtps://host:port` (email).
    public var smtpURL: String?
    public var from: String?
    public var to: [String] = []
    /// `subject`: the mail's subject, with `{summary}`, `{headline}`, `{metric}`, `{series}`,
    /// `{change}` and `{commit}` filled in (default `[bench] {summary}`).
    public var subject: String?
    /// `user-env` and `password-env`: the variables holding the SMTP login, for AUTH.
    public var userVariable: String?
    public var passwordVariable: String?
    public var startTLS: StartTLS = .auto
    /// `ca-file`: a CA bundle to trust for the mail server's certificate (a private relay).
    public var caFile: String?

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The environment variables this channel reads, by key: what `bench doctor` checks.
    public var variables: [(key: String, name: String, required: Bool)] {
        var list: [(String, String, Bool)] = []
        if let urlVariable { list.append(("url-env", urlVariable, true)) }
        if let secretVariable { list.append(("secret-env", secretVariable, true)) }
        if let userVariable { list.append(("user-env", userVariable, true)) }
        if let passwordVariable { list.append(("password-env", passwordVariable, true)) }
        return list
    }

    /// The placeholders a mail subject may use.
    public static let subjectPlaceholders = ["summary", "headline", "metric", "series", "change", "commit"]
}

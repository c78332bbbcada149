import BenchCore
import Foundation
import Testing

/// `[[notify]]` tables: every channel type parses; mistakes are one clear error naming the
/// field, with "did you mean"; a secret written in the file is refused without repeating it.
@Suite struct NotifyConfigTests {
    static let allFive = """
    [[notify]]
    name = "team-slack"
    type = "slack"
    url-env = "SLACK_WEBHOOK_URL"
    on = ["opened", "resolved"]

    [[notify]]
    type = "discord"
    url-env = "DISCORD_WEBHOOK_URL"

    [[notify]]
    name = "teams"
    type = "teams"
    url-env = "TEAMS_WEBHOOK_URL"

    [[notify]]
    name = "pager"
    type = "webhook"
    url-env = "PAGER_URL"
    secret-env = "PAGER_SECRET"
    on = ["resolved"]

    [[notify]]
    name = "oncall-mail"
    type = "email"
    smtp-url = "smtp://mail.example.com:587"
    from = "bench@example.com"
    to = ["oncall@example.com", "lead@example.com"]
    subject = "[perf] {headline}: {metric}"
    user-env = "SMTP_USER"
    password-env = "SMTP_PASSWORD"
    starttls = "required"
    """

    @Test func everyChannelTypeParses() throws {
        let channels = try BenchConfig.parse(Self.allFive).notify
        #expect(channels.map(\.name) == ["team-slack", "discord", "teams", "pager", "oncall-mail"])
        #expect(channels.map(\.kind) == [.slack, .discord, .teams, .webhook, .email])
        #expect(channels[0].events == [.opened, .resolved])
        #expect(channels[1].events == [.opened], "only openings unless asked")
        #expect(channels[3].events == [.resolved])
        #expect(channels[3].secretVariable == "PAGER_SECRET")
        let mail = channels[4]
        #expect(mail.smtpURL == "smtp://mail.example.com:587")
        #expect(mail.to == ["oncall@example.com", "lead@example.com"])
        #expect(mail.startTLS == .required)
        #expect(mail.variables.map(\.name) == ["SMTP_USER", "SMTP_PASSWORD"])
    }

    /// (the [[notify]] body, the field the error names, words the message or hint must hold)
    static let mistakes: [(String, String, [String])] = [
        ("type = \"slak\"\nurl-env = \"X\"", "notify[0].type", ["unknown type 'slak'", "did you mean 'slack'?"]),
        ("url-env = \"X\"", "notify[0].type", ["is missing", "\"slack\""]),
        ("type = \"slack\"\nurl-evn = \"X\"", "notify[0].url-evn", ["unknown key", "did you mean 'url-env'?"]),
        ("type = \"slack\"", "notify[0].url-env", ["is missing", "SLACK_WEBHOOK_URL"]),
        ("type = \"slack\"\nurl-env = \"X\"\nsecret-env = \"Y\"", "notify[0].secret-env", ["not a key of a \"slack\" channel"]),
        ("type = \"webhook\"\nurl-env = \"X\"", "notify[0].secret-env", ["is missing"]),
        ("type = \"slack\"\nurl-env = \"X\"\non = [\"opend\"]", "notify[0].on", ["unknown event 'opend'", "did you mean 'opened'?"]),
        ("type = \"slack\"\nurl-env = \"X\"\non = []", "notify[0].on", ["expected a list of events"]),
        ("type = \"email\"\nfrom = \"a@b\"\nto = \"c@d\"", "notify[0].smtp-url", ["is missing"]),
        ("type = \"email\"\nsmtp-url = \"http://x\"\nfrom = \"a@b\"\nto = \"c@d\"", "notify[0].smtp-url", ["smtp://"]),
        ("type = \"email\"\nsmtp-url = \"smtp://x:25\"\nfrom = \"a@b\"\nto = \"c d\"", "notify[0].to", ["not a mail address"]),
        ("type = \"email\"\nsmtp-url = \"smtp://x:25\"\nfrom = \"a@b\"\nto = \"c@d\"\nsubject = \"{metirc}\"", "notify[0].subject",
         ["unknown placeholder {metirc}", "did you mean 'metric'?"]),
        ("type = \"email\"\nsmtp-url = \"smtp://x:25\"\nfrom = \"a@b\"\nto = \"c@d\"\nstarttls = \"yes\"", "notify[0].starttls", ["\"auto\" or \"required\""]),
        ("type = \"email\"\nsmtp-url = \"smtp://x:25\"\nfrom = \"a@b\"\nto = \"c@d\"\npassword-env = \"P\"", "notify[0].user-env", ["a password needs a user"]),
    ]

    @Test(arguments: mistakes)
    func mistakesAreNamedWithTheirField(body: String, field: String, words: [String]) {
        do {
            _ = try BenchConfig.parse("[[notify]]\n" + body)
            Issue.record("\(body) should be refused")
        } catch {
            #expect(error.field == field)
            let said = error.description + " " + (error.hint ?? "")
            for word in words { #expect(said.contains(word), "\(said)") }
        }
    }

    @Test func twoChannelsOfOneNameAreRefused() {
        #expect(throws: FormatError.self) {
            try BenchConfig.parse("[[notify]]\ntype = \"slack\"\nurl-env = \"A\"\n[[notify]]\ntype = \"slack\"\nurl-env = \"B\"")
        }
    }

    /// A webhook URL, a password or a login written where bench expects a variable's name is
    /// refused, and the error (what a terminal, a CI log would show) does not repeat it.
    @Test(arguments: [
        "type = \"slack\"\nurl = \"https://hooks.slack.com/services/T0/B0/SECRETTOKEN\"",
        "type = \"slack\"\nurl-env = \"https://hooks.slack.com/services/T0/B0/SECRETTOKEN\"",
        "type = \"webhook\"\nurl-env = \"HOOK_URL\"\nsecret-env = \"SECRETTOKEN is here\"",
        "type = \"webhook\"\nurl-env = \"HOOK_URL\"\nsecret = \"SECRETTOKEN\"",
        "type = \"email\"\nsmtp-url = \"smtp://x:25\"\nfrom = \"a@b\"\nto = \"c@d\"\npassword = \"SECRETTOKEN\"",
    ])
    func secretsInTheFileAreRefusedWithoutBeingRepeated(body: String) {
        do {
            _ = try BenchConfig.parse("[[notify]]\n" + body)
            Issue.record("\(body) should be refused")
        } catch {
            let said = error.description + " " + (error.hint ?? "")
            #expect(!said.contains("SECRETTOKEN"), "\(said)")
            #expect(said.contains("-env"), "the hint names the key that takes a variable: \(said)")
        }
    }

    @Test func aLoginInTheSMTPURLIsRefusedWithoutBeingRepeated() {
        do {
            _ = try BenchConfig.parse("[[notify]]\ntype = \"email\"\nsmtp-url = \"smtp://me:hunter2@mail.example.com\"\nfrom = \"a@b\"\nto = \"c@d\"")
            Issue.record("refused")
        } catch {
            #expect(error.field == "notify[0].smtp-url")
            #expect(!(error.description + (error.hint ?? "")).contains("hunter2"))
        }
    }
}

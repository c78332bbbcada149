import Foundation
import TOMLKit

/// Reading `[[notify]]` tables: every key checked before any value (a secret written in the
/// file is refused without being repeated), "did you mean" for a mistyped key.
extension NotifyChannel {
    static let commonKeys = ["name", "type", "on"]

    /// The keys each type takes besides `name`, `type` and `on`.
    static func keys(of kind: Kind) -> [String] {
        switch kind {
        case .slack, .discord, .teams: ["url-env"]
        case .webhook: ["url-env", "secret-env"]
        case .email: ["smtp-url", "from", "to", "subject", "user-env", "password-env", "starttls", "ca-file"]
        }
    }

    /// Keys that would put a secret in the file, and the key that names its variable instead.
    static let secretKeys = ["url": "url-env", "secret": "secret-env", "password": "password-env", "user": "user-env",
                             "webhook": "url-env", "token": "secret-env"]

    /// Parses the `[[notify]]` array of tables.
    static func parseAll(_ value: TOMLValueConvertible, file: String) throws(FormatError) -> [NotifyChannel] {
        guard let array = value.array else {
            throw FormatError(file: file, field: "notify", message: "expected an array of tables",
                              hint: "write each channel as [[notify]] with type and its keys")
        }
        var channels: [NotifyChannel] = []
        for (index, entry) in array.enumerated() {
            let channel = try parse(entry, field: "notify[\(index)]", file: file)
            if channels.contains(where: { $0.name == channel.name }) {
                throw FormatError(file: file, field: "notify[\(index)].name", message: "'\(channel.name)' is used twice",
                                  hint: "give every [[notify]] its own name, e.g. name = \"\(channel.name)-2\"")
            }
            channels.append(channel)
        }
        return channels
    }

    static func parse(_ value: TOMLValueConvertible, field: String, file: String) throws(FormatError) -> NotifyChannel {
        guard let table = value.table else { throw FormatError(file: file, field: field, message: "expected a table") }
        func fail(_ key: String, _ message: String, hint: String? = nil) -> FormatError {
            FormatError(file: file, field: "\(field).\(key)", message: message, hint: hint)
        }
        let types = Kind.allCases.map(\.rawValue)
        guard let typeValue = table["type"] else {
            throw fail("type", "is missing", hint: "say where it goes: type = one of " + types.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        guard let typeName = typeValue.string, let kind = Kind(rawValue: typeName) else {
            let typed = typeValue.string ?? ""
            throw fail("type", "unknown type '\(typed)'", hint: Suggestion.didYouMean(typed, among: types) + "use one of: " + types.joined(separator: ", "))
        }
        // Every key is checked before any value: a secret written in the file is refused
        // without repeating it.
        let allowed = commonKeys + keys(of: kind)
        var present: [String] = []
        for (key, _) in table { present.append(key) }
        for key in present.sorted() where !allowed.contains(key) {
            if let instead = secretKeys[key] {
                throw fail(key, "secrets are not written in bench.toml",
                           hint: "put it in an environment variable and name that: \(instead) = \"\(Self.exampleVariable(instead, kind))\"")
            }
            let elsewhere = Kind.allCases.filter { keys(of: $0).contains(key) }.map(\.rawValue)
            throw fail(key, elsewhere.isEmpty ? "unknown key" : "not a key of a \"\(kind.rawValue)\" channel",
                       hint: Suggestion.didYouMean(key, among: allowed) + "a \"\(kind.rawValue)\" channel takes " + allowed.joined(separator: ", "))
        }
        func string(_ key: String) throws(FormatError) -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail(key, "expected a non-empty string", hint: "quote the value")
            }
            return text
        }
        func variable(_ key: String) throws(FormatError) -> String? {
            guard let value = table[key] else { return nil }
            // Never echo the value: it may be the secret itself, written where its name belongs.
            guard let name = value.string, Self.isVariableName(name) else {
                throw fail(key, "expected the name of an environment variable (letters, digits and _)",
                           hint: "write the variable's name, not its value: \(key) = \"\(Self.exampleVariable(key, kind))\"")
            }
            return name
        }
        var channel = NotifyChannel(name: try string("name") ?? kind.rawValue, kind: kind)
        do { try Names.validate(channel.name, field: field + ".name") } catch { throw error.inFile(file) }
        if let on = table["on"] {
            let names = AlertNotice.Event.allCases.map(\.rawValue)
            let hint = "write on = [\"opened\"] or on = [\"opened\", \"resolved\"]"
            guard let list = on.array, !list.isEmpty else { throw fail("on", "expected a list of events", hint: hint) }
            var events: Set<AlertNotice.Event> = []
            for item in list {
                guard let text = item.string, let event = AlertNotice.Event(rawValue: text) else {
                    let typed = item.string ?? ""
                    throw fail("on", "unknown event '\(typed)'", hint: Suggestion.didYouMean(typed, among: names) + hint)
                }
                events.insert(event)
            }
            channel.events = events
        }
        channel.urlVariable = try variable("url-env")
        channel.secretVariable = try variable("secret-env")
        channel.userVariable = try variable("user-env")
        channel.passwordVariable = try variable("password-env")
        switch kind {
        case .slack, .discord, .teams, .webhook:
            guard channel.urlVariable != nil else {
                throw fail("url-env", "is missing",
                           hint: "name the environment variable that holds the webhook's URL: url-env = \"\(exampleVariable("url-env", kind))\"")
            }
            if kind == .webhook, channel.secretVariable == nil {
                throw fail("secret-env", "is missing",
                           hint: "name the environment variable that holds the signing secret: secret-env = \"BENCH_WEBHOOK_SECRET\"")
            }
        case .email:
            try parseEmail(&channel, table: table, string: string, fail: fail)
        }
        return channel
    }

    private static func parseEmail(_ channel: inout NotifyChannel, table: TOMLTable,
                                   string: (String) throws(FormatError) -> String?,
                                   fail: (String, String, String?) -> FormatError) throws(FormatError) {
        guard let url = try string("smtp-url") else {
            throw fail("smtp-url", "is missing", "give the mail server: smtp-url = \"smtp://mail.example.com:587\"")
        }
        let lowered = url.lowercased()
        guard lowered.hasPrefix("smtp://") || lowered.hasPrefix("smtps://") else {
            throw fail("smtp-url", "expected an smtp:// or smtps:// URL", "e.g. smtp-url = \"smtp://mail.example.com:587\"")
        }
        let authority = url.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "/" }
        if authority.contains("@") {
            // The login would be a secret in the file; say so without repeating the URL.
            throw fail("smtp-url", "holds a login", "put the login in user-env and password-env, and only the host and port in smtp-url")
        }
        channel.smtpURL = url
        guard let from = try string("from") else {
            throw fail("from", "is missing", "give the sender: from = \"bench@example.com\"")
        }
        guard isAddress(from) else { throw fail("from", "expected a mail address such as bench@example.com", nil) }
        channel.from = from
        let recipients: [String]
        if let single = table["to"]?.string {
            recipients = [single]
        } else if let list = table["to"]?.array {
            recipients = list.compactMap(\.string)
            guard recipients.count == list.count else { throw fail("to", "expected mail addresses", "to = [\"team@example.com\"]") }
        } else {
            throw fail("to", table["to"] == nil ? "is missing" : "expected a mail address or a list of them", "to = [\"team@example.com\"]")
        }
        guard !recipients.isEmpty else { throw fail("to", "is empty", "to = [\"team@example.com\"]") }
        for address in recipients where !isAddress(address) {
            throw fail("to", "'\(address)' is not a mail address", "to = [\"team@example.com\"]")
        }
        channel.to = recipients
        if let subject = try string("subject") {
            for placeholder in placeholders(in: subject) where !subjectPlaceholders.contains(placeholder) {
                throw fail("subject", "unknown placeholder {\(placeholder)}",
                           Suggestion.didYouMean(placeholder, among: subjectPlaceholders) + "use " + subjectPlaceholders.map { "{\($0)}" }.joined(separator: ", "))
            }
            channel.subject = subject
        }
        if let tls = try string("starttls") {
            guard let parsed = StartTLS(rawValue: tls) else {
                throw fail("starttls", "expected \"auto\" or \"required\"", Suggestion.didYouMean(tls, among: StartTLS.allCases.map(\.rawValue)))
            }
            channel.startTLS = parsed
        }
        channel.caFile = try string("ca-file")
        if channel.passwordVariable != nil, channel.userVariable == nil {
            throw fail("user-env", "is missing", "a password needs a user: user-env = \"SMTP_USER\"")
        }
    }

    /// The `{name}`s of a subject template.
    static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// `NAME`, `SLACK_WEBHOOK_URL`: what a shell accepts as a variable name.
    static func isVariableName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return text.count <= 200 && text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    /// `local@domain`, with nothing a mail header or an SMTP command could be broken by.
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && text.count <= 254
            && text.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 && !"<>,;\"()[]\\".unicodeScalars.contains($0) }
    }

    /// A variable name to show in a hint.
    static func exampleVariable(_ key: String, _ kind: Kind) -> String {
        switch key {
        case "url-env": "\(kind.rawValue.uppercased())_WEBHOOK_URL"
        case "secret-env": "BENCH_WEBHOOK_SECRET"
        case "user-env": "SMTP_USER"
        default: "SMTP_PASSWORD"
        }
    }
}

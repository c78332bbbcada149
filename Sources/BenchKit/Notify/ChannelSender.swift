import BenchCore
import Foundation

/// Sends one notice to one `[[notify]]` channel, now: renders the channel's message
/// (`NoticeMessage`), reads its secrets from the environment and hands the transfer to
/// libcurl. Whatever it reports has every secret taken out.
struct ChannelSender {
    let channel: NotifyChannel
    let environment: [String: String]

    /// What one attempt came to.
    enum Result: Equatable {
        /// Delivered; what the receiver said (`HTTP 200`, `SMTP 250`).
        case sent(String)
        case failed(String)
        /// Not tried: this machine cannot send on this channel (a variable unset, libcurl missing).
        case unavailable(String)
    }

    func send(_ notice: AlertNotice, key: String, date: Date = Date()) -> Result {
        let secrets = channel.variables.compactMap { environment[$0.name] }.filter { !$0.isEmpty }
        switch attempt(notice, key: key, date: date) {
        case .sent(let detail): return .sent(detail)
        case .failed(let message): return .failed(Self.redact(message, secrets: secrets))
        case .unavailable(let message): return .unavailable(Self.redact(message, secrets: secrets))
        }
    }

    /// The value of a variable the channel names, or why it cannot be had.
    private func value(_ variable: String?) -> (text: String?, problem: String?) {
        guard let variable else { return (nil, nil) }
        guard let text = environment[variable], !text.isEmpty else { return (nil, "\(variable) is not set") }
        return (text, nil)
    }

    private func attempt(_ notice: AlertNotice, key: String, date: Date) -> Result {
        if let missing = channel.variables.first(where: { (environment[$0.name] ?? "").isEmpty }) {
            return .unavailable("\(missing.name) is not set (\(missing.key) of [[notify]] \"\(channel.name)\")")
        }
        if let problem = CurlTransfer.loadError { return .unavailable(problem) }
        do throws(TransferError) {
            switch channel.kind {
            case .slack, .discord, .teams, .webhook:
                guard let url = value(channel.urlVariable).text else { return .unavailable("no url-env") }
                let request: WebhookRequest = switch channel.kind {
                case .slack: NoticeMessage.slack(notice)
                case .discord: NoticeMessage.discord(notice)
                case .teams: NoticeMessage.teams(notice)
                default: NoticeMessage.webhook(notice, secret: value(channel.secretVariable).text ?? "", delivery: key)
                }
                let reply = try CurlTransfer.post(url, headers: request.headers, body: request.body)
                guard (200..<300).contains(reply.status) else {
                    let said = reply.body.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)
                    return .failed("HTTP \(reply.status)" + (said.isEmpty ? "" : ": \(said)"))
                }
                return .sent("HTTP \(reply.status)")
            case .email:
                let message = NoticeMessage.email(notice, from: channel.from ?? "", to: channel.to, subject: channel.subject,
                                                  date: date, messageID: "\(key)@bench")
                let mail = CurlTransfer.Mail(from: channel.from ?? "", to: channel.to, user: value(channel.userVariable).text,
                                             password: value(channel.passwordVariable).text,
                                             // A login never crosses the network in clear: with a password, TLS is required.
                                             requireTLS: channel.startTLS == .required || channel.passwordVariable != nil,
                                             caFile: channel.caFile)
                let reply = try CurlTransfer.mail(channel.smtpURL ?? "", mail, message: message)
                return .sent("SMTP \(reply.status)")
            }
        } catch {
            return .failed(error.message)
        }
    }

    /// `message` with every secret replaced by `***`, and of a secret URL also its path and
    /// its query and each query value (a webhook's token is in its path, a Teams workflow's
    /// signature in `sig=`).
    static func redact(_ message: String, secrets: [String]) -> String {
        var text = message
        var words = secrets
        for secret in secrets {
            guard let url = URLComponents(string: secret) else { continue }
            if url.path.count > 1 { words.append(url.path) }
            if let query = url.percentEncodedQuery, !query.isEmpty { words.append(query) }
            for item in url.queryItems ?? [] {
                if let value = item.value, !value.isEmpty { words.append(value) }
            }
            for item in url.percentEncodedQueryItems ?? [] {
                if let value = item.value, !value.isEmpty { words.append(value) }
            }
        }
        for word in words.sorted(by: { $0.count > $1.count }) where word.count >= 3 {
            text = text.replacingOccurrences(of: word, with: "***")
        }
        return text
    }
}

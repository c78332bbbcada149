import Foundation

/// The mail channel's message: RFC 5322 headers and a quoted-printable UTF-8 text body.
extension NoticeMessage {
    /// A whole mail (RFC 5322 headers, a quoted-printable UTF-8 text body, CRLF line ends),
    /// ready for SMTP's DATA.
    public static func email(_ notice: AlertNotice, from: String, to: [String], subject template: String?,
                             date: Date, messageID: String) -> String {
        let subject = self.subject(notice, template: template)
        var lines = [notice.headline + ": " + notice.subject, "",
                     "Change: " + notice.change,
                     "Commit: " + notice.commit]
        if let url = notice.dashboardURL { lines.append("Dashboard: " + url) }
        if let bisect = notice.bisectCommand { lines += ["", "Find the commit that caused it:", "    " + bisect] }
        lines += ["", "-- ", "Sent by bench for alert \(notice.alertId) (\(notice.event.rawValue))."]
        let headers = [
            "From: \(from)",
            "To: \(to.joined(separator: ", "))",
            "Subject: \(encodedHeader(subject))",
            "Date: \(mailDate(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "X-Bench-Alert: \(notice.alertId)",
            "X-Bench-Event: \(notice.event.rawValue)",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + quotedPrintable(lines.joined(separator: "\n")) + "\r\n"
    }

    /// The subject, from the template (default `[bench] {summary}`), on one line.
    public static func subject(_ notice: AlertNotice, template: String?) -> String {
        var text = template ?? "[bench] {summary}"
        for (name, value) in [("summary", notice.summary), ("headline", notice.headline), ("metric", notice.metric),
                              ("series", notice.series), ("change", notice.change), ("commit", notice.commit)] {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return String(text.map { $0.isNewline ? " " : $0 })
    }

    /// A header value as RFC 2047 encoded words when it is not plain ASCII.
    static func encodedHeader(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 }) else { return text }
        // Encoded words of at most 75 characters, split between characters (never inside one).
        var words: [String] = []
        var chunk = ""
        for character in text {
            if (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?utf-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// `Thu, 26 Nov 2026 06:30:00 +0000`.
    static func mailDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// Quoted-printable (RFC 2045) of UTF-8 text: lines end in CRLF and are at most 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var encoded: [String] = []
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                let plain = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !last)
                encoded.append(plain ? String(UnicodeScalar(byte)) : "=" + String(format: "%02X", byte))
            }
            var output = "", width = 0
            for piece in encoded {
                if width + piece.count > 75 {
                    output += "=\r\n"
                    width = 0
                }
                output += piece
                width += piece.count
            }
            return output
        }.joined(separator: "\r\n")
    }
}

import Foundation

/// What a browser would request from a page: each link, and each GET form submitted as it
/// stands, as the path and query a browser sends (dot segments resolved, fields
/// form-encoded). Regular expressions over the dashboard's own HTML, which is regular.
enum PageScraper {
    /// The same-origin targets of the page's links and GET forms.
    static func requests(in page: String) -> [String] {
        links(in: page) + forms(in: page)
    }

    static func links(in page: String) -> [String] {
        matches(#"<a [^>]*href="([^"]*)""#, in: page).map { unescape($0[1]) }.filter(sameOrigin).map(browserPath)
    }

    /// Every GET form, submitted with its hidden and text fields, ticked boxes and selected
    /// options (or the first).
    static func forms(in page: String) -> [String] {
        matches(#"<form method="get" action="([^"]*)"[^>]*>(.*?)</form>"#, in: page).map { form in
            var fields: [(String, String)] = []
            for input in matches(#"<input ([^>]*)>"#, in: form[2]) {
                let attributes = self.attributes(input[1])
                guard let name = attributes["name"] else { continue }
                if attributes["type"] == "checkbox" && attributes["checked"] == nil { continue }
                fields.append((name, attributes["value"] ?? ""))
            }
            for select in matches(#"<select name="([^"]*)">(.*?)</select>"#, in: form[2]) {
                let options = matches(#"<option([^>]*)>([^<]*)</option>"#, in: select[2])
                guard let chosen = options.first(where: { $0[1].contains(" selected") }) ?? options.first else { continue }
                fields.append((unescape(select[1]), attributes(chosen[1])["value"] ?? unescape(chosen[2])))
            }
            let query = fields.map { formEncoded($0.0) + "=" + formEncoded($0.1) }.joined(separator: "&")
            return browserPath(unescape(form[1])) + "?" + query
        }
    }

    /// The data-* attributes of the write buttons with `action`, one dictionary per button.
    static func writeButtons(in page: String, action: String) -> [[String: String]] {
        matches(#"<button class="bench-write" ([^>]*)>"#, in: page).map { attributes($0[1]) }.filter { $0["data-action"] == action }
    }

    /// `application/x-www-form-urlencoded` as browsers write it: a space is `+`, and all but
    /// letters, digits and `*-._` are percent-encoded UTF-8.
    static func formEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case 0x20: out += "+"
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2A, 0x2D, 0x2E, 0x5F: out.append(Character(UnicodeScalar(byte)))
            default: out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// A URL's path with `.` and `..` segments resolved as a browser does (also written
    /// `%2e`), and its query kept.
    static func browserPath(_ href: String) -> String {
        let parts = href.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var segments: [Substring] = []
        let raw = parts[0].split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in raw.enumerated() {
            let last = index == raw.count - 1
            switch segment.lowercased() {
            case ".", "%2e":
                if last { segments.append("") }
            case "..", ".%2e", "%2e.", "%2e%2e":
                if !segments.isEmpty { segments.removeLast() }
                if last { segments.append("") }
            default:
                segments.append(segment)
            }
        }
        return "/" + segments.joined(separator: "/") + (parts.count > 1 ? "?" + parts[1] : "")
    }

    /// What the dashboard's escaping makes of text, for finding it in a page.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// `name="value"` pairs (and bare names, with an empty value), unescaped.
    static func attributes(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for match in matches(#"([a-z-]+)(?:="([^"]*)")?"#, in: text) { result[match[1]] = unescape(match[2]) }
        return result
    }

    private static func sameOrigin(_ href: String) -> Bool {
        href.hasPrefix("/") && !href.hasPrefix("//")
    }

    /// Each match's groups (0: the whole match; "" for a group that did not take part).
    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let string = text as NSString
        return expression.matches(in: text, range: NSRange(location: 0, length: string.length)).map { match in
            (0..<match.numberOfRanges).map { match.range(at: $0).location == NSNotFound ? "" : string.substring(with: match.range(at: $0)) }
        }
    }
}

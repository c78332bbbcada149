import BenchCore
import Foundation

/// HTML building: every stored string goes through `escape` wherever it appears.
enum HTML {
    /// Escapes text for element content and attribute values alike.
    static func escape(_ text: String) -> String {
        // Most text has nothing to escape: say so after one pass over its bytes.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A query-string or path component, percent-encoded: everything but ASCII letters,
    /// digits and `-._~` (a non-ASCII letter too, as UTF-8 bytes).
    static func component(_ text: String) -> String {
        // A sha and most names need nothing: say so after one pass over the bytes.
        let plain = text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
        }
        return plain ? text : text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// An inline script; its text must be one of `SecurityHeaders.scripts`, or the browser
    /// will not run it.
    static func script(_ code: String) -> String { "<script>\(code)</script>" }

    static let views: [(path: String, title: String)] = [
        ("/", "Current"), ("/trends", "Trends"), ("/compare", "Comparison"), ("/regressions", "Regressions"), ("/commits", "Commits"),
    ]

    /// The pages' one style sheet (the Content-Security-Policy allows it by its hash, and no
    /// `style` attribute): a class per chart colour (`line0`…) for the legends.
    static let styleSheet = """

    body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f7f8fa; }
    header { background: #1d2330; color: #fff; padding: 10px 24px; display: flex; gap: 18px; align-items: center; }
    header a { color: #c9d1e0; text-decoration: none; } header a.active, header a:hover { color: #fff; font-weight: 600; }
    main { padding: 18px 24px; } h1 { font-size: 20px; margin: 0 0 12px; }
    table { border-collapse: collapse; background: #fff; margin: 8px 0 18px; } th, td { padding: 5px 10px; border-bottom: 1px solid #e3e6ec; text-align: left; }
    th { background: #eef1f5; font-weight: 600; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
    .badge { font-size: 11px; padding: 1px 6px; border-radius: 8px; margin-right: 4px; background: #e3e6ec; }
    .current { background: #d6f5dd; } .baseline { background: #dde7ff; } .inactive { background: #eee; color: #777; }
    .regressed { color: #b3261e; font-weight: 600; } .improved { color: #1f7a35; } .inconclusive { color: #8a6100; }
    .cards { display: flex; flex-wrap: wrap; gap: 12px; } .card { background: #fff; border: 1px solid #e3e6ec; border-radius: 6px; padding: 10px 14px; min-width: 220px; }
    .side { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
    .card h2 { font-size: 15px; margin: 0 0 6px; } .muted { color: #6b7385; } code { background: #eef1f5; padding: 1px 4px; border-radius: 3px; }
    svg { background: #fff; border: 1px solid #e3e6ec; } button[disabled] { opacity: .5; }

    """ + Theme.styleSheet + Charts.palette.enumerated().map { ".line\($0.offset) { color: \($0.element); }" }.joined(separator: " ") + "\n"

    /// A whole page: navigation, the body, the style sheet. Nothing external.
    static func page(title: String, active: String, refresh: Int?, body: String,
                     links: [(path: String, title: String)] = views) -> String {
        let navigation = links.map { view in
            "<a href=\"\(view.path)\"\(view.path == active ? " class=\"active\"" : "")>\(escape(view.title))</a>"
        }.joined(separator: " ")
        let refreshTag = refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? ""
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>\(escape(title)) · bench</title>\(refreshTag)
        <style>\(styleSheet)</style></head>
        <body><header><strong>bench</strong> \(navigation)</header><main>
        <h1>\(escape(title))</h1>
        \(body)
        </main></body></html>
        """
    }

    /// A table from headers and rows of already-escaped cells.
    static func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = []) -> String {
        let head = "<tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        let body = rows.map { row in
            "<tr>" + row.enumerated().map { index, cell in numeric.contains(index) ? "<td class=\"num\">\(cell)</td>" : "<td>\(cell)</td>" }.joined() + "</tr>"
        }.joined(separator: "\n")
        return "<table>\n\(head)\n\(body)\n</table>"
    }

    /// A wide table in a box that scrolls sideways, so the page still fits half a screen.
    static func scrolling(_ table: String) -> String { "<div class=\"scroll\">\(table)</div>" }

    /// `0.895`, `412 ms`, with its unit as `Units.describe` writes it.
    static func number(_ value: Double, unit: String? = nil, metric: String? = nil) -> String {
        escape(Units.describe(value, unit: unit, metric: metric))
    }

    /// A snapshot's metrics as `name=value` pairs on one line.
    static func figures(_ snapshot: Snapshot) -> String {
        snapshot.metrics.map { "\(escape($0.name))=\(number($0.metric.value, unit: $0.metric.unit, metric: $0.name))" }.joined(separator: " ")
    }

    /// The CURRENT, BASELINE and INACTIVE badges of a snapshot.
    static func badges(_ snapshot: Snapshot) -> String {
        var badges: [String] = []
        if snapshot.isCurrent { badges.append("<span class=\"badge current\">CURRENT</span>") }
        if snapshot.isBaseline { badges.append("<span class=\"badge baseline\">BASELINE</span>") }
        if !snapshot.isActive { badges.append("<span class=\"badge inactive\" title=\"\(escape(snapshot.inactiveReason ?? ""))\">INACTIVE</span>") }
        return badges.joined()
    }
}

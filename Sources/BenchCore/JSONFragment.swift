import Foundation

/// Pieces of JSON written by hand exactly as `JSONEncoder` writes them (slashes unescaped),
/// for the few outputs too long to go through the encoder value by value: a history of
/// 20,000 versions on the command line, a chart's 20,000 points in the dashboard's API.
public enum JSONFragment {
    /// A string literal: plain text as it is, anything to escape through the encoder itself.
    public static func string(_ text: String) -> String {
        if isPlain(text) { return "\"" + text + "\"" }
        return encoded(text)
    }

    /// Whether the text needs no escape in a JSON string (no control character, quote or
    /// backslash).
    public static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }
    }

    /// A number as `JSONEncoder` writes a `Double`: its shortest description, without a
    /// trailing ".0".
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return encoded(value) }
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// An empty array (`open` "[") or object ("{") as the encoder pretty-prints it at `depth`:
    /// it opens a line and closes it at the depth's indent.
    public static func emptyPretty(_ open: Character, depth: Int) -> String {
        "\(open)\n\n" + String(repeating: "  ", count: depth) + (open == "[" ? "]" : "}")
    }

    /// One value alone, through the encoder: compact, keys sorted, slashes as they are.
    public static func encoded<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode([value]) else { return "null" }
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}

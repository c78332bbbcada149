import Foundation

/// The one way bench writes and reads times: ISO 8601 in UTC with milliseconds,
/// which sorts as text in SQLite.
public enum Timestamp {
    /// `2026-11-22T10:00:00.000Z`.
    public static func format(_ date: Date) -> String {
        // Rounded to the millisecond by hand: the format style truncates, so a time read back
        // from text could print one millisecond early.
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let whole = Date(timeIntervalSince1970: TimeInterval(fraction < 0 ? seconds - 1 : seconds))
        let text = whole.formatted(Date.ISO8601FormatStyle())
        return String(text.dropLast()) + String(format: ".%03dZ", fraction < 0 ? fraction + 1000 : fraction)
    }

    /// Reads ISO 8601 with or without fractional seconds, or a plain date (`2026-11-22`,
    /// taken as midnight UTC).
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle().year().month().day().parse(text) { return date }
        return nil
    }

    /// `2026-11-22 10:00` in UTC, for tables.
    public static func short(_ date: Date) -> String {
        String(format(date).prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}

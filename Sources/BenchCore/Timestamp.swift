import Foundation

/// The one way bench writes and reads times: ISO 8601 in UTC with milliseconds,
/// which sorts as text in SQLite.
public enum Timestamp {
    /// `2026-11-22T10:00:00.000Z`.
    public static func format(_ date: Date) -> String {
        // Rounded to the millisecond, and written by hand: the format styles truncate (a time
        // read back from text could print one millisecond early) and cost microseconds each.
        let (seconds, fraction) = floorDivision(milliseconds(date), 1000)
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        // Proleptic Gregorian date of a day count (H. Hinnant's civil_from_days).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (0...9999).contains(year) else {
            func padded(_ value: Int64, _ width: Int) -> String {
                let digits = String(value)
                return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
            }
            return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))T\(padded(secondOfDay / 3600, 2)):"
                + "\(padded(secondOfDay / 60 % 60, 2)):\(padded(secondOfDay % 60, 2)).\(padded(fraction, 3))Z"
        }
        // A four-digit year (every date bench meets): the 24 bytes written in place, one
        // allocation instead of a string per field (a history of 20,000 versions formats
        // 40,000 times).
        return String(unsafeUninitializedCapacity: 24) { bytes in
            func put(_ value: Int64, _ width: Int, at offset: Int) {
                var rest = value
                for place in stride(from: offset + width - 1, through: offset, by: -1) {
                    bytes[place] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
                    rest /= 10
                }
            }
            put(year, 4, at: 0); bytes[4] = 0x2D; put(month, 2, at: 5); bytes[7] = 0x2D; put(day, 2, at: 8)
            bytes[10] = 0x54; put(secondOfDay / 3600, 2, at: 11); bytes[13] = 0x3A; put(secondOfDay / 60 % 60, 2, at: 14)
            bytes[16] = 0x3A; put(secondOfDay % 60, 2, at: 17); bytes[19] = 0x2E; put(fraction, 3, at: 20); bytes[23] = 0x5A
            return 24
        }
    }

    /// The time as `format` rounds it: milliseconds since 1970.
    private static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// The day `format` writes for the time, as days since 1970-01-01: days compare and count
    /// without the text (a chart's runs per day over 120,000 points).
    public static func day(of date: Date) -> Int64 { floorDivision(milliseconds(date), 86_400_000).0 }

    /// Midnight UTC of a day counted by `day(of:)`.
    public static func start(ofDay day: Int64) -> Date { Date(timeIntervalSince1970: Double(day) * 86_400) }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// Reads ISO 8601 with or without fractional seconds, or a plain date (`2026-11-22`,
    /// taken as midnight UTC).
    public static func parse(_ text: String) -> Date? {
        if let date = parseCanonical(text) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle().year().month().day().parse(text) { return date }
        return nil
    }

    /// `2026-11-22 10:00` in UTC, for tables.
    public static func short(_ date: Date) -> String {
        let text = format(date)
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5)
    }

    /// The format bench writes (`2026-11-22T10:00:00.000Z`, or without the milliseconds), read
    /// by hand: a store read parses two or three times per snapshot, an import once per result,
    /// and the format styles cost microseconds each.
    public static func parseCanonical(_ text: String) -> Date? {
        var text = text
        return text.withUTF8(parseCanonical(bytes:))
    }

    /// `parseCanonical` over UTF-8 read in place (a string's, or a database's column).
    public static func parseCanonical(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        // Also without the milliseconds (`2026-11-22T10:00:00Z`), as most tools write UTC.
        let whole = bytes.count == 20 && bytes[19] == 0x5A
        guard whole || (bytes.count == 24 && bytes[19] == 0x2E && bytes[23] == 0x5A), bytes[4] == 0x2D, bytes[7] == 0x2D,
              bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 0x30
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), let millisecond = whole ? 0 : number(20..<23),
              (1...12).contains(month), hour < 24, minute < 60, second < 60 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let length = switch month {
        case 2: leap ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
        guard (1...length).contains(day) else { return nil }
        // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(millisecond) / 1000)
    }
}

import Foundation

/// Reads a timeout such as `"30s"`, `"10m"`, `"1h"` or `"1500ms"` (or a plain number of
/// seconds) into seconds; nil for anything else: zero, negatives and more than `maximum`.
public enum TimeoutParser {
    /// The longest timeout, a year: longer ones are typos, and from about 584 years on
    /// a deadline in nanoseconds no longer fits 64 bits.
    public static let maximum: Double = 365 * 86_400

    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(suffix: String, factor: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        let unit = units.first { trimmed.hasSuffix($0.suffix) } ?? ("", 1)
        guard let number = Double(trimmed.dropLast(unit.suffix.count)), number > 0 else { return nil }
        return accepted(number * unit.factor)
    }

    /// The seconds when they are a usable timeout (finite, above zero, at most `maximum`).
    public static func accepted(_ seconds: Double) -> Double? {
        seconds.isFinite && seconds > 0 && seconds <= maximum ? seconds : nil
    }

    /// `1h`, `10m`, `30s`, `1.5s`: the shortest way to say it back.
    public static func describe(_ exact: Double) -> String {
        let seconds = exact >= 10 ? exact.rounded() : (exact * 10).rounded() / 10
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600))h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))m" }
        if seconds == seconds.rounded() { return "\(Int(seconds))s" }
        return "\(seconds)s"
    }
}

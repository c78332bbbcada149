import Foundation

/// Reads a timeout such as `"30s"`, `"10m"`, `"1h"` or `"1500ms"` (or a plain number of
/// seconds) into seconds; nil for anything else, zero and negatives included.
public enum TimeoutParser {
    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(suffix: String, factor: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            guard let number = Double(trimmed.dropLast(unit.suffix.count)), number.isFinite, number > 0 else { return nil }
            return number * unit.factor
        }
        guard let number = Double(trimmed), number.isFinite, number > 0 else { return nil }
        return number
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

import Foundation

/// Units as bench stores and shows them: one spelling per unit (`ns`, `µs`, `ms`, `s`,
/// `B`, `ops/s`), and times shown at the scale that reads best (`69.7 µs`).
public enum Units {
    /// Seconds in one of each time unit.
    static let seconds: [String: Double] = ["ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1]

    /// Other spellings the tools write, by the one bench keeps.
    static let spellings: [String: [String]] = [
        "ns": ["nanoseconds", "nanosecond", "nsec", "ns/op", "ns/iter"],
        "µs": ["us", "μs", "usec", "microseconds", "microsecond", "us/op", "µs/op", "μs/op"],
        "ms": ["milliseconds", "millisecond", "msec", "ms/op"],
        "s": ["sec", "secs", "second", "seconds", "s/op"],
        "B": ["byte", "bytes"],
        "ops/s": ["ops/sec", "op/s", "ops/second", "operations/s"],
    ]

    static let canonical: [String: String] = {
        var map: [String: String] = [:]
        for (unit, others) in spellings { for other in others { map[other] = unit } }
        return map
    }()

    /// The one spelling of `unit` (`us` → `µs`, `second` → `s`, `ops/sec` → `ops/s`);
    /// a unit bench does not know stays as written.
    public static func normalised(_ unit: String) -> String {
        canonical[unit] ?? canonical[unit.lowercased()] ?? unit
    }

    /// Whether `unit` is a time bench can scale.
    public static func isTime(_ unit: String?) -> Bool { unit.map { seconds[$0] != nil } ?? false }

    /// A figure with its unit for people: times at the scale that reads best, to three
    /// significant digits (`69.7 µs`, `1.23 s`); other units after a space (`30 B`, `0.9%`);
    /// no unit when the metric's name already says it (`ns/op=87014`, `MB/s=433.49`).
    public static func describe(_ value: Double, unit: String?, metric: String? = nil) -> String {
        guard let unit, !unit.isEmpty else { return Figures.number(value) }
        if let metric, metric == unit || metric.hasPrefix(unit + "/") { return Figures.number(value) }
        if let scale = seconds[unit], value.isFinite, value != 0 {
            let inSeconds = value * scale
            let magnitude = abs(inSeconds)
            // 999.96 µs rounds to 1000: it reads as 1 ms.
            let shown = magnitude < 0.9995e-6 ? "ns" : magnitude < 0.9995e-3 ? "µs" : magnitude < 0.9995 ? "ms" : "s"
            let scaled = inSeconds / seconds[shown]!
            return (abs(scaled) >= 999.5 ? Figures.number(scaled.rounded()) : Figures.formatted(scaled, "%.3g")) + " " + shown
        }
        return Figures.number(value) + (unit == "%" ? "%" : " " + unit)
    }
}

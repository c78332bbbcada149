import BenchCore

/// A sparkline: a series' recent values of one metric as a small line, no axes, no points,
/// a few hundred bytes, so a table of a thousand rows can carry one per metric.
enum Sparkline {
    /// How many recent versions a sparkline draws.
    static let length = 16
    static let width = 64, height = 18

    /// The values as a line (oldest first); nothing for fewer than two.
    static func svg(_ values: [Double]) -> String {
        guard values.count >= 2, let low = values.min(), let high = values.max() else { return "" }
        let span = high - low
        func x(_ index: Int) -> Double { 2 + Double(index) * Double(width - 4) / Double(values.count - 1) }
        func y(_ value: Double) -> Double { span == 0 ? Double(height) / 2 : 2 + (high - value) / span * Double(height - 4) }
        let path = values.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(Charts.coordinate(x($0.offset))),\(Charts.coordinate(y($0.element)))" }.joined()
        // No title, no dot: a thousand rows carry two of these each; the value is beside it.
        return "<svg class=\"spark\" viewBox=\"0 0 \(width) \(height)\" aria-hidden=\"true\"><path d=\"\(path)\"/></svg>"
    }
}

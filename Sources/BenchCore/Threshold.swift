import Foundation

/// How far a metric may move the wrong way before it counts as a regression:
/// relative (`"5%"`, or a fraction such as `0.05`).
public struct Threshold: Sendable, Equatable, CustomStringConvertible {
    /// The allowed change as a fraction of the baseline (0.05 for 5%).
    public var fraction: Double

    public init(fraction: Double) { self.fraction = fraction }

    /// The seeds' rule: 5%.
    public static let `default` = Threshold(fraction: 0.05)

    /// Reads `"5%"`, `"0.5%"` or `"0.05"`; nil for anything else, negative values included.
    public static func parse(_ text: String) -> Threshold? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard let percent = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)),
                  percent.isFinite, percent >= 0 else { return nil }
            return Threshold(fraction: percent / 100)
        }
        guard let fraction = Double(trimmed), fraction.isFinite, fraction >= 0 else { return nil }
        return Threshold(fraction: fraction)
    }

    public var description: String {
        let percent = fraction * 100
        // Whole numbers print without ".0", as long as they fit an Int (not 1e300).
        return percent == percent.rounded() && abs(percent) < 1e15 ? "\(Int(percent))%" : "\(percent)%"
    }
}

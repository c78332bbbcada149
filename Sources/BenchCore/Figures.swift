import Foundation

/// How figures and commits read for people (tables, reports, pages): one place for every front.
public enum Figures {
    /// Up to six significant digits: `0.895`, `412`, `0.0042`.
    public static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e12 { return String(Int64(value)) }
        // %.6g by hand where it writes plain decimals (String(format:) costs microseconds and a
        // page can show thousands): round to six significant digits; the shortest text of the
        // rounded double is then those digits.
        if value.isFinite, value != 0 {
            let magnitude = Int(log10(abs(value)).rounded(.down))
            if (-4...5).contains(magnitude) {
                let scale = pow(10.0, Double(5 - magnitude))
                let scaled = value * scale
                let rounded = scaled.rounded() / scale
                // Leave to %g what it rounds from the exact binary value: halfway cases (the
                // multiplication may have rounded them), and carries into the next power of ten.
                let halfway = abs(abs(scaled - scaled.rounded(.towardZero)) - 0.5) < 1e-6
                if !halfway && Int(log10(abs(rounded)).rounded(.down)) == magnitude {
                    return rounded == rounded.rounded() ? String(Int64(rounded)) : "\(rounded)"
                }
            }
        }
        return formatted(value, "%.6g")
    }

    /// `String(format: format, value)` for a format of one double, written by the C library
    /// (`vsnprintf`, in the C locale bench never changes) instead of Foundation's formatter,
    /// which costs microseconds a call: a check's report formats a few per metric.
    public static func formatted(_ value: Double, _ format: String) -> String {
        var capacity = 64
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let length = withVaList([value]) { vsnprintf(&buffer, capacity, format, $0) }
            guard length >= 0 else { return String(format: format, value) }
            if Int(length) < capacity { return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
            capacity = Int(length) + 1
        }
    }

    /// A sha's first 7 characters, as `git log --oneline` shows it.
    public static func short(_ sha: String) -> String { String(sha.prefix(7)) }

    /// A signed percentage with one decimal, `+2.3%`, `-10.0%`: every front writes changes so.
    public static func percent(_ value: Double) -> String { formatted(value, "%+.1f%%") }

    /// How far `after` moved from `before`, in percent of `before`; nil when `before` is 0.
    public static func percentChange(from before: Double, to after: Double) -> Double? {
        before == 0 ? nil : (after - before) / abs(before) * 100
    }

    /// A p-value to three significant digits; tiny ones as "< 1e-12", never 0.
    public static func pValue(_ p: Double) -> String {
        p < 1e-12 ? "< 1e-12" : formatted(p, "%.3g")
    }
}

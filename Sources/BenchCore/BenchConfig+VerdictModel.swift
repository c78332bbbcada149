import TOMLKit

extension BenchConfig {
    /// The verdict model keys of a metric table: `model`, `window`, `min-runs`, `confidence`,
    /// `min-change`, `max-age`, `multiplier`, `lower`, `upper`.
    static func modelSettings(_ table: TOMLTable, field: String, file: String) throws(FormatError) -> VerdictModel.Settings {
        var settings = VerdictModel.Settings()
        func fail(_ key: String, _ message: String) -> FormatError {
            FormatError(file: file, field: "\(field).\(key)", message: message)
        }
        func number(_ key: String) -> Double? { table[key].flatMap { $0.double ?? $0.int.map(Double.init) } }
        func fraction(_ key: String) -> Double? {
            table[key].flatMap { $0.string.flatMap(Threshold.parse)?.fraction ?? $0.double ?? $0.int.map(Double.init) }
        }
        if let kind = table["model"] {
            guard let text = kind.string, let parsed = VerdictModel.Kind(rawValue: text) else {
                throw fail("model", "expected one of: " + VerdictModel.Kind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
            }
            settings.kind = parsed
        }
        if table["window"] != nil {
            guard let count = table["window"]?.int, (2...10_000).contains(count) else { throw fail("window", "expected a whole number from 2 to 10000") }
            settings.window = count
        }
        if table["min-runs"] != nil {
            guard let count = table["min-runs"]?.int, (2...10_000).contains(count) else { throw fail("min-runs", "expected a whole number from 2 to 10000") }
            settings.minRuns = count
        }
        if table["confidence"] != nil {
            guard let value = fraction("confidence"), value >= 0.5, value < 1 else {
                throw fail("confidence", "expected a confidence from 50% to below 100%, such as \"99%\" or 0.99")
            }
            settings.confidence = value
        }
        if table["min-change"] != nil {
            guard let value = fraction("min-change"), value >= 0, value < 10 else { throw fail("min-change", "expected a percentage such as \"1%\"") }
            settings.minChange = value
        }
        if let age = table["max-age"] {
            guard let seconds = age.string.flatMap(TimeoutParser.seconds) else { throw fail("max-age", "expected a duration such as \"90d\" or \"12h\"") }
            settings.maxAge = seconds
        }
        if table["multiplier"] != nil {
            guard let value = number("multiplier"), value > 0, value.isFinite else { throw fail("multiplier", "expected a positive number such as 1.5") }
            settings.multiplier = value
        }
        for key in ["lower", "upper"] where table[key] != nil {
            guard let value = number(key), value.isFinite else { throw fail(key, "expected a number") }
            if key == "lower" { settings.lower = value } else { settings.upper = value }
        }
        if settings.kind == .static && settings.lower == nil && settings.upper == nil {
            throw FormatError(file: file, field: "\(field).model", message: "a static model needs lower, upper or both",
                              hint: "e.g. { model = \"static\", upper = 120 }")
        }
        return settings
    }
}

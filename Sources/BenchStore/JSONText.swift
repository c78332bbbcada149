import BenchCore

/// Writes the small JSON documents the stores keep in text columns: the seeds' flat
/// `{"f1": 0.895}` metrics object, tag arrays and sample arrays.
public enum JSONText {
    /// A number as JSON: integral values without a fraction, others in shortest round-trip form.
    public static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A string as a JSON string literal.
    public static func string(_ text: String) -> String { JSONString.quoted(text) }

    /// `{"name": value, …}` in the metrics' order.
    public static func flatMetrics(_ metrics: [NamedMetric]) -> String {
        var text = "{"
        text.reserveCapacity(2 + metrics.count * 24)
        for (index, metric) in metrics.enumerated() {
            if index > 0 { text += ", " }
            text += string(metric.name)
            text += ": "
            text += number(metric.metric.value)
        }
        text += "}"
        return text
    }

    /// `["a", "b"]`.
    public static func strings(_ values: [String]) -> String {
        "[" + values.map(string).joined(separator: ", ") + "]"
    }

    /// `[1, 2.5]`.
    public static func numbers(_ values: [Double]) -> String {
        "[" + values.map(number).joined(separator: ", ") + "]"
    }

    /// Reads back an array of numbers or strings written above; empty on anything else.
    static func parseNumbers(_ text: String) -> [Double] {
        guard let node = try? JSONParser.parse(Array(text.utf8)), case .array(let elements) = node.value else { return [] }
        return elements.compactMap { if case .number(let value) = $0.value { value } else { nil } }
    }

    static func parseStrings(_ text: String) -> [String] {
        guard let node = try? JSONParser.parse(Array(text.utf8)), case .array(let elements) = node.value else { return [] }
        return elements.compactMap { if case .string(let value) = $0.value { value } else { nil } }
    }
}

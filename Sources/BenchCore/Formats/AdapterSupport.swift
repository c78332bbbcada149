import Foundation

/// Small reads the adapters share.
enum AdapterSupport {
    /// An attribute or field's text as a finite number.
    static func number(_ text: String?, field: String, line: Int?) throws(FormatError) -> Double {
        guard let text else { throw FormatError(line: line, field: field, message: "is missing", hint: "give the report as the tool wrote it") }
        guard let value = Double(text.replacingOccurrences(of: ",", with: "")) else {
            throw FormatError(line: line, field: field, message: "expected a number, found '\(text)'", hint: "give the report as the tool wrote it")
        }
        guard value.isFinite else { throw FormatError(line: line, field: field, message: "is not a finite number") }
        return value
    }

    /// An array of finite numbers (samples); nested arrays are flattened (JMH's forks).
    static func numbers(_ node: JSONNode, _ field: String) throws(FormatError) -> [Double] {
        var values: [Double] = []
        for (position, element) in try node.elements(field).enumerated() {
            if case .array = element.value { values += try numbers(element, "\(field)[\(position)]") } else {
                values.append(try element.finiteNumber("\(field)[\(position)]"))
            }
        }
        return values
    }

    /// `short` names unless two results share one; then each takes its `long` name.
    static func distinct(short: [String], long: [String]) -> [String] {
        Set(short).count == short.count ? short : long
    }
}

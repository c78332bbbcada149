import Foundation

/// Google Benchmark's CSV (`--benchmark_format=csv`), read into the shape of its JSON so one
/// reader serves both: a header `name,iterations,real_time,cpu_time,time_unit,…`, then one
/// row per run; aggregates are the rows whose name ends in `_mean`, `_median`, `_stddev` or `_cv`.
enum GoogleBenchmarkCSV {
    static let aggregates = ["mean", "median", "stddev", "cv"]

    static func isHeader(_ line: Substring) -> Bool {
        line.hasPrefix("name,iterations,real_time,cpu_time,time_unit")
    }

    /// The fields of one CSV line (RFC 4180 quoting: `""` inside quotes is a quote).
    static func fields(_ line: Substring) -> [String] {
        let characters = Array(line)
        var fields: [String] = []
        var current = ""
        var quoted = false
        var index = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            if quoted {
                if character != "\"" { current.append(character) }
                else if index < characters.count, characters[index] == "\"" { current.append("\""); index += 1 }
                else { quoted = false }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else if character != "\r" {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    /// The CSV as Google Benchmark's JSON document: `{"benchmarks": [...]}`.
    static func document(_ text: String) throws(FormatError) -> JSONNode {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let headerIndex = lines.firstIndex(where: isHeader) else {
            throw FormatError(message: "no CSV header (name,iterations,real_time,cpu_time,time_unit,…)",
                              hint: "give the standard output of --benchmark_format=csv")
        }
        let header = fields(lines[headerIndex])
        var entries: [JSONNode] = []
        for offset in (headerIndex + 1)..<lines.count {
            let line = lines[offset]
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let number = offset + 1
            func node(_ value: JSONNode.Value) -> JSONNode { JSONNode(value: value, line: number, column: 1) }
            let values = fields(line)
            guard values.count == header.count else {
                throw FormatError(line: number, message: "has \(values.count) fields; the header has \(header.count)",
                                  hint: "give the CSV as the tool wrote it")
            }
            var members: [(key: String, value: JSONNode)] = []
            for (key, value) in zip(header, values) where !value.isEmpty {
                switch key {
                case "name", "time_unit", "label", "error_message": members.append((key, node(.string(value))))
                case "error_occurred": members.append((key, node(.bool(value == "true"))))
                default:
                    guard let parsed = Double(value) else {
                        throw FormatError(line: number, field: key, message: "expected a number, found '\(value)'",
                                          hint: "give the CSV as the tool wrote it")
                    }
                    members.append((key, node(.number(parsed))))
                }
            }
            if case .string(let name)? = members.first(where: { $0.key == "name" })?.value.value,
               let underscore = name.lastIndex(of: "_"), aggregates.contains(String(name[name.index(after: underscore)...])) {
                members.append(("run_name", node(.string(String(name[..<underscore])))))
                members.append(("run_type", node(.string("aggregate"))))
                members.append(("aggregate_name", node(.string(String(name[name.index(after: underscore)...])))))
            }
            entries.append(node(.object(members)))
        }
        let root = JSONNode(value: .array(entries), line: headerIndex + 1, column: 1)
        return JSONNode(value: .object([("benchmarks", root)]), line: headerIndex + 1, column: 1)
    }
}

/// Tells a result format from the content: each format has marks (fields or lines its
/// output always has); the first format with every mark is the answer. Input no format
/// matches is refused with the closest one (most marks found) and what it lacked.
enum FormatDetector {
    /// One thing a format's output has, and how to say it is missing.
    struct Mark {
        var holds: Bool
        var missing: String
    }

    /// The format of `bytes`; `json` is their JSON tree when they parse as JSON (nil when not).
    static func detect(_ bytes: [UInt8], json: JSONNode?) throws(FormatError) -> ResultFormat {
        let tried = "tried " + ResultFormat.detectable.map(\.rawValue).joined(separator: ", ")
        let hint = "name the format with --format or format = \"…\" (see `bench formats`)"
        let candidates: [(ResultFormat, [Mark])]
        var isJSON = false
        if let node = json {
            candidates = jsonMarks(node)
            isJSON = true
        } else if let text = String(validating: bytes, as: UTF8.self) {
            let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
            if let first = trimmed.first, "{[".contains(first) {
                // It is meant to be JSON but does not parse: the format its keys name reports where.
                if let format = sniffJSON(text) { return format }
                _ = try JSONParser.parse(bytes)
            }
            if trimmed.first == "<" {
                if text.contains("<Catch") { return .catch2 }
                if text.contains("<testsuite") { return .junit }
                // Not a format's XML: say why it is not XML, or what it is.
                let root = try XMLReader.parse(bytes)
                throw FormatError(line: root.line, message: "XML of an unknown kind (root <\(root.name)>; \(tried))",
                                  hint: "bench reads Catch2 (<Catch2TestRun>) and JUnit (<testsuites>) XML; " + hint)
            }
            candidates = textMarks(text)
        } else {
            throw FormatError(message: "the input is neither JSON nor UTF-8 text (\(tried))", hint: "give the tool's output as it wrote it")
        }
        if let match = candidates.first(where: { $0.1.allSatisfy(\.holds) }) { return match.0 }
        let scored = candidates.map { (format: $0.0, found: $0.1.filter(\.holds).count, missing: $0.1.filter { !$0.holds }.map(\.missing)) }
        guard let closest = scored.max(by: { $0.found < $1.found }), closest.found > 0 else {
            if isJSON {
                throw FormatError(message: "JSON of no format bench reads: bench-json needs model_version and metrics (\(tried))", hint: hint)
            }
            throw FormatError(message: "no results found in the input (\(tried))",
                              hint: "check the command prints results, or " + hint)
        }
        throw FormatError(message: "no format bench reads matches the input; closest is \(closest.format.rawValue), "
                          + "but \(list(closest.missing)) \(closest.missing.count == 1 ? "is" : "are") missing",
                          hint: "if it is \(closest.format.rawValue) output, check it is complete; else " + hint)
    }

    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// The first element of a non-empty array member.
    private static func first(_ node: JSONNode?) -> JSONNode? {
        guard let node, case .array(let elements) = node.value else { return nil }
        return elements.first
    }

    private static func isObject(_ node: JSONNode?) -> Bool {
        if let node, case .object = node.value { return true }
        return false
    }

    private static func jsonMarks(_ node: JSONNode) -> [(ResultFormat, [Mark])] {
        let item: JSONNode? = if case .array(let elements) = node.value { elements.first } else { node }
        let hasBenchJSONField = item?.has("model_version") == true || item?.has("metrics") == true
        let benchmark = first(node["benchmarks"])
        let result = first(node["results"])
        let dotnet = first(node["Benchmarks"])
        var isArray = false
        if case .array = node.value { isArray = true }
        return [
            (.benchJSON, [Mark(holds: hasBenchJSONField, missing: "model_version"), Mark(holds: hasBenchJSONField, missing: "metrics")]),
            (.googleBenchmark, [Mark(holds: benchmark != nil, missing: "benchmarks"),
                                Mark(holds: benchmark.map { $0.has("real_time") || $0.has("cpu_time") || $0.has("run_name") } ?? false,
                                     missing: "benchmarks[0].real_time (or cpu_time)")]),
            (.pytestBenchmark, [Mark(holds: benchmark != nil, missing: "benchmarks"), Mark(holds: benchmark?.has("stats") ?? false, missing: "benchmarks[0].stats")]),
            (.pyperf, [Mark(holds: benchmark != nil, missing: "benchmarks"), Mark(holds: benchmark?.has("runs") ?? false, missing: "benchmarks[0].runs")]),
            (.hyperfine, [Mark(holds: result != nil, missing: "results"), Mark(holds: result?.has("command") ?? false, missing: "results[0].command")]),
            (.criterion, [Mark(holds: isObject(node["mean"]), missing: "mean"), Mark(holds: node["mean"]?["point_estimate"] != nil, missing: "mean.point_estimate")]),
            (.asv, [Mark(holds: isObject(node["results"]), missing: "results"), Mark(holds: node.has("commit_hash"), missing: "commit_hash")]),
            (.lmEval, [Mark(holds: isObject(node["results"]), missing: "results"), Mark(holds: node.has("versions"), missing: "versions")]),
            (.jmh, [Mark(holds: isArray && item?.has("benchmark") == true, missing: "[0].benchmark"),
                    Mark(holds: isArray && item?.has("primaryMetric") == true, missing: "[0].primaryMetric")]),
            (.benchmarkDotNet, [Mark(holds: dotnet != nil, missing: "Benchmarks"), Mark(holds: dotnet?.has("Method") ?? false, missing: "Benchmarks[0].Method")]),
        ]
    }

    /// Keys that only one JSON format writes, for JSON that does not parse.
    private static func sniffJSON(_ text: String) -> ResultFormat? {
        let keys: [(String, ResultFormat)] = [
            ("\"model_version\"", .benchJSON), ("\"primaryMetric\"", .jmh), ("\"HostEnvironmentInfo\"", .benchmarkDotNet),
            ("\"result_columns\"", .asv), ("\"commit_hash\"", .asv), ("\"point_estimate\"", .criterion),
            ("\"real_time\"", .googleBenchmark), ("\"stats\"", .pytestBenchmark), ("\"runs\"", .pyperf),
            ("\"command\"", .hyperfine), ("\"versions\"", .lmEval), ("\"metrics\"", .benchJSON),
        ]
        return keys.first { text.contains($0.0) }?.1
    }

    private static func textMarks(_ text: String) -> [(ResultFormat, [Mark])] {
        let lines = text.split(separator: "\n")
        return [
            (.goTest, [Mark(holds: text.contains("Benchmark"), missing: "Benchmark…"),
                       Mark(holds: lines.contains { GoTestFormat.isResultLine($0) }, missing: "a line 'BenchmarkName  N  value ns/op'")]),
            (.criterion, [Mark(holds: text.contains("bench:"), missing: "bench:"),
                          Mark(holds: lines.contains { CriterionFormat.isBencherLine($0) }, missing: "a line 'test NAME ... bench: N ns/iter (+/- M)'")]),
            (.benchmarkJS, [Mark(holds: text.contains("ops/sec"), missing: "ops/sec"),
                            Mark(holds: lines.contains { BenchmarkJSFormat.parseLine($0) != nil }, missing: "a line 'NAME x N ops/sec ±R% (K runs sampled)'")]),
            (.googleBenchmark, [Mark(holds: text.contains("real_time") || text.contains("cpu_time"), missing: "real_time"),
                                Mark(holds: lines.contains { GoogleBenchmarkFormat.isCSVHeader($0) }, missing: "the CSV header 'name,iterations,real_time,…'")]),
        ]
    }
}

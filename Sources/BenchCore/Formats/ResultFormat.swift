import Foundation

/// Every result format bench reads, with the tool that writes it.
public enum ResultFormat: String, Sendable, CaseIterable {
    case auto
    case benchJSON = "bench-json"
    case googleBenchmark = "google-benchmark"
    case pytestBenchmark = "pytest-benchmark"
    case hyperfine
    case goTest = "go-test"
    case criterion
    case time

    /// The tool whose output the format is, for `bench formats`.
    public var tool: String {
        switch self {
        case .auto: "detect the format from the content"
        case .benchJSON: "bench's own JSON (the seeds' format): {model_version, metrics}"
        case .googleBenchmark: "Google Benchmark: --benchmark_format=json or --benchmark_out=FILE"
        case .pytestBenchmark: "pytest-benchmark: --benchmark-json=FILE"
        case .hyperfine: "hyperfine: --export-json FILE"
        case .goTest: "go test -bench (text output; -benchmem adds B/op and allocs/op)"
        case .criterion: "Rust criterion: estimates.json, or --output-format bencher text"
        case .time: "built in: bench times the command itself (wall time, peak memory)"
        }
    }

    /// The formats `auto` tries, in order.
    public static let detectable: [ResultFormat] = [.benchJSON, .googleBenchmark, .pytestBenchmark, .hyperfine, .criterion, .goTest]

    /// Parses `bytes` in this format. Code benchmarks become one result per benchmark,
    /// named by it; `name` is used where the output names nothing (criterion's estimates.json).
    /// `time` has no output to parse and throws.
    public func parse(_ bytes: [UInt8], name: String? = nil) throws(FormatError) -> [BenchResult] {
        do throws(FormatError) {
            switch self {
            case .auto: return try Self.detect(bytes).parse(bytes, name: name)
            case .benchJSON: return try BenchJSONFormat.parse(bytes)
            case .googleBenchmark: return try GoogleBenchmarkFormat.parse(try JSONParser.parse(bytes))
            case .pytestBenchmark: return try PytestBenchmarkFormat.parse(try JSONParser.parse(bytes))
            case .hyperfine: return try HyperfineFormat.parse(try JSONParser.parse(bytes))
            case .goTest: return try GoTestFormat.parse(try Self.text(bytes))
            case .criterion: return try CriterionFormat.parse(bytes, name: name)
            case .time:
                throw FormatError(message: "the time format has no output to read; bench measures the command itself",
                                  hint: "use format = \"time\" in a [[benchmark]] entry of bench.toml")
            }
        } catch { throw self == .auto ? error : error.inFormat(rawValue) }
    }

    /// The bytes as UTF-8 text, or an error saying they are not.
    static func text(_ bytes: [UInt8]) throws(FormatError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FormatError(message: "the input is not UTF-8 text", hint: "give the tool's text or JSON output as it wrote it")
        }
        return text
    }

    /// Which format the content is, from its shape; errors list the formats tried.
    public static func detect(_ bytes: [UInt8]) throws(FormatError) -> ResultFormat {
        let tried = "tried " + detectable.map(\.rawValue).joined(separator: ", ")
        if let node = try? JSONParser.parse(bytes) {
            let first: JSONNode? = if case .array(let elements) = node.value { elements.first } else { node }
            if let first, first.has("model_version") || first.has("metrics") { return .benchJSON }
            if let benchmarks = node["benchmarks"], case .array(let entries) = benchmarks.value, let entry = entries.first {
                if entry.has("stats") { return .pytestBenchmark }
                if entry.has("real_time") || entry.has("run_name") || entry.has("cpu_time") { return .googleBenchmark }
            }
            if let results = node["results"], case .array(let entries) = results.value, entries.first?.has("command") == true {
                return .hyperfine
            }
            if node["mean"]?["point_estimate"] != nil { return .criterion }
            throw FormatError(message: "JSON of an unknown shape (\(tried))",
                              hint: "name the format with --format or format = \"…\" (see `bench formats`)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FormatError(message: "the input is neither JSON nor UTF-8 text (\(tried))", hint: "give the tool's output as it wrote it")
        }
        if text.split(separator: "\n").contains(where: { GoTestFormat.isResultLine($0) }) { return .goTest }
        if text.split(separator: "\n").contains(where: { CriterionFormat.isBencherLine($0) }) { return .criterion }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).first.map({ "{[".contains($0) }) == true {
            // It looks like JSON but does not parse: say where.
            do { _ = try JSONParser.parse(bytes) } catch { throw error }
        }
        throw FormatError(message: "no results found in the input (\(tried))",
                          hint: "check the command prints results, or name the format (see `bench formats`)")
    }
}

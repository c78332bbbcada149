import Foundation

/// Every result format bench reads, with the tool that writes it.
public enum ResultFormat: String, Sendable, CaseIterable, Encodable {
    case auto
    case benchJSON = "bench-json"
    case googleBenchmark = "google-benchmark"
    case pytestBenchmark = "pytest-benchmark"
    case hyperfine
    case goTest = "go-test"
    case criterion
    case catch2
    case pyperf
    case benchmarkJS = "benchmark-js"
    case junit
    case asv
    case jmh
    case benchmarkDotNet = "benchmarkdotnet"
    case lmEval = "lm-eval"
    case time

    /// The tool whose output the format is, for `bench formats`.
    public var tool: String {
        switch self {
        case .auto: "detect the format from the content (the default)"
        case .benchJSON: "bench's own JSON (the seeds' format): {model_version, metrics}"
        case .googleBenchmark: "Google Benchmark: --benchmark_format=json|csv or --benchmark_out=FILE"
        case .pytestBenchmark: "pytest-benchmark: --benchmark-json=FILE"
        case .hyperfine: "hyperfine: --export-json FILE"
        case .goTest: "go test -bench (text output; -count N pooled as samples, -benchmem adds B/op and allocs/op)"
        case .criterion: "Rust criterion: estimates.json, or --output-format bencher text"
        case .catch2: "Catch2 benchmarks: --reporter xml"
        case .pyperf: "pyperf JSON: -o FILE (every value a sample)"
        case .benchmarkJS: "benchmark.js text: \"name x 1,234 ops/sec ±0.5% (90 runs sampled)\""
        case .junit: "JUnit XML test durations: pytest --junitxml=FILE, Maven surefire, …"
        case .asv: "airspeed velocity results: .asv/results/MACHINE/COMMIT-ENV.json"
        case .jmh: "JMH: -rf json -rff FILE"
        case .benchmarkDotNet: "BenchmarkDotNet: --exporters json (the *-report-full.json)"
        case .lmEval: "lm-evaluation-harness: --output_path (results_*.json, per-task metrics with stderr)"
        case .time: "built in: bench times the command itself (wall time, peak memory)"
        }
    }

    /// The formats a result file can be in: every one but `time`, which reads no file.
    public static let fileFormats: [ResultFormat] = allCases.filter { $0 != .time }

    /// The formats `auto` tries.
    public static let detectable: [ResultFormat] = fileFormats.filter { $0 != .auto }

    /// Parses `bytes` in this format. Code benchmarks become one result per benchmark,
    /// named by it; `name` is used where the output names nothing (criterion's estimates.json).
    /// Units are normalised (`Units`); names and values are checked as bench-json's are.
    /// `time` has no output to parse and throws.
    public func parse(_ bytes: [UInt8], name: String? = nil) throws(FormatError) -> [BenchResult] {
        // The bulk case, an array of bench-json results, is read without its whole tree.
        var results: [BenchResult] = []
        try forEachResult(bytes, name: name, rewind: { results.removeAll() }) { results.append($0) }
        return results
    }

    /// `parse`, each result handed to `body` in turn: an array of bench-json results is read
    /// element by element and never held, neither as a tree nor as results (`bench import`
    /// of 100,000). Should that read stop on a problem, `rewind` says so, and the input is
    /// read again as `parse` reads it (its errors are the errors), each result handed over:
    /// `body` has every result once after the last `rewind`.
    public func forEachResult(_ bytes: [UInt8], name: String? = nil, rewind: () -> Void, _ body: (BenchResult) -> Void) throws(FormatError) {
        if self == .auto || self == .benchJSON {
            if BenchJSONFormat.streamed(bytes, detecting: self == .auto, body) { return }
            rewind()
        }
        for result in try parseWhole(bytes, name: name) { body(result) }
    }

    /// `parse` without the streamed read of a bench-json array.
    private func parseWhole(_ bytes: [UInt8], name: String?) throws(FormatError) -> [BenchResult] {
        guard self == .auto else { return try parse(bytes, name: name, json: nil) }
        // JSON is parsed once: the detector and the format read the same tree (a bulk import's
        // file of 100,000 results took a fifth of the import to parse twice).
        let json = try? JSONParser.parse(bytes)
        return try FormatDetector.detect(bytes, json: json).parse(bytes, name: name, json: json)
    }

    /// `parse`, with the JSON tree of `bytes` when it was parsed already.
    private func parse(_ bytes: [UInt8], name: String?, json: JSONNode?) throws(FormatError) -> [BenchResult] {
        func tree() throws(FormatError) -> JSONNode { if let json { json } else { try JSONParser.parse(bytes) } }
        do throws(FormatError) {
            let results: [BenchResult]
            switch self {
            case .auto, .benchJSON: return try BenchJSONFormat.parse(try tree())
            case .googleBenchmark: results = if let json { try GoogleBenchmarkFormat.parse(json) } else { try GoogleBenchmarkFormat.parse(bytes) }
            case .pytestBenchmark: results = try PytestBenchmarkFormat.parse(try tree())
            case .hyperfine: results = try HyperfineFormat.parse(try tree())
            case .goTest: results = try GoTestFormat.parse(try Self.text(bytes))
            case .criterion: results = try CriterionFormat.parse(bytes, name: name)
            case .catch2: results = try Catch2Format.parse(try XMLReader.parse(bytes))
            case .pyperf: results = try PyperfFormat.parse(try tree())
            case .benchmarkJS: results = try BenchmarkJSFormat.parse(try Self.text(bytes))
            case .junit: results = try JUnitFormat.parse(try XMLReader.parse(bytes))
            case .asv: results = try ASVFormat.parse(try tree())
            case .jmh: results = try JMHFormat.parse(try tree())
            case .benchmarkDotNet: results = try BenchmarkDotNetFormat.parse(try tree())
            case .lmEval: results = try LMEvalFormat.parse(try tree())
            case .time:
                throw FormatError(message: "the time format has no output to read; bench measures the command itself",
                                  hint: "use format = \"time\" in a [[benchmark]] entry of bench.toml")
            }
            return try ResultChecks.checked(results)
        } catch { throw error.inFormat(rawValue) }
    }

    /// The bytes as UTF-8 text, or an error saying they are not.
    static func text(_ bytes: [UInt8]) throws(FormatError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FormatError(message: "the input is not UTF-8 text", hint: "give the tool's text or JSON output as it wrote it")
        }
        return text
    }

    /// Which format the content is, from its shape; see `FormatDetector`.
    public static func detect(_ bytes: [UInt8]) throws(FormatError) -> ResultFormat {
        try FormatDetector.detect(bytes, json: try? JSONParser.parse(bytes))
    }
}

import BenchCore
import Testing

/// Inputs that crashed a parser or made it return what it promises not to (Fuzz/Invariants.swift),
/// found by `make fuzz` (those are also kept in `Fuzz/corpus/<target>/regression-*`) or while
/// writing its invariants.
@Suite struct FuzzFindingsTests {
    func parse(_ text: String, _ format: ResultFormat) throws(FormatError) -> [BenchResult] {
        try format.parse(Array(text.utf8), name: "fuzz")
    }

    /// bench.toml `text` is refused at `line`:`column`, saying `what` when given.
    func expectRefused(_ text: String, at line: Int, _ column: Int, saying what: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: FormatError.self, sourceLocation: sourceLocation) { try BenchConfig.parse(text) }
        #expect(error?.line == line, sourceLocation: sourceLocation)
        #expect(error?.column == column, sourceLocation: sourceLocation)
        if let what { #expect(error?.description.contains(what) == true, sourceLocation: sourceLocation) }
    }

    /// "test ... bench:": the marker's space is the prefix's, and the name's range was inverted (a trap).
    @Test func criterionBencherLineWithoutName() {
        #expect(throws: FormatError.self) { try parse("test ... bench:        6920 ns/iter (+/- 127)\n", .criterion) }
        #expect(throws: FormatError.self) { try parse("test ... bench:        6920 ns/iter (+/- 127)\n", .auto) }
    }

    /// toml++ 3.4 asserts (aborts) on a date followed by 'T' and no time, or by a space and one digit.
    @Test(arguments: [("when = 1979-05-27T:\n", 1, 19), ("[misc]\nx = [1, 2026-01-01t]\n", 2, 20),
                      ("t = { a = 1979-05-27T }", 1, 22), ("u=1979-05-27 3\n", 1, 14), ("u = [1979-05_-27 3]", 1, 18),
                      ("u=1979-5'-27 3\n", 1, 14), ("u = 1979-ab-cd 3", 1, 16)])
    func dateWithoutATime(text: String, line: Int, column: Int) {
        expectRefused(text, at: line, column, saying: "after the date")
    }

    /// Dates and date-times, and keys that look like dates, still read.
    @Test func datesThatAreFine() throws {
        let config = try BenchConfig.parse("""
        [misc]
        a = 1979-05-27T07:32:00Z
        b = 1979-05-27 07:32:00
        1979-05-27Tx = 1
        c = [1979-05-27t00:00:00.5, 1979-05-27]
        d = { e = 1979-05-27T07:32:00-07:00, 1979-05-27T = 2 }
        [store]
        url = "sqlite"
        """)
        #expect(config.storeURL == "sqlite")
    }

    /// An infinite spread ("(+/- 1e999)") is left out rather than stored.
    @Test func criterionInfiniteDeviation() throws {
        let results = try parse("test sort ... bench:        6920 ns/iter (+/- 1e999)\n", .criterion)
        #expect(results.first?.metrics.names == ["time"])
    }

    /// A unit is a metric name: control characters (U+202E reorders a table) are refused with the line.
    @Test func goTestUnitWithAControlCharacter() {
        let error = #expect(throws: FormatError.self) {
            try parse("goos: linux\nBenchmarkSort-8   1000   412 ns/op   64 allocs\u{202E}\n", .goTest)
        }
        #expect(error?.line == 2)
        #expect(error?.description.contains("metric name") == true)
    }

    /// toml++ 3.4 asserts (aborts) on a table header whose name starts with a character no key can start with.
    @Test(arguments: [("[}", 1, 2), ("[[[1]]]", 1, 3), ("[\n", 1, 2), ("[store]\nurl = \"sqlite\"\n[ +x]\n", 3, 3),
                      ("\u{FEFF}[[ {]]", 1, 5)])
    func tableHeaderWithABadName(text: String, line: Int, column: Int) {
        expectRefused(text, at: line, column)
    }

    /// toml++ 3.4 asserts (aborts) when an array's next value starts with `}` or a line separator.
    @Test(arguments: [("n=[}", 1, 4), ("n = [1,\n  # c\n  }", 3, 3), ("n = [[}]]", 1, 7), ("n = [\u{2028}]", 1, 6)])
    func arrayValueStartingWithABrace(text: String, line: Int, column: Int) {
        expectRefused(text, at: line, column, saying: "in the array")
    }

    /// Brackets and `[` inside values and strings are not headers.
    @Test func bracketsInsideValuesAreNotHeaders() throws {
        let config = try BenchConfig.parse("""
        # [} in a comment
        [misc]
        matrix = [
          [
            +1, 2
          ],
          [{ a = "]" }],
        ]
        text = \"\"\"
        [}
        \\\"\"\"[
        \"\"\"
        literal = '''
        [[[1]]]'''
        [store]
        url = "sqlite"
        """)
        #expect(config.storeURL == "sqlite")
    }

    /// `go test` units: a bare `/op` metric keeps `/op` as its unit instead of an empty one.
    @Test func goTestBareOpUnit() throws {
        let results = try parse("BenchmarkSort-8   1000   412 /op\n", .goTest)
        #expect(results.first?.metrics["/op"]?.unit == "/op")
    }

    /// Google Benchmark's time_unit is a unit name like any other.
    @Test func googleBenchmarkTimeUnitWithAControlCharacter() {
        let text = #"{"benchmarks": [{"name": "BM_Sort", "real_time": 1, "time_unit": "ns\u0000"}]}"#
        let error = #expect(throws: FormatError.self) { try parse(text, .googleBenchmark) }
        #expect(error?.field == "benchmarks[0].time_unit")
    }

    /// The median of two huge samples is not infinite (their sum is).
    @Test func medianOfHugeSamples() throws {
        let huge = try #require([1e308, 1.5e308].median)
        #expect(abs(huge - 1.25e308) <= 1e293)
        let negative = try #require([-1e308, -1.7e308].median)
        #expect(abs(negative + 1.35e308) <= 1e293)
        #expect([Double.leastNonzeroMagnitude, .leastNonzeroMagnitude].median == .leastNonzeroMagnitude)
        let results = try parse(#"{"model_version": "m", "metrics": {"x": {"samples": [1e308, 1e308]}}}"#, .benchJSON)
        #expect(results.first?.metrics["x"]?.value == 1e308)
    }

    /// bench.toml: `threshold = inf` is refused, and a huge one prints (Int(1e302) trapped).
    @Test func thresholdsThatDoNotFitAnInt() throws {
        #expect(throws: FormatError.self) { try BenchConfig.parse("[metrics]\nf1 = { threshold = inf }\n") }
        let config = try BenchConfig.parse("[metrics]\nf1 = { threshold = 1e300 }\nrecall = { threshold = \"1e300%\" }\n")
        #expect(config.threshold(of: "f1").description.hasSuffix("e+302%"))
        #expect(config.threshold(of: "recall").description.hasSuffix("e+300%"))
        #expect(Threshold(fraction: 0.05).description == "5%")
    }

    /// Timeouts: at most a year, whatever the unit, so a deadline in nanoseconds fits 64 bits.
    @Test(arguments: ["timeout = \"1e300h\"", "timeout = \"1e305h\"", "timeout = 9223372036854775807", "timeout = \"31536001s\"",
                      "timeout = \"8761h\""])
    func timeoutsBeyondAYearAreRefused(line: String) {
        #expect(throws: FormatError.self) { try BenchConfig.parse("[[benchmark]]\nname = \"a\"\ncommand = \"true\"\n\(line)\n") }
        #expect(throws: FormatError.self) { try BenchConfig.parse("[hooks]\n\(line)\n") }
    }

    @Test func timeoutsUpToAYearAreKept() throws {
        let config = try BenchConfig.parse("[hooks]\ntimeout = \"8760h\"\n[[benchmark]]\nname = \"a\"\ncommand = \"true\"\ntimeout = 31536000\n")
        #expect(config.hooks.timeout == TimeoutParser.maximum)
        #expect(config.benchmarks.first?.timeout == TimeoutParser.maximum)
        #expect(TimeoutParser.describe(TimeoutParser.maximum) == "8760h")
    }
}

import BenchCore
import Foundation
import Testing

/// Every format, read from real tool output (see Fixtures/README.md).
@Suite struct ResultFormatTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
    }

    func parse(_ name: String, _ format: ResultFormat, as resultName: String? = nil) throws -> [BenchResult] {
        try format.parse(fixture(name), name: resultName)
    }

    /// The results of fixture `name`, which are of these benchmarks, in this order.
    func parse(_ name: String, _ format: ResultFormat, as resultName: String? = nil, names: [String],
               sourceLocation: SourceLocation = #_sourceLocation) throws -> [BenchResult] {
        let results = try parse(name, format, as: resultName)
        #expect(results.map(\.modelVersion) == names, sourceLocation: sourceLocation)
        return results
    }

    @Test func googleBenchmarkSingleRun() throws {
        let results = try parse("google-basic.json", .googleBenchmark, names: ["BM_Sort/256", "BM_Sort/1024", "BM_Copy"])
        #expect(results[0].metrics.names == ["real_time", "cpu_time", "items_per_second"])
        #expect(results[0].metrics["real_time"] == MetricValue(value: 8607.75292918909, unit: "ns"))
        #expect(results[0].metrics["cpu_time"]?.value == 7818.087620988247)
        #expect(results[2].metrics["bytes_copied"]?.value == 4096)
    }

    @Test func googleBenchmarkRepetitionsBecomeSamples() throws {
        let results = try parse("google-repetitions.json", .googleBenchmark, names: ["BM_Sort/256", "BM_Sort/1024", "BM_Copy"])
        let sort = try #require(results[0].metrics["real_time"])
        #expect(sort.samples == [8522.54437523051, 7146.699175534877, 7248.345200932687])
        #expect(sort.value == 7248.345200932687)
        #expect(sort.unit == "ns")
        #expect(results[2].metrics["real_time"]?.samples?.count == 3)
    }

    @Test func googleBenchmarkAggregatesOnlyUseTheMedian() throws {
        let results = try parse("google-aggregates.json", .googleBenchmark, names: ["BM_Sort/256", "BM_Sort/1024", "BM_Copy"])
        #expect(results[0].metrics["real_time"]?.value == 7188.188807221971)
        #expect(results[2].metrics["real_time"]?.value == 73.63433281310948)
    }

    @Test func pytestBenchmark() throws {
        let results = try parse("pytest-benchmark.json", .pytestBenchmark, names: ["test_sort_small", "test_sort_large"])
        let time = try #require(results[1].metrics["time"])
        #expect(time.value == 0.0009102980000079697)
        #expect(time.unit == "s")
        #expect(time.samples?.count == 5)
        #expect(results[1].metrics["ops"] == MetricValue(value: 910.6132889402904, unit: "ops/s"))
    }

    @Test func hyperfine() throws {
        let results = try parse("hyperfine.json", .hyperfine, names: ["sleep 0.01", "sleep 0.02"])
        let time = try #require(results[0].metrics["time"])
        #expect(time.value == 0.010959840160000001 && time.unit == "s" && time.samples?.count == 5)
        #expect(results[1].metrics["user_time"]?.value == 0.0008728999999999997)
        #expect(results[1].metrics["system_time"]?.value == 0.00058372)
    }

    @Test func goTestWithCountAndBenchmem() throws {
        let results = try parse("go-test.txt", .goTest, names: ["BenchmarkSortInts", "BenchmarkAppend"])
        let sort = try #require(results[0].metrics["ns/op"])
        #expect(sort.samples == [91024, 87014, 74185] && sort.value == 87014 && sort.unit == "ns")
        #expect(results[0].metrics["B/op"]?.value == 30)
        #expect(results[0].metrics["allocs/op"]?.value == 1)
        #expect(results[1].metrics.names == ["ns/op", "MB/s", "B/op", "allocs/op"])
        #expect(results[1].metrics["MB/s"]?.value == 433.49)
    }

    @Test func criterionEstimatesAndBencherLines() throws {
        let estimates = try parse("criterion-estimates.json", .criterion, as: "sort_1024", names: ["sort_1024"])
        #expect(estimates[0].metrics["time"] == MetricValue(value: 6916.11857820894, unit: "ns"))
        #expect(estimates[0].metrics["time_deviation"]?.value == 127.97886761514343)
        let bencher = try parse("criterion-bencher.txt", .criterion, names: ["sort_1024"])
        #expect(bencher[0].metrics["time"] == MetricValue(value: 6920, unit: "ns"))
        #expect(bencher[0].metrics["time_deviation"]?.value == 127)
    }

    @Test(arguments: [
        ("google-basic.json", ResultFormat.googleBenchmark), ("google-repetitions.json", .googleBenchmark),
        ("google-aggregates.json", .googleBenchmark), ("pytest-benchmark.json", .pytestBenchmark),
        ("hyperfine.json", .hyperfine), ("go-test.txt", .goTest), ("criterion-estimates.json", .criterion),
        ("criterion-bencher.txt", .criterion),
    ])
    func autoDetects(file: String, format: ResultFormat) throws {
        #expect(try ResultFormat.detect(fixture(file)) == format)
        #expect(try ResultFormat.auto.parse(fixture(file)) == format.parse(fixture(file)))
    }

    @Test func autoDetectsBenchJSON() throws {
        #expect(try ResultFormat.detect(Array("{\"model_version\": \"m\", \"metrics\": {\"f1\": 1}}".utf8)) == .benchJSON)
    }

    @Test func directionsOfCodeBenchmarkMetrics() {
        for name in ["real_time", "cpu_time", "ns/op", "B/op", "allocs/op", "time", "user_time", "peak_memory"] {
            #expect(Direction.default(forMetric: name) == .lower, "\(name)")
        }
        for name in ["items_per_second", "MB/s", "ops", "bytes_per_second"] {
            #expect(Direction.default(forMetric: name) == .higher, "\(name)")
        }
    }
}

/// Bad and adversarial input: one error naming the format and the place, never a crash.
@Suite struct ResultFormatBadInputTests {
    func error(_ text: String, _ format: ResultFormat) -> FormatError? {
        #expect(throws: FormatError.self) { try format.parse(Array(text.utf8)) }
        do { _ = try format.parse(Array(text.utf8)); return nil } catch { return error }
    }

    @Test func truncatedJSONNamesFormatAndPlace() throws {
        let data = try Data(contentsOf: ResultFormatTests.fixtures.appendingPathComponent("google-basic.json"))
        let truncated = Array(data.prefix(data.count / 2))
        do {
            _ = try ResultFormat.googleBenchmark.parse(truncated)
            Issue.record("truncated input parsed")
        } catch {
            #expect(error.format == "google-benchmark")
            #expect(error.line != nil)
            #expect(error.description.contains("google-benchmark: "))
        }
    }

    @Test(arguments: [
        ("{\"benchmarks\": [{\"name\": \"a\", \"real_time\": \"NaN\"}]}", ResultFormat.googleBenchmark, "benchmarks[0].real_time"),
        ("{\"benchmarks\": [{\"name\": \"a\", \"real_time\": 1e999}]}", .googleBenchmark, "not a finite number"),
        ("{\"benchmarks\": []}", .googleBenchmark, "holds no benchmarks"),
        ("{\"results\": [{\"command\": \"x\"}]}", .hyperfine, "results[0].mean"),
        ("{\"results\": [{\"command\": \"x\", \"times\": [1, \"2\"]}]}", .hyperfine, "results[0].times[1]"),
        ("{\"benchmarks\": [{\"name\": \"t\", \"stats\": {}}]}", .pytestBenchmark, "stats.median"),
        ("{\"mean\": {}}", .criterion, "mean.point_estimate"),
        ("PASS\nok  \tx\t0.1s\n", .goTest, "no benchmark lines"),
        ("--- FAIL: BenchmarkX\nFAIL\n", .goTest, "the benchmarks failed"),
        ("{\"benchmarks\": [{\"name\": \"a\", \"name\": \"b\", \"real_time\": 1}]}", .googleBenchmark, "duplicate key"),
        ("", .hyperfine, "the input is empty"),
    ])
    func refused(text: String, format: ResultFormat, expected: String) {
        let failure = error(text, format)
        #expect(failure?.description.contains(expected) == true, "\(String(describing: failure))")
        #expect(failure?.format == format.rawValue)
    }

    @Test func unknownInputListsTheFormatsTried() {
        let unknown = error("{\"hello\": 1}", .auto)
        #expect(unknown?.message.contains("tried " + ResultFormat.detectable.map(\.rawValue).joined(separator: ", ")) == true)
        #expect(unknown?.message.contains("tried bench-json, google-benchmark, pytest-benchmark, hyperfine, go-test, criterion, catch2, pyperf") == true)
        let text = error("just some words\n", .auto)
        #expect(text?.message.contains("no results found") == true)
        let binary = error(String(decoding: [0xFF, 0xFE, 0x00, 0x41], as: UTF8.self), .auto)
        #expect(binary != nil)
        #expect(throws: FormatError.self) { try ResultFormat.goTest.parse([0x42, 0xFF, 0xFE]) }
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let failure = error(deep, .auto)
        #expect(failure != nil)
        let xml = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        #expect(error("<testsuites>" + xml + "</testsuites>", .junit)?.message.contains("nested more than 256 deep") == true)
    }
}

import BenchCore
import Foundation
import Testing

/// The formats added for issue 18, each read from output of the real tool (or, for JMH,
/// BenchmarkDotNet and lm-evaluation-harness, their documented shape); see Fixtures/README.md.
@Suite struct AdapterFormatTests {
    func parse(_ name: String, _ format: ResultFormat = .auto) throws -> [BenchResult] {
        try format.parse(Array(try Data(contentsOf: ResultFormatTests.fixtures.appendingPathComponent(name))))
    }

    @Test func googleBenchmarkCSV() throws {
        let copy = try parse("google.csv", .googleBenchmark)
        #expect(copy.map(\.modelVersion) == ["BM_Copy"])
        #expect(copy[0].metrics.names == ["real_time", "cpu_time", "bytes_copied"])
        #expect(copy[0].metrics["real_time"] == MetricValue(value: 45.4713, unit: "ns"))
        #expect(copy[0].metrics["bytes_copied"]?.value == 4096)
    }

    @Test func googleBenchmarkCSVRepetitionsBecomeSamples() throws {
        let results = try parse("google-repetitions.csv", .googleBenchmark)
        #expect(results.map(\.modelVersion) == ["BM_Sort/256", "BM_Sort/1024"])
        let time = try #require(results[0].metrics["real_time"])
        #expect(time.samples == [6582.06, 6536.03, 6583.38] && time.value == 6582.06 && time.unit == "ns")
        #expect(results[1].metrics["items_per_second"]?.samples?.count == 3)
    }

    @Test func catch2XML() throws {
        let results = try parse("catch2.xml", .catch2)
        #expect(results.map(\.modelVersion) == ["sort 256", "sort 1024"])
        #expect(results[0].metrics["time"] == MetricValue(value: 1610.96, unit: "ns"))
        #expect(results[1].metrics["time_deviation"] == MetricValue(value: 1644.32, unit: "ns"))
    }

    @Test func pyperfValuesBecomeSamples() throws {
        let results = try parse("pyperf.json", .pyperf)
        #expect(results.map(\.modelVersion) == ["sort 256", "sort 1024"])
        let time = try #require(results[0].metrics["time"])
        #expect(time.unit == "s" && time.samples?.count == 9 && time.value == 6.33775000096648e-06)
    }

    @Test func benchmarkJSText() throws {
        let results = try parse("benchmark-js.txt", .benchmarkJS)
        #expect(results.map(\.modelVersion) == ["sort 256", "sort 1024"])
        #expect(results[0].metrics["ops"] == MetricValue(value: 44388, unit: "ops/s"))
        #expect(results[1].metrics["rme"] == MetricValue(value: 3.03, unit: "%"))
        #expect(Direction.default(forMetric: "rme") == .lower)
        #expect(Direction.default(forMetric: "ops") == .higher)
    }

    @Test func junitDurationsLeaveSkippedTestsOut() throws {
        let results = try parse("junit.xml", .junit)
        #expect(results.map(\.modelVersion) == ["test_sum[1000]", "test_sum[100000]", "test_sleep"])
        #expect(results[2].metrics["time"] == MetricValue(value: 0.011, unit: "s"))
    }

    @Test func asvResultsOnePerParameter() throws {
        let results = try parse("asv.json", .asv)
        #expect(results.map(\.modelVersion) == ["bench_sort.SortSuite.time_sort(256)", "bench_sort.SortSuite.time_sort(1024)",
                                                "bench_sort.SortSuite.peakmem_sort(256)", "bench_sort.SortSuite.peakmem_sort(1024)",
                                                "bench_sort.track_answer"])
        let time = try #require(results[1].metrics["time"])
        #expect(time.value == 2.6228549995721553e-05 && time.unit == "s" && time.samples?.count == 10)
        #expect(results[2].metrics["memory"] == MetricValue(value: 35905536, unit: "B"))
        #expect(results[4].metrics["value"] == MetricValue(value: 42))
        #expect(results[0].commitSha == "c4763bac5f089123b97ac3250586f9d40c8b2c4a")
    }

    @Test func jmhDocumentedShape() throws {
        let results = try parse("jmh.json", .jmh)
        #expect(results.map(\.modelVersion) == ["org.sample.SortBenchmark.sort(size=1024)", "org.sample.SortBenchmark.copy"])
        let time = try #require(results[0].metrics["time"])
        #expect(time.value == 6917.416666666667 && time.unit == "ns" && time.samples?.count == 6)
        #expect(results[0].metrics["gc.alloc.rate.norm"]?.unit == "B/op")
        #expect(results[1].metrics["ops"] == MetricValue(value: 1.2451934e7, unit: "ops/s", samples: [1.2301002e7, 1.2470551e7, 1.2584249e7]))
    }

    @Test func benchmarkDotNetDocumentedShape() throws {
        let results = try parse("benchmarkdotnet.json", .benchmarkDotNet)
        #expect(results.map(\.modelVersion) == ["SortBenchmark.Sort(N=1024)", "SortBenchmark.Copy"])
        #expect(results[0].metrics["time"] == MetricValue(value: 6877.02, unit: "ns", samples: [6843.21, 6901.77, 6877.02, 6920.55, 6868.4]))
        #expect(results[0].metrics["allocated"] == MetricValue(value: 4120, unit: "B"))
    }

    @Test func lmEvalTasksWithTheirStderr() throws {
        let results = try parse("lm-eval.json", .lmEval)
        #expect(results.map(\.modelVersion) == ["EleutherAI/pythia-160m", "EleutherAI/pythia-160m", "EleutherAI/pythia-160m"])
        #expect(results.map(\.datasetVersion) == ["arc_easy", "gsm8k", "lambada_openai"])
        #expect(results[0].metrics.names == ["acc", "acc_stderr", "acc_norm", "acc_norm_stderr"])
        #expect(results[0].metrics["acc"]?.value == 0.4368686868686869)
        #expect(results[1].metrics.names == ["exact_match[strict-match]", "exact_match_stderr[strict-match]",
                                             "exact_match[flexible-extract]", "exact_match_stderr[flexible-extract]"])
        #expect(results[2].metrics.names == ["perplexity", "acc"])
        #expect(Direction.default(forMetric: "perplexity") == .lower && Direction.default(forMetric: "acc_stderr") == .lower)
    }

    @Test(arguments: [
        ("google.csv", ResultFormat.googleBenchmark), ("google-repetitions.csv", .googleBenchmark), ("catch2.xml", .catch2),
        ("pyperf.json", .pyperf), ("benchmark-js.txt", .benchmarkJS), ("junit.xml", .junit), ("asv.json", .asv),
        ("jmh.json", .jmh), ("benchmarkdotnet.json", .benchmarkDotNet), ("lm-eval.json", .lmEval),
    ])
    func autoDetects(file: String, format: ResultFormat) throws {
        let bytes = Array(try Data(contentsOf: ResultFormatTests.fixtures.appendingPathComponent(file)))
        #expect(try ResultFormat.detect(bytes) == format)
        #expect(try ResultFormat.auto.parse(bytes) == format.parse(bytes))
    }

    @Test(arguments: [
        ("{\"benchmarks\": [{\"name\": \"x\"}]}", "closest is google-benchmark, but benchmarks[0].real_time (or cpu_time) is missing"),
        ("{\"results\": [{\"mean\": 1}]}", "closest is hyperfine, but results[0].command is missing"),
        ("{\"hello\": 1}", "bench-json needs model_version and metrics"),
        ("BenchmarkSort is fast\n", "closest is go-test, but a line 'BenchmarkName  N  value ns/op' is missing"),
        ("sort x fast ops/sec\n", "closest is benchmark-js"),
        ("<report><x/></report>", "XML of an unknown kind (root <report>"),
        ("nothing to see\n", "no results found in the input"),
    ])
    func unrecognisedInputNamesTheClosestFormat(text: String, expected: String) {
        do {
            _ = try ResultFormat.auto.parse(Array(text.utf8))
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(error.hint?.contains("--format") == true)
        }
    }

    @Test(arguments: [
        ("<Catch><Group><TestCase name=\"t\"><OverallResult success=\"false\"/></TestCase></Group></Catch>", ResultFormat.catch2, "the test case t failed"),
        ("<Catch><Group><BenchmarkResults name=\"b\"><mean value=\"x\"/></BenchmarkResults></Group></Catch>", .catch2, "expected a number, found 'x'"),
        ("<testsuites><testsuite><testcase name=\"t\" time=\"0.1\"><failure/></testcase></testsuite></testsuites>", .junit, "the test failed"),
        ("<testsuites><testcase name=\"t\" time=\"1\"></testsuites>", .junit, "</testsuites> closes <testcase>"),
        ("<testsuites><testcase name=\"a\u{1}\" time=\"1\"/></testsuites>", .junit, "contains a control character"),
        ("{\"benchmarks\": [{\"metadata\": {\"name\": \"a\"}, \"runs\": [{\"warmups\": []}]}]}", .pyperf, "hold no values"),
        ("[{\"benchmark\": \"b\", \"primaryMetric\": {\"score\": \"fast\"}}]", .jmh, "[0].primaryMetric.score"),
        ("{\"Benchmarks\": [{\"Method\": \"M\", \"Statistics\": null}]}", .benchmarkDotNet, "the benchmark did not run"),
        ("{\"results\": {\"t\": {\"alias\": \"t\"}}, \"model_name\": \"m\"}", .lmEval, "holds no task with metrics"),
        ("{\"result_columns\": [\"result\", \"params\"], \"results\": {\"b.time_x\": [[1, 2], [[\"1\"]]]}}", .asv, "2 results for 1 parameter combinations"),
        ("name,iterations,real_time,cpu_time,time_unit\n\"a\",1,fast,1,ns\n", .googleBenchmark, "line 2: google-benchmark: real_time: expected a number"),
        ("x x 1 ops/sec\n", .benchmarkJS, "no benchmark.js lines"),
    ])
    func badInputIsOneError(text: String, format: ResultFormat, expected: String) {
        do {
            _ = try format.parse(Array(text.utf8))
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(error.format == format.rawValue)
        }
    }
}

/// Units: one spelling each, and figures that read well.
@Suite struct UnitsTests {
    @Test(arguments: [("us", "µs"), ("μs", "µs"), ("ns/op", "ns"), ("second", "s"), ("ops/sec", "ops/s"), ("bytes", "B"), ("MB/s", "MB/s")])
    func normalised(unit: String, expected: String) { #expect(Units.normalised(unit) == expected) }

    @Test(arguments: [
        (6.9704e-05, "s", "time", "69.7 µs"), (87014, "ns", "time", "87 µs"), (87014, "ns", "ns/op", "87014"), (1, "allocs", "allocs/op", "1"),
        (1.234, "s", "time", "1.23 s"), (999.96, "µs", "time", "1 ms"), (412, "ms", "latency", "412 ms"), (0.5, "ns", "time", "0.5 ns"),
        (30, "B", "B/op", "30"), (433.49, "MB/s", "MB/s", "433.49"), (4.09, "%", "rme", "4.09%"), (0.895, nil, "f1", "0.895"),
        (3600, "s", "time", "3600 s"), (0, "s", "time", "0 s"),
    ] as [(Double, String?, String, String)])
    func described(value: Double, unit: String?, metric: String, expected: String) {
        #expect(Units.describe(value, unit: unit, metric: metric) == expected)
    }
}

import BenchTestSupport
import Foundation
import Testing

@Suite struct RecordFormatTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("BenchCoreTests/Fixtures")

    /// What `bench record FILE` stores for one series of a fixture, as `bench current --json` shows it.
    struct Stored: Sendable, CustomStringConvertible {
        var file: String
        var series: String
        var dataset: String = ""
        var metric: String
        var value: Double
        var unit: String?
        var samples: Int
        var description: String { "\(file): \(series) \(metric)" }
    }

    /// Every fixture, read with no --format: one series per benchmark, the metric's value, unit and samples.
    static let stored: [Stored] = [
        Stored(file: "google-basic.json", series: "BM_Sort/256", metric: "real_time", value: 8607.75292918909, unit: "ns", samples: 0),
        Stored(file: "google-repetitions.json", series: "BM_Sort/256", metric: "real_time", value: 7248.345200932687, unit: "ns", samples: 3),
        Stored(file: "google-aggregates.json", series: "BM_Copy", metric: "real_time", value: 73.63433281310948, unit: "ns", samples: 0),
        Stored(file: "google.csv", series: "BM_Copy", metric: "bytes_copied", value: 4096, unit: nil, samples: 0),
        Stored(file: "google-repetitions.csv", series: "BM_Sort/256", metric: "real_time", value: 6582.06, unit: "ns", samples: 3),
        Stored(file: "pytest-benchmark.json", series: "test_sort_large", metric: "ops", value: 910.6132889402904, unit: "ops/s", samples: 0),
        Stored(file: "hyperfine.json", series: "sleep 0.01", metric: "time", value: 0.010959840160000001, unit: "s", samples: 5),
        Stored(file: "go-test.txt", series: "BenchmarkSortInts", metric: "ns/op", value: 87014, unit: "ns", samples: 3),
        Stored(file: "go-test.txt", series: "BenchmarkSortInts", metric: "allocs/op", value: 1, unit: "allocs", samples: 3),
        Stored(file: "criterion-bencher.txt", series: "sort_1024", metric: "time", value: 6920, unit: "ns", samples: 0),
        Stored(file: "criterion-estimates.json", series: "criterion-estimates.json", metric: "time", value: 6916.11857820894, unit: "ns", samples: 0),
        Stored(file: "catch2.xml", series: "sort 1024", metric: "time", value: 8412.66, unit: "ns", samples: 0),
        Stored(file: "pyperf.json", series: "sort 256", metric: "time", value: 6.33775000096648e-06, unit: "s", samples: 9),
        Stored(file: "benchmark-js.txt", series: "sort 256", metric: "ops", value: 44388, unit: "ops/s", samples: 0),
        Stored(file: "junit.xml", series: "test_sleep", metric: "time", value: 0.011, unit: "s", samples: 0),
        Stored(file: "asv.json", series: "bench_sort.SortSuite.time_sort(1024)", metric: "time", value: 2.6228549995721553e-05, unit: "s", samples: 10),
        Stored(file: "jmh.json", series: "org.sample.SortBenchmark.sort(size=1024)", metric: "time", value: 6917.416666666667, unit: "ns", samples: 6),
        Stored(file: "benchmarkdotnet.json", series: "SortBenchmark.Sort(N=1024)", metric: "time", value: 6877.02, unit: "ns", samples: 5),
        Stored(file: "lm-eval.json", series: "EleutherAI/pythia-160m", dataset: "gsm8k", metric: "exact_match_stderr[strict-match]",
               value: 0.0035275958887224265, unit: nil, samples: 0),
    ]

    @Test(arguments: stored)
    func recordFileStoresWhatTheToolMeasured(expected: Stored) throws {
        let box = try Sandbox()
        try box.fixture.commit("first")
        let result = try box.bench("record", Self.fixtures.appendingPathComponent(expected.file).path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("recorded \(expected.series)"), "\(result.stdout)")
        let current = try #require(try Sandbox.json(try box.bench("current", "--json")) as? [[String: Any]])
        let series = try #require(current.first { $0["model_version"] as? String == expected.series && $0["dataset_version"] as? String == expected.dataset },
                                  "\(current.map { $0["model_version"] ?? "" })")
        // The store keeps the value; its JSON may differ in the seventeenth digit.
        let value = try #require((series["metrics"] as? [String: Double])?[expected.metric])
        #expect(abs(value - expected.value) <= abs(expected.value) * 1e-12, "\(value)")
        #expect((series["units"] as? [String: String])?[expected.metric] == expected.unit)
        #expect(((series["samples"] as? [String: [Double]])?[expected.metric]?.count ?? 0) == expected.samples)
    }

    @Test func recordPrintsHumanTimesWithoutDoubledUnits() throws {
        let box = try Sandbox()
        try box.fixture.commit("first")
        let go = try box.bench("record", Self.fixtures.appendingPathComponent("go-test.txt").path)
        #expect(go.stdout.contains("BenchmarkSortInts local@main v1 at"), "\(go.stdout)")
        #expect(go.stdout.contains("ns/op=87014 B/op=30 allocs/op=1"), "\(go.stdout)")
        let hyperfine = try box.bench("record", "--input", Self.fixtures.appendingPathComponent("hyperfine.json").path)
        #expect(hyperfine.stdout.contains("time=11 ms"), "\(hyperfine.stdout)")
        let pyperf = try box.bench("record", Self.fixtures.appendingPathComponent("pyperf.json").path)
        #expect(pyperf.stdout.contains("time=6.34 µs"), "\(pyperf.stdout)")
    }

    @Test func standardInputIsDetectedToo() throws {
        let box = try Sandbox()
        try box.fixture.commit("first")
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("benchmark-js.txt"), encoding: .utf8)
        let result = try box.bench("record", "-", input: text)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("recorded sort 1024"))
    }

    @Test func importReadsToolOutputToo() throws {
        let box = try Sandbox()
        try box.fixture.commit("first")
        let result = try box.bench("import", Self.fixtures.appendingPathComponent("catch2.xml").path,
                                   Self.fixtures.appendingPathComponent("junit.xml").path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("imported 5 runs into 5 series"), "\(result.stdout)")
    }

    @Test func wrongFormatIsBadInputAndRecordsNothing() throws {
        let box = try Sandbox()
        try box.fixture.commit("first")
        let hyperfine = Self.fixtures.appendingPathComponent("hyperfine.json").path
        let result = try box.bench("record", "--input", hyperfine, "--format", "google-benchmark")
        #expect(result.status == 2)
        #expect(result.stderr.contains("google-benchmark: benchmarks: is missing"))
        #expect(result.stderr.contains("hint: "))
        let unknown = try box.resultFile("{\"benchmarks\": [{\"name\": \"x\"}]}")
        let auto = try box.bench("record", unknown)
        #expect(auto.status == 2)
        #expect(auto.stderr.contains("closest is google-benchmark, but benchmarks[0].real_time (or cpu_time) is missing"), "\(auto.stderr)")
        #expect(try box.counts() == nil)
    }

    @Test func fileOnceAndFormatsThatReadFiles() throws {
        let box = try Sandbox()
        try box.fixture.commit("first")
        let file = Self.fixtures.appendingPathComponent("junit.xml").path
        let twice = try box.bench("record", file, "--input", file)
        #expect(twice.status == 2 && twice.stderr.contains("give the result file once"), "\(twice.stderr)")
        let none = try box.bench("record")
        #expect(none.status == 2 && none.stderr.contains("give a result file"), "\(none.stderr)")
        let help = try box.bench("record", "--help")
        #expect(help.stdout.contains("lm-eval") && !help.stdout.contains("time)"), "\(help.stdout)")
        let typo = try box.bench("record", file, "--format", "hyperfin")
        #expect(typo.status == 2 && !typo.stderr.contains(", time"), "\(typo.stderr)")
        #expect(try box.counts() == nil)
    }
}

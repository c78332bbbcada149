import BenchTestSupport
import Foundation
import Testing

@Suite struct RecordFormatTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("BenchCoreTests/Fixtures")

    @Test(arguments: [("google-repetitions.json", "google-benchmark"), ("go-test.txt", "auto"), ("hyperfine.json", "auto")])
    func recordsToolOutputAsOneSeriesPerBenchmark(file: String, format: String) throws {
        let box = try Sandbox(committing: "first")
        let result = try box.bench("record", "--input", Self.fixtures.appendingPathComponent(file).path, "--format", format)
        #expect(result.status == 0, "\(result.stderr)")
        let current = try #require(try Sandbox.json(try box.bench("current", "--json")) as? [[String: Any]])
        #expect(current.count >= 2)
        #expect(current.allSatisfy { !($0["samples"] as? [String: [Double]] ?? [:]).isEmpty })
    }

    @Test func wrongFormatIsBadInputAndRecordsNothing() throws {
        let box = try Sandbox(committing: "first")
        let hyperfine = Self.fixtures.appendingPathComponent("hyperfine.json").path
        let result = try box.bench("record", "--input", hyperfine, "--format", "google-benchmark")
        #expect(result.status == 2)
        #expect(result.stderr.contains("google-benchmark: benchmarks: is missing"))
        #expect(result.stderr.contains("hint: "))
        let unknown = try box.resultFile("{\"hello\": 1}")
        let auto = try box.bench("record", "--input", unknown, "--format", "auto")
        #expect(auto.status == 2)
        #expect(auto.stderr.contains("tried bench-json, google-benchmark"))
        #expect(try box.counts() == nil)
    }
}

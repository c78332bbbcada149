import BenchCore
import Foundation
import Testing

@Suite struct ConfigTests {
    @Test func readsStoreAndMetrics() throws {
        let config = try BenchConfig.parse("""
        [store]
        url = "sqlite"

        [metrics]
        f1 = { direction = "higher", threshold = "5%" }
        latency_ms = { direction = "lower", threshold = "10%" }
        throughput = { threshold = 0.2 }
        """)
        #expect(config.storeURL == "sqlite")
        #expect(config.direction(of: "latency_ms") == .lower)
        #expect(config.threshold(of: "latency_ms") == Threshold(fraction: 0.1))
        #expect(config.threshold(of: "throughput") == Threshold(fraction: 0.2))
        #expect(config.threshold(of: "unknown") == Threshold.default)
    }

    @Test func theTemplateParses() throws {
        let config = try BenchConfig.parse(BenchConfig.template)
        #expect(config.metrics["f1"]?.direction == .higher)
        #expect(config.hooks.onError == .allow)
    }

    @Test func theTemplatesExamplesWorkWhenSwitchedOn() throws {
        let text = BenchConfig.uncommentedTemplate
        #expect(!text.contains("# default-branch") && !text.contains("# [[benchmark]]"))
        let config = try BenchConfig.parse(text)
        #expect(config.defaultBranch == "main")
        #expect(config.benchmarks.map(\.name) == ["unit-benchmarks", "startup"])
        #expect(config.benchmarks.map(\.format) == [.auto, .time])
        #expect(config.metrics["time"]?.direction == .lower)
        #expect(config.notify.map(\.kind) == [.slack])
        #expect(config.notify.first?.events == [.opened, .resolved])
    }

    @Test func syntaxErrorsNameTheLine() {
        let error = #expect(throws: FormatError.self) { try BenchConfig.parse("[store]\nurl = \n", file: "bench.toml") }
        #expect(error?.line == 2)
        #expect(error?.file == "bench.toml")
    }

    @Test func badDirectionAndThresholdAreRefused() {
        #expect(throws: FormatError.self) { try BenchConfig.parse("[metrics]\nf1 = { direction = \"up\" }") }
        #expect(throws: FormatError.self) { try BenchConfig.parse("[metrics]\nf1 = { threshold = \"five\" }") }
        #expect(throws: FormatError.self) { try BenchConfig.parse("[metrics]\nf1 = { threshold = \"-3%\" }") }
    }

    @Test(arguments: [("5%", 0.05), ("0.5%", 0.005), ("0.05", 0.05), ("12 %", 0.12)])
    func thresholdsParse(text: String, fraction: Double) {
        #expect(Threshold.parse(text)?.fraction == fraction)
    }

    @Test(arguments: ["five", "-3%", "", "%", "nan%"])
    func badThresholdsDoNot(text: String) {
        #expect(Threshold.parse(text) == nil)
    }

    @Test(arguments: [("f1", Direction.higher), ("precision", .higher), ("accuracy", .higher), ("success_rate", .higher),
                      ("latency_ms", .lower), ("analysis_cost", .lower), ("error_rate", .lower), ("memory_mb", .lower),
                      ("wall_time", .lower)])
    func directionsDefaultByName(name: String, direction: Direction) {
        #expect(Direction.default(forMetric: name) == direction)
    }

    @Test func deltasFollowDirection() {
        let old = [NamedMetric(name: "f1", metric: .init(value: 0.895)), NamedMetric(name: "latency_ms", metric: .init(value: 400))]
        let new = [NamedMetric(name: "f1", metric: .init(value: 0.835)), NamedMetric(name: "latency_ms", metric: .init(value: 380)),
                   NamedMetric(name: "recall", metric: .init(value: 0.8))]
        let deltas = MetricDelta.between(old, new, direction: Direction.default(forMetric:))
        #expect(deltas.map(\.name) == ["f1", "latency_ms", "recall"])
        #expect(deltas[0].verdict == .worse)
        #expect(abs(deltas[0].percent! - (-6.7039)) < 0.001)
        #expect(deltas[1].verdict == .better)
        #expect(deltas[2].verdict == .added)
    }
}

@Suite struct TimestampTests {
    @Test func formatAndParseRoundTripToTheMillisecond() throws {
        for text in ["2026-11-22T01:57:22.407Z", "2026-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z", "2026-11-22T01:57:22.999Z"] {
            let date = try #require(Timestamp.parse(text))
            #expect(Timestamp.format(date) == text)
        }
        #expect(Timestamp.parse("2026-11-01").map(Timestamp.format) == "2026-11-01T00:00:00.000Z")
        #expect(Timestamp.parse("last tuesday") == nil)
        #expect(Timestamp.parse("2026-11-22T10:05:07.123Z").map(Timestamp.short) == "2026-11-22 10:05")
        #expect(Timestamp.parse("1969-07-20T20:17:40.000Z").map(Timestamp.short) == "1969-07-20 20:17")
    }

    /// A time's day number names the day `format` writes, rounding to the millisecond alike.
    @Test func dayNumbersNameTheDayTheTextWrites() {
        for seconds in [0, -0.0004, -0.0006, 86_399.9996, 86_399.9994, 1_764_000_000.5, -2_208_988_800, 13_569_465_599.9999] {
            let date = Date(timeIntervalSince1970: seconds)
            let day = Timestamp.day(of: date)
            #expect(Timestamp.format(Timestamp.start(ofDay: day)).prefix(10) == Timestamp.format(date).prefix(10), "\(seconds)")
            #expect(Timestamp.format(Timestamp.start(ofDay: day)).hasSuffix("T00:00:00.000Z"))
        }
        #expect(Timestamp.day(of: Date(timeIntervalSince1970: -0.0006)) == -1)
        #expect(Timestamp.day(of: Date(timeIntervalSince1970: 86_399.9996)) == 1)
    }

    @Test func theFastReaderAgreesWithFoundationsOnEveryKindOfDate() throws {
        var generator = SeededGenerator(seed: 20261122)
        var texts = ["2024-02-29T12:00:00.000Z", "2000-02-29T00:00:00.000Z", "1900-03-01T00:00:00.000Z", "1970-01-01T00:00:00.000Z",
                     "1969-12-31T23:59:59.999Z", "2399-12-31T23:59:59.999Z"]
        for _ in 0..<2000 {
            let seconds = Double(Int64.random(in: -2_208_988_800...13_569_465_600, using: &generator))
            texts.append(Date(timeIntervalSince1970: seconds + Double(Int.random(in: 0..<1000, using: &generator)) / 1000)
                .formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        for text in texts {
            let expected = try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
            let parsed = try #require(Timestamp.parseCanonical(text), "\(text)")
            #expect((parsed.timeIntervalSince1970 * 1000).rounded() == (expected.timeIntervalSince1970 * 1000).rounded(), "\(text)")
            #expect(Timestamp.format(parsed) == text)
            // The same second without milliseconds, as most tools write it (and imports read it).
            let whole = String(text.prefix(19)) + "Z"
            #expect(Timestamp.parseCanonical(whole) == (try Date.ISO8601FormatStyle().parse(whole)), "\(whole)")
        }
        for bad in ["2023-02-29T00:00:00.000Z", "2026-13-01T00:00:00.000Z", "2026-04-31T00:00:00.000Z", "2026-11-22T24:00:00.000Z",
                    "2026-11-22 10:00:00.000Z", "2026-11-22T10:00:00.000+", "2026-11-22T10:00:00.00Z"] {
            #expect(Timestamp.parseCanonical(bad) == nil, "\(bad)")
        }
    }
}

@Suite struct FiguresTests {
    @Test func numbersReadAsPrintfsSixSignificantDigits() {
        var generator = SeededGenerator(seed: 7)
        var values: [Double] = [0.895, 412, 0.0042, 0.85, 1e-5, 0.0001, 123456.7, 999999.5, 9.999995, -0.8503175, 1234567.5, 0.1 + 0.2, 400.0]
        for _ in 0..<20_000 {
            let exponent = Double.random(in: -7...8, using: &generator)
            values.append((Bool.random(using: &generator) ? 1 : -1) * pow(10, exponent))
            // Figures as benchmarks write them: a few decimals, often exactly halfway at the 7th digit.
            let digits = Double(Int.random(in: 1...8, using: &generator))
            values.append((Double.random(in: 0...1000, using: &generator) * pow(10, digits)).rounded() / pow(10, digits))
        }
        for value in values {
            let expected = value == value.rounded() && abs(value) < 1e12 ? String(Int64(value)) : String(format: "%.6g", value)
            #expect(Figures.number(value) == expected, "\(value)")
        }
    }
}

/// "did you mean": the near miss named, a far one not.
@Suite struct SuggestionTests {
    @Test(arguments: [("recrod", "record"), ("histroy", "history"), ("instal", "install"), ("hyperfin", "hyperfine"),
                      ("GO-TEST", "go-test"), ("lm", nil), ("frobnicate", nil), ("", nil)] as [(String, String?)])
    func closest(typed: String, expected: String?) {
        let names = ["record", "run", "history", "install", "hyperfine", "go-test", "lm-eval", "report"]
        #expect(Suggestion.closest(to: typed, among: names) == expected)
    }

    @Test func aMistypedFormatInBenchTOMLIsNamed() {
        let error = #expect(throws: FormatError.self) {
            try BenchConfig.parse("[[benchmark]]\nname = \"a\"\ncommand = \"true\"\nformat = \"hyperfin\"\n", file: "bench.toml")
        }
        #expect(error?.hint?.hasPrefix("did you mean 'hyperfine'? use one of: auto, bench-json") == true, "\(String(describing: error?.hint))")
    }
}

import Foundation

/// benchmark.js text, as `String(benchmark)` prints it in a suite's `cycle` event:
/// `name x 44,388 ops/sec ±4.09% (77 runs sampled)`. `ops` is the rate (ops/s, higher is
/// better) and `rme` its relative margin of error in percent.
enum BenchmarkJSFormat {
    static func parseLine(_ line: Substring) -> BenchResult? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let ops = trimmed.range(of: " ops/sec ±"), let separator = trimmed[..<ops.lowerBound].range(of: " x ", options: .backwards),
              let percent = trimmed[ops.upperBound...].firstIndex(of: "%"), trimmed.hasSuffix(" sampled)") else { return nil }
        let name = String(trimmed[..<separator.lowerBound])
        guard let rate = Double(trimmed[separator.upperBound..<ops.lowerBound].replacingOccurrences(of: ",", with: "")),
              let margin = Double(trimmed[ops.upperBound..<percent]), rate.isFinite, margin.isFinite,
              (try? Names.validate(name, field: "name")) != nil else { return nil }
        return BenchResult(modelVersion: name, metrics: [NamedMetric(name: "ops", metric: MetricValue(value: rate, unit: "ops/s")),
                                                         NamedMetric(name: "rme", metric: MetricValue(value: margin, unit: "%"))])
    }

    static func parse(_ text: String) throws(FormatError) -> [BenchResult] {
        var accumulator = MetricAccumulator()
        for line in text.split(separator: "\n") { if let result = parseLine(line) { accumulator.add(result) } }
        let results = accumulator.results
        guard !results.isEmpty else {
            throw FormatError(message: "no benchmark.js lines (NAME x N ops/sec ±R% (K runs sampled))",
                              hint: "print String(event.target) in the suite's 'cycle' event and give that output")
        }
        return results
    }
}

import Foundation

/// `go test -bench` text output. Each `BenchmarkName-P  N  v unit  v unit…` line is one
/// measurement; `-count` repeats become samples. Metrics are named by their unit
/// (`ns/op`, `B/op`, `allocs/op`, `MB/s`, custom ones); the `-P` GOMAXPROCS suffix is dropped.
enum GoTestFormat {
    /// Whether a line is a benchmark result line.
    static func isResultLine(_ line: Substring) -> Bool { (try? parseLine(line, number: 0)) != nil }

    static func parseLine(_ line: Substring, number: Int) throws(FormatError) -> BenchResult? {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 4, fields[0].hasPrefix("Benchmark"), Int(fields[1]) != nil, fields.count % 2 == 0 else { return nil }
        var name = String(fields[0])
        if let dash = name.lastIndex(of: "-"), Int(name[name.index(after: dash)...]) != nil { name = String(name[..<dash]) }
        var metrics: [NamedMetric] = []
        for pair in stride(from: 2, to: fields.count, by: 2) {
            guard let value = Double(fields[pair]) else { return nil }
            guard value.isFinite else {
                throw FormatError(line: number, field: name, message: "\(fields[pair + 1]) is not a finite number")
            }
            metrics.append(NamedMetric(name: String(fields[pair + 1]), metric: MetricValue(value: value, unit: unit(of: fields[pair + 1]))))
        }
        // Units are metric names: a stray control character in one is refused like in a name.
        for (text, field) in [(name, "benchmark name")] + metrics.map({ ($0.name, "\(name): metric name") }) {
            do { try Names.validate(text, field: field) } catch {
                var located = error
                located.line = number
                throw located
            }
        }
        return BenchResult(modelVersion: name, metrics: metrics)
    }

    /// `ns/op` → `ns`, `B/op` → `B`, `MB/s` stays, and so does a bare `/op`.
    static func unit(of metric: Substring) -> String {
        metric.hasSuffix("/op") && metric.count > 3 ? String(metric.dropLast(3)) : String(metric)
    }

    static func parse(_ text: String) throws(FormatError) -> [BenchResult] {
        var accumulator = MetricAccumulator()
        var found = false
        var failure: (Int, String)?
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let result = try parseLine(line, number: offset + 1) {
                accumulator.add(result)
                found = true
            } else if line.hasPrefix("--- FAIL") || line.hasPrefix("FAIL") {
                failure = failure ?? (offset + 1, String(line))
            }
        }
        if let failure { throw FormatError(line: failure.0, message: "the benchmarks failed: \(failure.1)", hint: "fix the failing benchmark first") }
        guard found else {
            throw FormatError(message: "no benchmark lines (BenchmarkName  N  value ns/op)",
                              hint: "run `go test -run=^$ -bench=.` and give its output")
        }
        return accumulator.results
    }
}

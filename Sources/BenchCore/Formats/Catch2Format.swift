/// Catch2's XML reporter (`--reporter xml`, v2's `<Catch>` and v3's `<Catch2TestRun>`):
/// one result per `BENCHMARK`, `time` the mean in nanoseconds and `time_deviation` its
/// standard deviation. A failed test case fails the whole report.
enum Catch2Format {
    static func parse(_ root: XMLElementNode) throws(FormatError) -> [BenchResult] {
        guard root.name == "Catch" || root.name == "Catch2TestRun" else {
            throw FormatError(line: root.line, message: "the root element is <\(root.name)>, not <Catch2TestRun> or <Catch>",
                              hint: "give the output of the test binary run with --reporter xml")
        }
        for testCase in root.descendants(named: "TestCase") where testCase.child("OverallResult")?["success"] == "false" {
            throw FormatError(line: testCase.line, message: "the test case \(testCase["name"] ?? "?") failed",
                              hint: "fix the failing test first")
        }
        var accumulator = MetricAccumulator()
        for element in root.descendants(named: "BenchmarkResults") {
            guard let name = element["name"] else {
                throw FormatError(line: element.line, field: "BenchmarkResults.name", message: "is missing")
            }
            guard let mean = element.child("mean") else { throw FormatError(line: element.line, field: "\(name): mean", message: "is missing") }
            var metrics = [NamedMetric(name: "time", metric: MetricValue(value: try AdapterSupport.number(mean["value"], field: "\(name): mean.value", line: mean.line), unit: "ns"))]
            if let deviation = element.child("standardDeviation") {
                let value = try AdapterSupport.number(deviation["value"], field: "\(name): standardDeviation.value", line: deviation.line)
                metrics.append(NamedMetric(name: "time_deviation", metric: MetricValue(value: value, unit: "ns")))
            }
            accumulator.add(BenchResult(modelVersion: name, metrics: metrics))
        }
        let results = accumulator.results
        guard !results.isEmpty else {
            throw FormatError(line: root.line, message: "holds no <BenchmarkResults>",
                              hint: "enable benchmarks (CATCH_CONFIG_ENABLE_BENCHMARKING in Catch2 v2) and run them with --reporter xml")
        }
        return results
    }
}

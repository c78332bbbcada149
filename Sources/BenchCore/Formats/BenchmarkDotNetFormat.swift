/// BenchmarkDotNet's full JSON (`--exporters json`, `*-report-full.json`): one result per
/// benchmark (`Type.Method(Parameters)`), `time` the median in ns with `OriginalValues` as
/// samples, and `allocated` (bytes per operation) when the memory diagnoser ran.
enum BenchmarkDotNetFormat {
    static func parse(_ root: JSONNode) throws(FormatError) -> [BenchResult] {
        var accumulator = MetricAccumulator()
        for (index, entry) in try root.required("Benchmarks", "").elements("Benchmarks").enumerated() {
            let path = "Benchmarks[\(index)]."
            let method = try entry.required("Method", path).text(path + "Method")
            var name = (try entry["Type"]?.text(path + "Type")).map { "\($0).\(method)" } ?? method
            if let parameters = try entry["Parameters"]?.text(path + "Parameters"), !parameters.isEmpty { name += "(\(parameters))" }
            let statistics = try entry.required("Statistics", path)
            guard statistics.value != .null else { throw statistics.failure(path + "Statistics", "is null: the benchmark did not run", hint: "fix the benchmark, then run it again") }
            let samples = try statistics["OriginalValues"].map { node throws(FormatError) in try AdapterSupport.numbers(node, path + "Statistics.OriginalValues") }
            let median = try statistics["Median"]?.finiteNumber(path + "Statistics.Median") ?? samples?.median
            guard let median else { throw statistics.failure(path + "Statistics.Median", "is missing") }
            var metrics = [NamedMetric(name: "time", metric: MetricValue(value: median, unit: "ns", samples: samples))]
            if let bytes = entry["Memory"]?["BytesAllocatedPerOperation"], bytes.value != .null {
                metrics.append(NamedMetric(name: "allocated", metric: MetricValue(value: try bytes.finiteNumber(path + "Memory.BytesAllocatedPerOperation"), unit: "B")))
            }
            accumulator.add(BenchResult(modelVersion: name, metrics: metrics))
        }
        return accumulator.results
    }
}

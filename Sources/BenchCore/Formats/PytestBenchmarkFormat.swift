/// pytest-benchmark's JSON (`--benchmark-json=FILE`): one result per test, `time` in
/// seconds (the median, with every round as a sample when `--benchmark-save-data` kept
/// them) and `ops` (operations per second).
enum PytestBenchmarkFormat {
    static func parse(_ root: JSONNode) throws(FormatError) -> [BenchResult] {
        let entries = try root.required("benchmarks", "").elements("benchmarks")
        guard !entries.isEmpty else { throw root.failure("benchmarks", "holds no benchmarks") }
        var names: [String] = []
        var fullNames: [String] = []
        for (index, entry) in entries.enumerated() {
            let path = "benchmarks[\(index)]."
            names.append(try entry.required("name", path).text(path + "name"))
            fullNames.append(try entry["fullname"]?.text(path + "fullname") ?? names.last!)
        }
        // Short names unless two tests share one (same name in two files).
        let useFull = Set(names).count != names.count
        var results: [BenchResult] = []
        for (index, entry) in entries.enumerated() {
            let path = "benchmarks[\(index)]."
            let name = useFull ? fullNames[index] : names[index]
            try GoogleBenchmarkFormat.validated(name, path + "name", entry)
            let stats = try entry.required("stats", path)
            let median = try stats.required("median", path + "stats.").finiteNumber(path + "stats.median")
            var samples: [Double]?
            if let data = stats["data"] {
                var values: [Double] = []
                for (position, sample) in try data.elements(path + "stats.data").enumerated() {
                    values.append(try sample.finiteNumber(path + "stats.data[\(position)]"))
                }
                samples = values.isEmpty ? nil : values
            }
            var metrics = [NamedMetric(name: "time", metric: MetricValue(value: median, unit: "s", samples: samples))]
            if let ops = stats["ops"] {
                metrics.append(NamedMetric(name: "ops", metric: MetricValue(value: try ops.finiteNumber(path + "stats.ops"), unit: "ops/s")))
            }
            results.append(BenchResult(modelVersion: name, metrics: metrics))
        }
        return results
    }
}

/// pyperf's JSON (`-o FILE`, `pyperf timeit -o`, pyperformance): one result per benchmark,
/// every value of every run a sample, the median as the figure. The unit comes from the
/// benchmark's metadata, else the file's: `second` → `time` in s, `byte` → `memory` in B,
/// anything else → `value`.
enum PyperfFormat {
    static func parse(_ root: JSONNode) throws(FormatError) -> [BenchResult] {
        let entries = try root.required("benchmarks", "").elements("benchmarks")
        let common = root["metadata"]
        var accumulator = MetricAccumulator()
        for (index, entry) in entries.enumerated() {
            let path = "benchmarks[\(index)]."
            let metadata = entry["metadata"]
            guard let nameNode = metadata?["name"] ?? common?["name"] else { throw entry.failure(path + "metadata.name", "is missing") }
            let name = try nameNode.text(path + "metadata.name")
            try GoogleBenchmarkFormat.validated(name, path + "metadata.name", nameNode)
            let unit = try (metadata?["unit"] ?? common?["unit"])?.text(path + "metadata.unit") ?? "second"
            var samples: [Double] = []
            for (position, run) in try entry.required("runs", path).elements(path + "runs").enumerated() {
                // The calibration run has warm-ups only.
                if let values = run["values"] { samples += try AdapterSupport.numbers(values, path + "runs[\(position)].values") }
            }
            guard let median = samples.median else { throw entry.failure(path + "runs", "hold no values") }
            let metric: NamedMetric = switch unit {
            case "second": NamedMetric(name: "time", metric: MetricValue(value: median, unit: "s", samples: samples))
            case "byte": NamedMetric(name: "memory", metric: MetricValue(value: median, unit: "B", samples: samples))
            default: NamedMetric(name: "value", metric: MetricValue(value: median, samples: samples))
            }
            accumulator.add(BenchResult(modelVersion: name, metrics: [metric]))
        }
        return accumulator.results
    }
}

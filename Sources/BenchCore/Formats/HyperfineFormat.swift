/// hyperfine's JSON (`--export-json FILE`): one result per command, `time` in seconds
/// with every timing run as a sample, plus user and system time.
enum HyperfineFormat {
    static func parse(_ root: JSONNode) throws(FormatError) -> [BenchResult] {
        let entries = try root.required("results", "").elements("results")
        guard !entries.isEmpty else { throw root.failure("results", "holds no results") }
        var results: [BenchResult] = []
        for (index, entry) in entries.enumerated() {
            let path = "results[\(index)]."
            let command = try entry.required("command", path).text(path + "command")
            try GoogleBenchmarkFormat.validated(command, path + "command", entry)
            var samples: [Double] = []
            if let times = entry["times"] {
                for (position, time) in try times.elements(path + "times").enumerated() {
                    samples.append(try time.finiteNumber(path + "times[\(position)]"))
                }
            }
            let value: Double
            if let median = entry["median"] {
                value = try median.finiteNumber(path + "median")
            } else if let median = samples.median {
                value = median
            } else {
                value = try entry.required("mean", path).finiteNumber(path + "mean")
            }
            var metrics = [NamedMetric(name: "time", metric: MetricValue(value: value, unit: "s", samples: samples.isEmpty ? nil : samples))]
            for (key, name) in [("user", "user_time"), ("system", "system_time")] {
                guard let node = entry[key] else { continue }
                metrics.append(NamedMetric(name: name, metric: MetricValue(value: try node.finiteNumber(path + key), unit: "s")))
            }
            if let memory = entry["memory_usage_byte"] {
                var bytes: [Double] = []
                for (position, sample) in try memory.elements(path + "memory_usage_byte").enumerated() {
                    bytes.append(try sample.finiteNumber(path + "memory_usage_byte[\(position)]"))
                }
                if let median = bytes.median {
                    metrics.append(NamedMetric(name: "peak_memory", metric: MetricValue(value: median, unit: "B", samples: bytes)))
                }
            }
            results.append(BenchResult(modelVersion: command, metrics: metrics))
        }
        return results
    }
}

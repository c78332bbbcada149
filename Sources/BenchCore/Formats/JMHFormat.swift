/// JMH's JSON (`-rf json -rff FILE`): one result per benchmark and parameter set
/// (`org.sample.Sort.sort(size=1024)`). The primary metric is `ops` for throughput mode
/// (higher is better), else `time` (`ns/op` → ns); `rawData` of every fork are its samples.
/// Secondary metrics (`·gc.alloc.rate`, …) keep their names without the leading dot.
enum JMHFormat {
    static func parse(_ root: JSONNode) throws(FormatError) -> [BenchResult] {
        var accumulator = MetricAccumulator()
        for (index, entry) in try root.elements("").enumerated() {
            let path = "[\(index)]."
            var name = try entry.required("benchmark", path).text(path + "benchmark")
            if let params = entry["params"] {
                let pairs = try params.members(path + "params").map { member throws(FormatError) in
                    let value = try member.value.text(path + "params." + member.key)
                    return "\(member.key)=\(value)"
                }
                if !pairs.isEmpty { name += "(" + pairs.joined(separator: ",") + ")" }
            }
            let mode = try entry["mode"]?.text(path + "mode") ?? "avgt"
            var metrics = [try metric(mode == "thrpt" ? "ops" : "time", entry.required("primaryMetric", path), path + "primaryMetric")]
            for (key, node) in try entry["secondaryMetrics"]?.members(path + "secondaryMetrics") ?? [] {
                let clean = String(key.drop { $0 == "·" || $0 == "." })
                metrics.append(try metric(clean.isEmpty ? key : clean, node, path + "secondaryMetrics." + key))
            }
            accumulator.add(BenchResult(modelVersion: name, metrics: metrics))
        }
        return accumulator.results
    }

    private static func metric(_ name: String, _ node: JSONNode, _ path: String) throws(FormatError) -> NamedMetric {
        let score = try node.required("score", path + ".").finiteNumber(path + ".score")
        let unit = try node["scoreUnit"]?.text(path + ".scoreUnit")
        let samples = try node["rawData"].map { raw throws(FormatError) in try AdapterSupport.numbers(raw, path + ".rawData") }
        return NamedMetric(name: name, metric: MetricValue(value: score, unit: unit, samples: samples))
    }
}

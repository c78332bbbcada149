/// Google Benchmark's JSON (`--benchmark_format=json`, `--benchmark_out=FILE`) or CSV
/// (`--benchmark_format=csv`, read by `GoogleBenchmarkCSV`).
/// Repetitions become samples of one result per benchmark; when only aggregates were
/// reported, the median aggregate (else the mean) stands for the benchmark.
enum GoogleBenchmarkFormat {
    /// Fields that are not user counters.
    static let known: Set<String> = [
        "name", "family_index", "per_family_instance_index", "run_name", "run_type", "repetitions", "repetition_index",
        "threads", "iterations", "real_time", "cpu_time", "time_unit", "aggregate_name", "aggregate_unit", "label",
        "error_occurred", "error_message", "big_o", "rms", "skipped", "skip_message",
    ]

    static func isCSVHeader(_ line: Substring) -> Bool { GoogleBenchmarkCSV.isHeader(line) }

    /// JSON, or CSV when the text holds the CSV header.
    static func parse(_ bytes: [UInt8]) throws(FormatError) -> [BenchResult] {
        do throws(FormatError) { return try parse(try JSONParser.parse(bytes)) } catch {
            guard error.message.hasPrefix("malformed JSON"), let text = String(validating: bytes, as: UTF8.self),
                  text.split(separator: "\n").contains(where: isCSVHeader) else { throw error }
            return try parse(try GoogleBenchmarkCSV.document(text))
        }
    }

    static func parse(_ root: JSONNode) throws(FormatError) -> [BenchResult] {
        let entries = try root.required("benchmarks", "").elements("benchmarks")
        guard !entries.isEmpty else { throw root.failure("benchmarks", "holds no benchmarks") }
        var iterations = MetricAccumulator()
        var aggregates: [(name: String, kind: String, result: BenchResult)] = []
        for (index, entry) in entries.enumerated() {
            let path = "benchmarks[\(index)]."
            let name = try entry.required("name", path).text(path + "name")
            if case .bool(true)? = entry["error_occurred"]?.value {
                let message = (try? entry["error_message"]?.text("")) ?? "no message"
                throw entry.failure(path + "error_occurred", "benchmark \(name) failed: \(message)", hint: "fix the benchmark, then run it again")
            }
            let runName = try entry["run_name"]?.text(path + "run_name") ?? name
            try validated(runName, path + "run_name", entry)
            let unit = try entry["time_unit"]?.text(path + "time_unit") ?? "ns"
            try validated(unit, path + "time_unit", entry)
            var metrics: [NamedMetric] = []
            for key in ["real_time", "cpu_time"] {
                guard let node = entry[key] else { continue }
                metrics.append(NamedMetric(name: key, metric: MetricValue(value: try node.finiteNumber(path + key), unit: unit)))
            }
            for (key, node) in try entry.members(String(path.dropLast())) where !known.contains(key) {
                guard case .number = node.value else { continue }
                try validated(key, path + key, node)
                metrics.append(NamedMetric(name: key, metric: MetricValue(value: try node.finiteNumber(path + key))))
            }
            guard !metrics.isEmpty else { throw entry.failure(path + "real_time", "is missing") }
            let result = BenchResult(modelVersion: runName, metrics: metrics)
            if try entry["run_type"]?.text(path + "run_type") == "aggregate" {
                let kind = try entry["aggregate_name"]?.text(path + "aggregate_name") ?? ""
                aggregates.append((runName, kind, result))
            } else {
                iterations.add(result)
            }
        }
        var results = iterations.results
        let measured = Set(results.map(\.modelVersion))
        var seen = Set<String>()
        for aggregate in aggregates where !measured.contains(aggregate.name) && !seen.contains(aggregate.name) {
            let forName = aggregates.filter { $0.name == aggregate.name }
            if let chosen = forName.first(where: { $0.kind == "median" }) ?? forName.first(where: { $0.kind == "mean" }) {
                results.append(chosen.result)
                seen.insert(aggregate.name)
            }
        }
        guard !results.isEmpty else { throw root.failure("benchmarks", "holds no iteration, median or mean results") }
        return results
    }

    static func validated(_ name: String, _ field: String, _ node: JSONNode) throws(FormatError) {
        do { try Names.validate(name, field: field) } catch {
            var located = error
            located.line = node.line
            located.column = node.column
            throw located
        }
    }
}

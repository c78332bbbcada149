/// airspeed velocity's results file (`.asv/results/MACHINE/COMMIT-ENV.json`, version 2):
/// one result per benchmark and parameter combination (`suite.time_sort(1024)`), named
/// by kind: `time_*` → `time` in s, `mem_*`/`peakmem_*` → `memory` in B, `track_*` → `value`.
/// Samples come from `--record-samples`; the commit is the file's `commit_hash`.
enum ASVFormat {
    static func parse(_ root: JSONNode) throws(FormatError) -> [BenchResult] {
        let columns = try root.required("result_columns", "").elements("result_columns").map { node throws(FormatError) in try node.text("result_columns") }
        guard let resultColumn = columns.firstIndex(of: "result") else { throw root.failure("result_columns", "has no \"result\"") }
        let paramsColumn = columns.firstIndex(of: "params")
        let samplesColumn = columns.firstIndex(of: "samples")
        let commit = try root["commit_hash"]?.text("commit_hash")
        var results: [BenchResult] = []
        for (benchmark, row) in try root.required("results", "").members("results") {
            let path = "results.\(benchmark)"
            let cells = try row.elements(path)
            guard resultColumn < cells.count else { throw row.failure(path, "has no result") }
            // A failed benchmark's result is null.
            guard case .array(let values) = cells[resultColumn].value else { continue }
            var combinations: [[String]] = [[]]
            if let paramsColumn, paramsColumn < cells.count {
                for (position, parameter) in try cells[paramsColumn].elements(path + ".params").enumerated() {
                    let choices = try parameter.elements(path + ".params[\(position)]").map { node throws(FormatError) in try node.text(path + ".params") }
                    combinations = combinations.flatMap { prefix in choices.map { prefix + [$0] } }
                }
            }
            guard combinations.count == values.count else {
                throw row.failure(path, "has \(values.count) results for \(combinations.count) parameter combinations")
            }
            var sampleLists: [JSONNode]?
            if let samplesColumn, samplesColumn < cells.count, case .array(let lists) = cells[samplesColumn].value { sampleLists = lists }
            let function = benchmark.split(separator: ".").last.map(String.init) ?? benchmark
            let (metricName, unit): (String, String?) = function.hasPrefix("time_") ? ("time", "s")
                : function.hasPrefix("mem_") || function.hasPrefix("peakmem_") ? ("memory", "B") : ("value", nil)
            for (index, value) in values.enumerated() {
                if value.value == .null { continue }
                let number = try value.finiteNumber("\(path).result[\(index)]")
                var samples: [Double]?
                if let sampleLists, index < sampleLists.count, sampleLists[index].value != .null {
                    samples = try AdapterSupport.numbers(sampleLists[index], "\(path).samples[\(index)]")
                }
                let name = combinations[index].isEmpty ? benchmark : "\(benchmark)(\(combinations[index].joined(separator: ", ")))"
                var result = BenchResult(modelVersion: name, metrics: [NamedMetric(name: metricName, metric: MetricValue(value: number, unit: unit, samples: samples))])
                result.commitSha = commit
                results.append(result)
            }
        }
        guard !results.isEmpty else { throw root.failure("results", "holds no benchmark that ran") }
        return results
    }
}

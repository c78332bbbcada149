/// What every adapter's results must be before bench stores them, checked in one place:
/// names (benchmark, metric, unit) pass `Names.validate`, each metric is named once per
/// result, values and samples are finite; and units take their one spelling (`Units`).
enum ResultChecks {
    static func checked(_ results: [BenchResult]) throws(FormatError) -> [BenchResult] {
        guard !results.isEmpty else {
            throw FormatError(message: "the input holds no results", hint: "check the tool ran its benchmarks and wrote them")
        }
        var checked: [BenchResult] = []
        for var result in results {
            let name = result.modelVersion
            try Names.validate(name, field: "benchmark name")
            guard !result.metrics.isEmpty else { throw FormatError(field: name, message: "has no metrics") }
            var seen = Set<String>()
            for index in result.metrics.indices {
                let metric = result.metrics[index]
                try Names.validate(metric.name, field: "\(name): metric name")
                guard seen.insert(metric.name).inserted else {
                    throw FormatError(field: name, message: "metric \(metric.name) appears twice", hint: "give each metric of a benchmark one name")
                }
                guard metric.metric.value.isFinite, metric.metric.samples?.allSatisfy(\.isFinite) ?? true else {
                    throw FormatError(field: "\(name): \(metric.name)", message: "is not a finite number")
                }
                if metric.metric.samples?.isEmpty == true { result.metrics[index].metric.samples = nil }
                if let unit = metric.metric.unit {
                    try Names.validate(unit, field: "\(name): unit of \(metric.name)")
                    result.metrics[index].metric.unit = Units.normalised(unit)
                }
            }
            checked.append(result)
        }
        return checked
    }
}

/// Gathers repeated measurements of the same results (repetitions in one output, or
/// several runs of a command) into one result per name, each metric with every sample
/// kept and the median as its value.
public struct MetricAccumulator: Sendable {
    private struct Entry: Sendable {
        var template: BenchResult
        var metrics: [(name: String, unit: String?, samples: [Double])]
    }

    private var entries: [Entry] = []

    public init() {}

    /// Adds one value (or the samples behind it) of a metric of the named result.
    public mutating func add(_ result: BenchResult) {
        let index: Int
        if let found = entries.firstIndex(where: { $0.template.modelVersion == result.modelVersion
            && $0.template.datasetVersion == result.datasetVersion && $0.template.promptVersion == result.promptVersion }) {
            index = found
        } else {
            entries.append(Entry(template: result, metrics: []))
            index = entries.count - 1
        }
        for metric in result.metrics {
            let values = metric.metric.samples ?? [metric.metric.value]
            if let position = entries[index].metrics.firstIndex(where: { $0.name == metric.name }) {
                entries[index].metrics[position].samples += values
            } else {
                entries[index].metrics.append((metric.name, metric.metric.unit, values))
            }
        }
    }

    /// Adds every result.
    public mutating func add(_ results: [BenchResult]) { for result in results { add(result) } }

    /// One result per name, in first-seen order: a metric seen once keeps its value (and
    /// samples, if it had them); one seen several times gets the median of all its samples.
    public var results: [BenchResult] {
        entries.map { entry in
            var result = entry.template
            result.metrics = entry.metrics.map { metric in
                let original = entry.template.metrics[metric.name]
                if metric.samples.count == 1, let original { return NamedMetric(name: metric.name, metric: original) }
                if let original, original.samples == metric.samples { return NamedMetric(name: metric.name, metric: original) }
                return NamedMetric(name: metric.name, metric: MetricValue(value: metric.samples.median ?? 0, unit: metric.unit, samples: metric.samples))
            }
            return result
        }
    }
}

/// One measured figure of a run: its value, and optionally its unit and raw samples.
public struct MetricValue: Sendable, Equatable, Codable {
    /// The figure the snapshot shows (the median when samples were taken).
    public var value: Double
    /// A unit such as `ms` or `ns/op`, when the input gave one.
    public var unit: String?
    /// Every raw sample, kept for the statistics of `bench check`.
    public var samples: [Double]?

    public init(value: Double, unit: String? = nil, samples: [Double]? = nil) {
        self.value = value
        self.unit = unit
        self.samples = samples
    }
}

/// A metric with its name; results keep their metrics in input order.
public struct NamedMetric: Sendable, Equatable, Codable {
    public var name: String
    public var metric: MetricValue

    public init(name: String, metric: MetricValue) {
        self.name = name
        self.metric = metric
    }
}

extension Array where Element == NamedMetric {
    /// The metric of that name, if the list holds one.
    public subscript(name: String) -> MetricValue? {
        first { $0.name == name }?.metric
    }

    /// The names, in order.
    public var names: [String] { map(\.name) }
}

extension NamedMetric {
    /// Every metric name in these lists, each once, in the order they first appear.
    public static func names(in lists: some Sequence<[NamedMetric]>) -> [String] {
        var names: [String] = []
        for list in lists { for name in list.names where !names.contains(name) { names.append(name) } }
        return names
    }
}

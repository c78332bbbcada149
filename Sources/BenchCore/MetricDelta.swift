/// How one metric moved between two snapshots.
public struct MetricDelta: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        case better, worse, same, added, removed

        /// The word a table's verdict column shows: none for a metric added or removed (its
        /// delta column says "(new)" or "(gone)").
        public var word: String {
            switch self {
            case .better, .worse, .same: rawValue
            case .added, .removed: ""
            }
        }
    }

    public var name: String
    public var unit: String?
    public var from: Double?
    public var to: Double?
    public var direction: Direction

    public init(name: String, unit: String?, from: Double?, to: Double?, direction: Direction) {
        self.name = name
        self.unit = unit
        self.from = from
        self.to = to
        self.direction = direction
    }

    /// `to - from`, when both sides have the metric.
    public var absolute: Double? {
        guard let from, let to else { return nil }
        return to - from
    }

    /// The change relative to `from`, in percent; nil when `from` is zero or missing.
    public var percent: Double? {
        guard let from, let absolute, from != 0 else { return nil }
        return absolute / abs(from) * 100
    }

    /// Whether the move is for the better, by the metric's direction.
    public var verdict: Verdict {
        guard let absolute else { return from == nil ? .added : .removed }
        if absolute == 0 { return .same }
        return (absolute > 0) == (direction == .higher) ? .better : .worse
    }

    /// Deltas for every metric on either side, in the order the metrics first appear.
    public static func between(_ old: [NamedMetric], _ new: [NamedMetric],
                               direction: (String) -> Direction) -> [MetricDelta] {
        var names = old.names
        for name in new.names where !names.contains(name) { names.append(name) }
        return names.map { name in
            MetricDelta(name: name, unit: new[name]?.unit ?? old[name]?.unit, from: old[name]?.value,
                        to: new[name]?.value, direction: direction(name))
        }
    }
}

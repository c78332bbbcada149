import BenchCore

/// How one metric moved, as `bench compare --json` writes each of its `deltas` and the
/// dashboard's comparison of two sides writes each of its own (documented in the README).
public struct MetricDeltaJSON: Encodable, Sendable {
    public var metric: String
    public var unit: String?
    public var from: Double?
    public var to: Double?
    public var delta: Double?
    public var delta_percent: Double?
    public var direction: String
    public var verdict: String

    public init(_ delta: MetricDelta) {
        metric = delta.name
        unit = delta.unit
        from = delta.from
        to = delta.to
        self.delta = delta.absolute
        delta_percent = delta.percent
        direction = delta.direction.rawValue
        verdict = delta.verdict.rawValue
    }
}

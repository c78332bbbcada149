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

/// Two sides across every series, as `bench compare --by … --json` prints them and
/// `/api/compare` returns them (`side_by_side`): each delta as `bench compare --json` writes
/// it for two versions, with its series; worse first (`SideBySide.ordered`).
public struct SideBySideJSON: Encodable, Sendable {
    /// A series' delta: its key beside `bench compare --json`'s fields.
    public struct DeltaJSON: Encodable, Sendable {
        public var series: SeriesKey
        public var delta: MetricDeltaJSON

        enum CodingKeys: String, CodingKey { case series }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(series, forKey: .series)
            try delta.encode(to: encoder)
        }
    }
    public var by: String
    public var a: String
    public var b: String
    public var deltas: [DeltaJSON]

    public init(_ sides: SideBySide) {
        by = sides.kind.rawValue
        a = sides.a
        b = sides.b
        deltas = sides.ordered.map { DeltaJSON(series: $0.series, delta: MetricDeltaJSON($0.delta)) }
    }
}

import Foundation

/// One version of a series reduced to one metric: what a chart of that metric draws and its
/// readout names (the version, its commit, when it was recorded, the testbed, the value).
/// `Store.points(of:metric:)` reads these without the rest of each snapshot.
public struct MetricPoint: Sendable, Equatable, VersionedRun {
    public var version: Int
    public var commitSha: String
    public var createdAt: Date
    /// The testbed its run was measured on; nil when unknown.
    public var testbed: String?
    /// The metric's value, unit and samples at this version.
    public var metric: MetricValue

    public init(version: Int, commitSha: String, createdAt: Date, testbed: String?, metric: MetricValue) {
        self.version = version
        self.commitSha = commitSha
        self.createdAt = createdAt
        self.testbed = testbed
        self.metric = metric
    }

    /// The snapshot's point for `name`, when it has that metric.
    public init?(_ snapshot: Snapshot, metric name: String) {
        guard let metric = snapshot.metrics[name] else { return nil }
        self.init(version: snapshot.version, commitSha: snapshot.commitSha, createdAt: snapshot.createdAt, testbed: snapshot.testbed, metric: metric)
    }
}

/// One metric of a series over its active versions, oldest first.
public struct MetricSeries: Sendable, Equatable {
    public var metric: String
    public var points: [MetricPoint]

    public init(metric: String, points: [MetricPoint]) {
        self.metric = metric
        self.points = points
    }

    /// Every metric of an active history, oldest first, in the order its snapshots first
    /// name them.
    public static func of(_ oldestFirst: [Snapshot]) -> [MetricSeries] {
        var gathered = Gathering()
        for snapshot in oldestFirst {
            for metric in snapshot.metrics {
                gathered.add(MetricPoint(version: snapshot.version, commitSha: snapshot.commitSha, createdAt: snapshot.createdAt,
                                         testbed: snapshot.testbed, metric: metric.metric), as: metric.name)
            }
        }
        return gathered.series
    }

    /// Points gathered into their metrics' series, oldest version first, each series
    /// starting where its metric is first named.
    public struct Gathering {
        public private(set) var series: [MetricSeries] = []
        private var places: [String: Int] = [:]

        public init() {}

        /// Adds a version's value of the metric `name`. A name given twice in one version
        /// keeps its first value, as a snapshot's `metrics[name]` reads.
        public mutating func add(_ point: MetricPoint, as name: String) {
            if let place = places[name] {
                if series[place].points.last?.version != point.version { series[place].points.append(point) }
            } else {
                places[name] = series.count
                series.append(MetricSeries(metric: name, points: [point]))
            }
        }
    }
}

/// A version of a series and the testbed that measured it: what testbed epochs are cut from.
public protocol VersionedRun {
    var version: Int { get }
    var testbed: String? { get }
}

extension Snapshot: VersionedRun {}

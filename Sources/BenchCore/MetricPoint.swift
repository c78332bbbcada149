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
        var found: [MetricSeries] = [], places: [String: Int] = [:]
        for snapshot in oldestFirst {
            for metric in snapshot.metrics {
                let point = MetricPoint(version: snapshot.version, commitSha: snapshot.commitSha, createdAt: snapshot.createdAt,
                                        testbed: snapshot.testbed, metric: metric.metric)
                if let place = places[metric.name] {
                    // A name given twice in one snapshot: the first is its value, as `metrics[name]` reads.
                    if found[place].points.last?.version != snapshot.version { found[place].points.append(point) }
                } else {
                    places[metric.name] = found.count
                    found.append(MetricSeries(metric: metric.name, points: [point]))
                }
            }
        }
        return found
    }
}

/// A version of a series and the testbed that measured it: what testbed epochs are cut from.
public protocol VersionedRun {
    var version: Int { get }
    var testbed: String? { get }
}

extension Snapshot: VersionedRun {}

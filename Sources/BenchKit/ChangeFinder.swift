import BenchCore
import BenchGit
import BenchStore

/// A change point in a series' history, tied to the snapshot and commit where it starts.
public struct SeriesChange: Sendable {
    public var change: ChangePoint
    /// The first snapshot after the change, and the one before it.
    public var first: Snapshot
    public var previous: Snapshot
    /// The commit of `first`, when this clone has it.
    public var commit: CommitSummary?
}

/// What `bench changes` found in one series.
public struct SeriesChanges: Sendable {
    public var series: SeriesKey
    public var metric: String
    public var points: Int
    public var changes: [SeriesChange]
    /// The stretches measured on one testbed, oldest first: a testbed change is a known split,
    /// never a change point (detection runs within each epoch).
    public var epochs: [TestbedEpoch] = []
}

/// Finds the steps in a series' history (`bench changes`).
public struct ChangeFinder {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// Change points of `metric` over the active history of the matching series, oldest first.
    public func changes(_ filter: SeriesFilter, metric: String) throws(BenchError) -> [SeriesChanges] {
        let keys = try session.series(matching: filter)
        let store = try session.readStore()
        var result: [SeriesChanges] = []
        for key in keys {
            let history: [Snapshot]
            do { history = try store.history(of: key).filter(\.isActive).reversed() } catch { throw BenchError(error) }
            let measured = history.filter { $0.metrics[metric] != nil }
            guard !measured.isEmpty else { continue }
            let values = measured.map { $0.metrics[metric]!.value }
            let epochs = TestbedEpoch.of(measured)
            let points = epochs.flatMap { epoch in
                ChangePointDetector().detect(Array(values[epoch.range])).map { point in
                    var shifted = point
                    shifted.index += epoch.range.lowerBound
                    return shifted
                }
            }
            let changes = points.map { point in
                SeriesChange(change: point, first: measured[point.index], previous: measured[point.index - 1],
                             commit: session.commitSummary(measured[point.index].commitSha))
            }
            result.append(SeriesChanges(series: key, metric: metric, points: values.count, changes: changes, epochs: epochs))
        }
        guard !result.isEmpty else {
            let model = filter.modelVersion ?? ""
            throw BenchError(.badInput, "unknown metric '\(metric)' for '\(model)'",
                             hint: "see the recorded metrics with `bench history \(model)`")
        }
        return result
    }
}

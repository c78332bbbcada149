import BenchCore
import BenchGit
import BenchStore
import Foundation
import Synchronization

/// A change point in a series' history, tied to the snapshot and commit where it starts.
public struct SeriesChange: Sendable {
    public var change: ChangePoint
    /// The first snapshot after the change, and the one before it.
    public var first: Snapshot
    public var previous: Snapshot
    /// The commit of `first`, when this clone has it.
    public var commit: CommitSummary?
}

/// What `bench changes` found in one metric of one series.
public struct SeriesChanges: Sendable {
    public var series: SeriesKey
    public var metric: String
    /// Versions looked at: the newest `window` active versions that have the metric.
    public var points: Int
    public var changes: [SeriesChange]
    /// The stretches measured on one testbed, oldest first: a testbed change is a known split,
    /// never a change point (detection runs within each epoch).
    public var epochs: [TestbedEpoch] = []
}

/// What `bench changes` looks at, and how sure and how large a step must be.
public struct ChangeOptions: Sendable {
    /// The series to scan.
    public var filter: SeriesFilter
    /// The metric; nil scans every metric the series have.
    public var metric: String?
    /// Every series the filter matches on any branch (`--all`), one after the other; else the
    /// matching series of the current branch when the model has one there.
    public var everySeries = false
    /// The p-value a change point must stay under (`--max-p`), before the detector's
    /// scaling for series longer than `ChangePointDetector.calibratedLength`.
    public var maximumP = ChangeOptions.defaultMaximumP
    /// The smallest step reported, as a fraction of the level before it (`--min-change`).
    public var minimumChange = 0.0
    /// Only the newest this many versions (`--window`); nil: the whole history.
    public var window: Int?

    public init(_ filter: SeriesFilter, metric: String?) {
        self.filter = filter
        self.metric = metric
    }

    /// The detector's own: p < 0.001.
    public static let defaultMaximumP = ChangePointDetector().pValue

    /// Fewest versions `window` may keep: two segments of the detector's minimum size.
    public static let smallestWindow = 2 * ChangePointDetector().minimumSegment

    var detector: ChangePointDetector { ChangePointDetector(pValue: maximumP, minimumRelativeChange: minimumChange) }
}

/// Finds the steps in a series' history (`bench changes`).
public struct ChangeFinder {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// Change points of the chosen metrics over the active history of the matching series,
    /// oldest first; by series, then metric in the order the results name them. `progress`
    /// hears how many of the series have been scanned, of how many.
    public func changes(_ options: ChangeOptions, progress: (Int, Int) -> Void = { _, _ in }) throws(BenchError) -> [SeriesChanges] {
        let store = try session.readStore()
        let keys = try seriesToScan(options, store)
        var result: [SeriesChanges] = []
        // A few series read at a time, their metrics searched side by side, then the next:
        // `--all` over a million results holds a few series' points, never the store's.
        for batch in stride(from: 0, to: keys.count, by: Self.seriesAtOnce) {
            var measured: [(key: SeriesKey, series: MetricSeries)] = []
            for key in keys[batch..<min(batch + Self.seriesAtOnce, keys.count)] {
                let read: [MetricSeries]
                do {
                    // One metric: its points only, not every metric of every version.
                    if let metric = options.metric {
                        read = [MetricSeries(metric: metric, points: try store.points(of: key, metric: metric))]
                    } else {
                        read = try store.points(of: key)
                    }
                } catch { throw BenchError(error) }
                for var series in read {
                    series.points = Array(series.points.suffix(options.window ?? .max))
                    if !series.points.isEmpty { measured.append((key, series)) }
                }
            }
            let found = Self.changePoints(measured.map(\.series.points), detector: options.detector)
            for ((key, series), (points, epochs)) in zip(measured, found) {
                result.append(try changes(points, in: series.points, of: key, metric: series.metric, epochs: epochs, store: store))
            }
            progress(min(batch + Self.seriesAtOnce, keys.count), keys.count)
        }
        if result.isEmpty, let metric = options.metric {
            let model = options.filter.modelVersion
            throw BenchError(.badInput, "unknown metric '\(metric)'" + (model.map { " for '\($0)'" } ?? ""),
                             hint: "see the recorded metrics with `bench history \(model ?? "MODEL")`")
        }
        return result
    }

    /// Series read before their metrics are searched: enough to keep every core busy.
    static let seriesAtOnce = 4

    /// The change points of each series of points within each of its testbed epochs (a
    /// testbed change is a known split, never one), the series searched side by side.
    static func changePoints(_ all: [[MetricPoint]], detector: ChangePointDetector) -> [(points: [ChangePoint], epochs: [TestbedEpoch])] {
        let found = Mutex([(points: [ChangePoint], epochs: [TestbedEpoch])](repeating: ([], []), count: all.count))
        DispatchQueue.concurrentPerform(iterations: all.count) { index in
            let values = all[index].map(\.metric.value)
            let epochs = TestbedEpoch.of(all[index])
            let points = epochs.flatMap { epoch in
                detector.detect(Array(values[epoch.range])).map { point in
                    var shifted = point
                    shifted.index += epoch.range.lowerBound
                    return shifted
                }
            }
            found.withLock { $0[index] = (points, epochs) }
        }
        return found.withLock { $0 }
    }

    /// The series to scan: for `--all` every one the filter matches on any branch, else the
    /// matching series of the current branch when the model has one there.
    private func seriesToScan(_ options: ChangeOptions, _ store: any Store) throws(BenchError) -> [SeriesKey] {
        guard options.everySeries else { return try session.series(matching: options.filter) }
        let keys: [SeriesKey]
        do { keys = try store.series(options.filter) } catch { throw BenchError(error) }
        // A model, branch or environment that names nothing is bad input, said as for one series.
        if keys.isEmpty && options.filter != SeriesFilter() { _ = try session.series(matching: options.filter) }
        return keys
    }

    /// One version of a series, as its history lists it.
    private static func snapshot(of key: SeriesKey, version: Int, in store: any Store) throws(BenchError) -> Snapshot {
        let found: [Snapshot]
        do { found = try store.history(of: key, limit: 1, before: version + 1) } catch { throw BenchError(error) }
        guard let snapshot = found.first, snapshot.version == version else {
            throw BenchError(.environment, "\(key) has no version \(version) any more", hint: "run the command again")
        }
        return snapshot
    }

    /// The change points of one metric tied to the snapshots either side and their commit.
    private func changes(_ points: [ChangePoint], in measured: [MetricPoint], of key: SeriesKey, metric: String,
                         epochs: [TestbedEpoch], store: any Store) throws(BenchError) -> SeriesChanges {
        var changes: [SeriesChange] = []
        for point in points {
            let first = try Self.snapshot(of: key, version: measured[point.index].version, in: store)
            changes.append(SeriesChange(change: point, first: first,
                                        previous: try Self.snapshot(of: key, version: measured[point.index - 1].version, in: store),
                                        commit: session.commitSummary(first.commitSha)))
        }
        return SeriesChanges(series: key, metric: metric, points: measured.count, changes: changes, epochs: epochs)
    }
}

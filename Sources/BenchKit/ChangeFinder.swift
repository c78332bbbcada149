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
    /// oldest first; by series, then metric in the order the results name them.
    public func changes(_ options: ChangeOptions) throws(BenchError) -> [SeriesChanges] {
        let store = try session.readStore()
        var result: [SeriesChanges] = []
        // One series read at a time and scanned before the next: `--all` over a million
        // results holds one series' history, never the store's.
        for key in try seriesToScan(options, store) {
            if let metric = options.metric {
                // One metric: its points only, not every snapshot with every metric.
                let measured: [MetricPoint]
                do { measured = Array(try store.points(of: key, metric: metric).suffix(options.window ?? .max)) } catch { throw BenchError(error) }
                guard !measured.isEmpty else { continue }
                result.append(try changes(in: measured, value: \.metric.value, of: key, metric: metric, detector: options.detector) { point throws(BenchError) in
                    try Self.snapshot(of: key, version: point.version, in: store)
                })
                continue
            }
            let history: [Snapshot]
            do { history = try store.history(of: key).filter(\.isActive).reversed() } catch { throw BenchError(error) }
            for metric in Self.metricNames(history) {
                let measured = history.filter { $0.metrics[metric] != nil }.suffix(options.window ?? .max)
                guard !measured.isEmpty else { continue }
                result.append(try changes(in: Array(measured), value: { $0.metrics[metric]!.value }, of: key, metric: metric,
                                          detector: options.detector) { $0 })
            }
        }
        if result.isEmpty, let metric = options.metric {
            let model = options.filter.modelVersion
            throw BenchError(.badInput, "unknown metric '\(metric)'" + (model.map { " for '\($0)'" } ?? ""),
                             hint: "see the recorded metrics with `bench history \(model ?? "MODEL")`")
        }
        return result
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

    /// Every metric a history names, in the order it first names them.
    static func metricNames(_ history: [Snapshot]) -> [String] {
        var seen = Set<String>(), names: [String] = []
        for snapshot in history {
            for metric in snapshot.metrics.map(\.name) where seen.insert(metric).inserted { names.append(metric) }
        }
        return names
    }

    /// Change points within each testbed epoch: a testbed change is a known split, never one.
    /// `snapshot` gives the whole snapshot of a run either side of a change.
    private func changes<Run: VersionedRun>(in measured: [Run], value: (Run) -> Double, of key: SeriesKey, metric: String,
                                            detector: ChangePointDetector,
                                            snapshot: (Run) throws(BenchError) -> Snapshot) throws(BenchError) -> SeriesChanges {
        let values = measured.map(value)
        let epochs = TestbedEpoch.of(measured)
        let points = epochs.flatMap { epoch in
            detector.detect(Array(values[epoch.range])).map { point in
                var shifted = point
                shifted.index += epoch.range.lowerBound
                return shifted
            }
        }
        var changes: [SeriesChange] = []
        for point in points {
            let first = try snapshot(measured[point.index])
            changes.append(SeriesChange(change: point, first: first, previous: try snapshot(measured[point.index - 1]),
                                        commit: session.commitSummary(first.commitSha)))
        }
        return SeriesChanges(series: key, metric: metric, points: measured.count, changes: changes, epochs: epochs)
    }
}

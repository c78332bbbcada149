import Foundation

/// What `bench prune` removes: runs neither kept by the retention policy nor referred to.
public struct PrunePolicy: Sendable, Equatable {
    /// Runs recorded at or after this time are kept (nil: no age rule).
    public var keepSince: Date?
    /// Each series' newest this many versions are kept (nil: no count rule).
    public var keepNewest: Int?
    /// Runs measured at these commits are kept (the commits a git note of `bench tag` names).
    public var keepCommits: [String]

    public init(keepSince: Date?, keepNewest: Int?, keepCommits: [String] = []) {
        self.keepSince = keepSince
        self.keepNewest = keepNewest
        self.keepCommits = keepCommits
    }
}

/// The runs of one series a prune removes: how many, and their versions and times.
public struct PruneGroup: Sendable, Equatable {
    public var series: SeriesKey
    public var runs: Int
    public var oldestVersion: Int
    public var newestVersion: Int
    public var oldestRecorded: Date
    public var newestRecorded: Date

    public init(series: SeriesKey, runs: Int, oldestVersion: Int, newestVersion: Int, oldestRecorded: Date, newestRecorded: Date) {
        self.series = series
        self.runs = runs
        self.oldestVersion = oldestVersion
        self.newestVersion = newestVersion
        self.oldestRecorded = oldestRecorded
        self.newestRecorded = newestRecorded
    }
}

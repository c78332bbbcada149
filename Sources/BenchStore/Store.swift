import BenchCore
import Foundation

/// Who performed an action on snapshots (checkout, baseline), for the audit row it leaves.
public struct ActionContext: Sendable, Equatable {
    public var commitSha: String
    public var triggeredBy: String?
    public var notes: String?
    public var at: Date

    public init(commitSha: String, triggeredBy: String?, notes: String? = nil, at: Date = Date()) {
        self.commitSha = commitSha
        self.triggeredBy = triggeredBy
        self.notes = notes
        self.at = at
    }
}

/// A commit measured on a branch: whether any of its snapshots there is active, any inactive.
public struct CommitState: Sendable, Equatable {
    public var sha: String
    public var hasActive: Bool
    public var hasInactive: Bool
}

extension Store {
    /// Every snapshot version of a series, newest first.
    public func history(of series: SeriesKey) throws(StoreError) -> [Snapshot] { try history(of: series, limit: nil, metrics: true) }

    /// The snapshot versions of a series with their metrics, newest first.
    public func history(of series: SeriesKey, limit: Int?, before: Int? = nil) throws(StoreError) -> [Snapshot] {
        try history(of: series, limit: limit, before: before, metrics: true)
    }

    /// The snapshot versions of a series, newest first: all, or the newest `limit`.
    public func history(of series: SeriesKey, limit: Int?, metrics: Bool) throws(StoreError) -> [Snapshot] {
        try history(of: series, limit: limit, before: nil, metrics: metrics)
    }

    /// Every snapshot measured at one of these commits, of any series, oldest first.
    public func snapshots(atCommits shas: [String]) throws(StoreError) -> [Snapshot] {
        try snapshots(atCommits: shas, matching: SeriesFilter())
    }
}

/// How many runs an import writes between two reports of its progress.
let importProgressStep = 1000

extension Store {
    /// Records `runs` (an array, a slice, the importer's `ChunkedArray`)
    /// as one streamed import, handed over `importChunk` at a time.
    public func importRuns<Runs: RandomAccessCollection<RunRecord>>(_ runs: Runs, time: RunTime, progress: (Int) -> Void)
        throws(StoreError) where Runs.Index == Int {
        _ = try importRuns(time: time, progress: progress) { (write) throws(StoreError) -> Bool in
            for start in stride(from: runs.startIndex, to: runs.endIndex, by: importChunk) {
                try write(Array(runs[start..<min(start + importChunk, runs.endIndex)]))
            }
            return true
        }
    }
}

/// The runs a streamed import hands over at a time: each batch is planned (versions,
/// current flags) in memory as one, so this bounds what an import holds, not what it does.
public let importChunk = 4096

extension StoreError {
    /// Thrown inside an import's transaction to roll it back when its feed gives up; never
    /// seen outside the store.
    static let importAbandoned = StoreError(kind: .conflict, message: "the import was abandoned", code: "bench-import-abandoned")

    /// Runs an import's transaction: false when its feed gave up (`importAbandoned`, which
    /// rolled it back), true when it committed; any other error is thrown.
    static func keepingUnlessAbandoned(_ transaction: () throws(StoreError) -> Void) throws(StoreError) -> Bool {
        do {
            try transaction()
            return true
        } catch {
            if error.kind == .conflict && error.code == importAbandoned.code { return false }
            throw error
        }
    }
}

/// Where the `created_at` of a run being recorded comes from.
public enum RunTime: Sendable, Equatable {
    /// The store's clock, read inside the write transaction once the series is locked: a run
    /// recorded now (`record`, `run`, the hooks, the outbox). A writer that waited for the lock
    /// cannot write an older time than the one it waited for, so a series' versions never go
    /// back in time, and the run becomes current: the newest version is current unless a
    /// checkout pinned an older one since.
    case atWrite
    /// The run's own `createdAt`: history being imported. The run becomes current unless the
    /// series' current snapshot is newer (old results must not replace today's figures).
    case given
}

/// Where results live: the embedded SQLite store or a shared PostgreSQL database.
///
/// Every write is atomic. Within a series, snapshot versions count 1, 2, 3… with no gaps,
/// and exactly one snapshot is current, whatever the number of concurrent writers.
/// Every write (a run, a checkout, a baseline change) leaves one immutable audit row.
/// Each also keeps alerts (`AlertStore`) and the queue of alert notifications (`DeliveryQueue`).
public protocol Store: AnyObject, AlertStore, DeliveryQueue {
    /// Records the runs in one transaction. Each becomes the next version of its series, at
    /// the time `time` says, and current by that time's rule. Returns the new snapshots, in
    /// input order.
    func record(_ runs: [RunRecord], time: RunTime) throws(StoreError) -> [Snapshot]

    /// Records runs by `record`'s rules, in one transaction, without reading the new
    /// snapshots back: a bulk import, streamed. `feed` hands the runs over batch by batch
    /// through `write`, in the order they are to be recorded; the outcome is as if they had
    /// all been recorded at once, in that order. `feed` runs inside the transaction (a read
    /// of the store in it sees the runs written so far) and returns whether to keep them:
    /// false, or an error thrown, rolls the whole import back. Returns what `feed` returned.
    /// `progress` is told how many runs are written, now and then (every
    /// `importProgressStep`) and at the end.
    func importRuns(time: RunTime, progress: (Int) -> Void,
                    _ feed: (_ write: ([RunRecord]) throws(StoreError) -> Void) throws(StoreError) -> Bool) throws(StoreError) -> Bool

    /// The runs a prune by `policy` would remove, by series (ordered by model then series):
    /// runs neither kept by a rule of the policy nor referred to (`StoreSQL.referencedRows`).
    func prunePlan(_ policy: PrunePolicy) throws(StoreError) -> [PruneGroup]

    /// Removes those runs (snapshots, audit rows, metric rows) in one transaction, then
    /// reclaims the space and refreshes the planner's statistics (VACUUM, ANALYZE). Returns
    /// how many runs went.
    func prune(_ policy: PrunePolicy) throws(StoreError) -> Int

    /// Which of these transaction ids the store already holds.
    func existingTransactions(_ ids: [String]) throws(StoreError) -> Set<String>

    /// The current snapshot of every active series that matches, ordered by model then series.
    func currentSnapshots(_ filter: SeriesFilter) throws(StoreError) -> [Snapshot]

    /// Every series that matches, whether or not it has a current snapshot.
    func series(_ filter: SeriesFilter) throws(StoreError) -> [SeriesKey]

    /// The snapshot versions of a series, newest first: all, or the newest `limit`; only
    /// those older than version `before` when given (the cursor of a paged history: one
    /// range read of the series' version index, whatever the page); without their metrics
    /// (left empty) when `metrics` is false, for bookkeeping over long histories.
    func history(of series: SeriesKey, limit: Int?, before: Int?, metrics: Bool) throws(StoreError) -> [Snapshot]

    /// One metric over a series' active versions, oldest first: each version that has it, with
    /// its commit, time, testbed and the metric's value (what a chart of it draws), read
    /// without the rest of each snapshot or its other metrics.
    func points(of series: SeriesKey, metric: String) throws(StoreError) -> [MetricPoint]

    /// Every metric over a series' active versions: what `points(of:metric:)` reads for each,
    /// in the order the versions, oldest first, first name them (`bench changes` without
    /// `--metric`), read in one pass.
    func points(of series: SeriesKey) throws(StoreError) -> [MetricSeries]

    /// Makes `version` the current snapshot of the series (a rollback), or the newest
    /// active version when `version` is nil (undoing one). Throws `.notFound` for a
    /// version the series does not have.
    func checkout(_ series: SeriesKey, version: Int?, by action: ActionContext) throws(StoreError) -> Snapshot

    /// Marks `version` as the series' baseline, replacing any earlier one.
    func setBaseline(_ series: SeriesKey, version: Int, by action: ActionContext) throws(StoreError) -> Snapshot

    /// Removes the series' baseline; returns the snapshot that was it, if any.
    func clearBaseline(_ series: SeriesKey, by action: ActionContext) throws(StoreError) -> Snapshot?

    /// Realigns a series with its branch's history in one transaction: the snapshots in
    /// `inactive` become inactive with their reason (and never current), every other one
    /// active again, and `current` (when given) the current snapshot, which leaves a
    /// `checkout` audit row saying why. Returns the series' history.
    func realign(_ series: SeriesKey, inactive: [Int64: String], current: Int64?, by action: ActionContext) throws(StoreError) -> [Snapshot]

    /// Every commit measured on a branch, once, with whether its snapshots there are active:
    /// what `bench align` needs to see that nothing changed, without reading every version.
    func commitStates(onBranch branch: String) throws(StoreError) -> [CommitState]

    /// Every baseline snapshot that matches, by series; within a series (the seeds' UPDATE
    /// can flag several on PostgreSQL) the newest version first, which is the one bench uses.
    func baselines(_ filter: SeriesFilter) throws(StoreError) -> [Snapshot]

    /// Every snapshot measured at one of these commits (full shas), oldest first.
    func snapshots(atCommits shas: [String], matching filter: SeriesFilter) throws(StoreError) -> [Snapshot]

    /// Audit rows, oldest first: all kinds, or only `kinds`; only those at or after `since`.
    func entries(since: Date?, kinds: Set<TransactionKind>?, series: SeriesFilter) throws(StoreError) -> [AuditEntry]

    /// One audit row by its id.
    func entry(id: String) throws(StoreError) -> AuditEntry?

    /// How many rows each table holds.
    func counts() throws(StoreError) -> StoreCounts

    /// Every testbed runs were recorded on, the newest first; the runs of no known testbed
    /// as one entry without a name.
    func testbeds() throws(StoreError) -> [TestbedUsage]
}

import BenchCore
import Foundation

/// A bulk import into the embedded store, batch by batch as the importer hands the runs
/// over. Versions and current flags are worked out in memory for each batch, from each
/// series' state carried over from the batch before (at first its newest version and current
/// snapshot, read once, by index), so each run costs only its inserts: no per-run version
/// query, no per-run UPDATE of the flag it takes from the run before. Each snapshot is
/// written with its final flags in its batch; a series' current snapshot that a batch
/// supersedes (stored, or written by an earlier batch) loses its flag in one UPDATE.
///
/// The outcome is `insertRun`'s, run by run, in input order: the same rows, versions,
/// current flags and times (a run superseded by a later run of the import keeps, as
/// `last_updated_at`, the time of the run that superseded it). `ImportEquivalenceTests`
/// holds the two to each other.
extension SQLiteStore {
    public func importRuns(time: RunTime, progress: (Int) -> Void,
                           _ feed: (_ write: ([RunRecord]) throws(StoreError) -> Void) throws(StoreError) -> Bool) throws(StoreError) -> Bool {
        // The writes land all over the commit indexes: a larger page cache for this
        // connection keeps those pages in memory instead of re-reading them.
        try db.execute("PRAGMA cache_size = -\(Self.importCacheKiB)")
        // The import's references are to rows it writes itself, in the same transaction (a
        // metric row to its run's audit row, a snapshot to its audit row): checking each cost
        // an index lookup per row and could find nothing wrong. Every other write checks them.
        // (The pragma does nothing inside a transaction: it is set before.)
        try db.execute("PRAGMA foreign_keys = OFF")
        defer { try? db.execute("PRAGMA foreign_keys = ON; PRAGMA cache_size = -2000") }
        var written = 0
        let kept = try StoreError.keepingUnlessAbandoned { () throws(StoreError) in
            try db.writeTransaction { () throws(StoreError) in
                // The series-ordered rows (SQLitePoints.swift) are written here from what the
                // import holds, instead of by the insert trigger, which looks each run up again
                // and took as long as the rest of the import: the trigger is set aside inside
                // this transaction and put back before it commits (a failure rolls both back).
                let trigger = try db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'benchmark_snapshots_written'")
                    .rows { $0.text(0) }.first ?? SQLiteMigrations.snapshotsWritten
                try db.execute("DROP TRIGGER IF EXISTS benchmark_snapshots_written")
                var batch = ImportBatch()
                // (`progress` is only called while `feed` runs.)
                let keep = try withoutActuallyEscaping(progress) { (progress) throws(StoreError) -> Bool in
                    try feed { (runs) throws(StoreError) in try write(runs, time: time, into: &batch, progress: progress) }
                }
                written = batch.written
                guard keep else { throw StoreError.importAbandoned }
                // The trigger as the schema held it, whatever migration wrote it last.
                try db.execute(trigger)
            }
        }
        if kept { progress(written) }
        return kept
    }

    /// What an import carries from one batch of runs to the next.
    private struct ImportBatch {
        /// Each series the import has written so far, as the next batch finds it.
        var states: [SeriesKey: SeriesState] = [:]
        var seriesIds: [SeriesKey: Int64] = [:]
        var written = 0
    }

    /// Writes one batch of an import: planned as a whole, then each run's rows. Its runs that
    /// end the batch current are, for the next batch, stored current snapshots it supersedes.
    private func write(_ runs: [RunRecord], time: RunTime, into batch: inout ImportBatch, progress: (Int) -> Void) throws(StoreError) {
        // BEGIN IMMEDIATE holds the only write lock: times read now cannot be overtaken.
        let times = runs.map { Timestamp.format(time == .atWrite ? Date() : $0.createdAt) }
        let plan = try plan(runs, times: times, recordedNow: time == .atWrite, states: &batch.states)
        for (id, at) in plan.superseded {
            try db.prepare("UPDATE benchmark_snapshots SET is_current = 0, last_updated_at = ?2 WHERE id = ?1")
                .run([.integer(id), .text(at)])
        }
        var currentSnapshots: [Int: Int64] = [:]
        for (index, run) in runs.enumerated() {
            let now = times[index], metricsJSON = JSONText.flatMetrics(run.metrics)
            let seq = try insertEntry(id: run.id, kind: .run, series: run.series, provider: run.modelProvider,
                                      provenance: run.provenance, metricsJSON: metricsJSON, version: Int(plan.versions[index]), at: now)
            if let testbed = run.provenance.testbed { try registerTestbed(testbed, run.fingerprint, at: now) }
            try insertMetrics(run.metrics, of: seq)
            try insertSnapshot(run, version: plan.versions[index], at: now, current: plan.current[index],
                               lastUpdated: plan.lastUpdated[index] ?? now, metricsJSON: metricsJSON)
            let snapshot = db.lastInsertRowID
            if plan.current[index] { currentSnapshots[index] = snapshot }
            let series: Int64
            if let known = batch.seriesIds[run.series] { series = known } else {
                series = try seriesId(run.series)
                batch.seriesIds[run.series] = series
            }
            try insertPoints(run, series: series, version: plan.versions[index], snapshot: snapshot, at: now)
            batch.written += 1
            if batch.written % importProgressStep == 0 { progress(batch.written) }
        }
        for (index, snapshot) in currentSnapshots {
            batch.states[runs[index].series]?.storedCurrent = snapshot
            batch.states[runs[index].series]?.importedCurrent = nil
        }
    }

    /// The number of a series in `benchmark_series`, numbered now when it is new.
    private func seriesId(_ series: SeriesKey) throws(StoreError) -> Int64 {
        let key = seriesValues(series)
        try db.prepare("""
            INSERT OR IGNORE INTO benchmark_series (model_version, dataset_version, prompt_version, environment, branch_name)
            VALUES (?1, ?2, ?3, ?4, ?5)
            """).run(key)
        guard let id = try db.prepare("SELECT r.id FROM benchmark_series r WHERE \(Self.seriesIs)").rows(key, { $0.int(0) }).first else {
            throw StoreError(kind: .database, message: "the series \(series) has no number in benchmark_series after it was written")
        }
        return id
    }

    /// A run's rows in the series-ordered tables, as the insert trigger writes them: its
    /// version (commit, time, testbed, active) and each metric in the run's order.
    private func insertPoints(_ run: RunRecord, series: Int64, version: Int64, snapshot: Int64, at now: String) throws(StoreError) {
        try db.prepare("""
            INSERT INTO benchmark_versions (series_id, snapshot_version, snapshot_id, commit_sha, created_at, testbed, is_active)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)
            """).run([.integer(series), .integer(version), .integer(snapshot), .text(run.provenance.commitSha), .text(now),
                      run.provenance.testbed.map { .text($0) } ?? .null])
        let insertPoint = try db.prepare("""
            INSERT INTO benchmark_points (series_id, snapshot_version, position, metric_name, value, unit, samples)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """)
        for (position, metric) in run.metrics.enumerated() {
            try insertPoint.run([.integer(series), .integer(version), .integer(Int64(position))], metric: metric)
        }
    }

    /// The page cache of an import, in KiB (SQLite's default is 2,000). 16 MiB imported
    /// 100,000 runs as fast as 64 did, into an empty store and into one of a million (7.0 s
    /// against 8.9), and the import's peak memory went from 197 MB to 138.
    static let importCacheKiB = 16_384

    /// What recording `runs` one by one would leave: each run's version, whether it ends
    /// current, and the time a later run of the import superseded it (nil: never); and the
    /// series' earlier current snapshots that a run supersedes, with that run's time.
    private struct ImportPlan {
        var versions: [Int64] = []
        var current: [Bool] = []
        var lastUpdated: [String?] = []
        var superseded: [(id: Int64, at: String)] = []
    }

    /// One series as the import goes: its newest version, and its current snapshot (a
    /// stored one by id, or a run of the import by index) with that snapshot's time.
    private struct SeriesState {
        var newestVersion: Int64
        var storedCurrent: Int64?
        var importedCurrent: Int?
        var currentTime: String?
    }

    private func plan(_ runs: [RunRecord], times: [String], recordedNow: Bool,
                      states: inout [SeriesKey: SeriesState]) throws(StoreError) -> ImportPlan {
        var plan = ImportPlan(versions: [], current: Array(repeating: false, count: runs.count),
                              lastUpdated: Array(repeating: nil, count: runs.count))
        plan.versions.reserveCapacity(runs.count)
        for (index, run) in runs.enumerated() {
            var state: SeriesState
            if let known = states[run.series] { state = known } else { state = try storedState(of: run.series) }
            state.newestVersion += 1
            plan.versions.append(state.newestVersion)
            // `insertRun`'s rule: a run recorded now is the newest; an imported one becomes
            // current unless the series' current snapshot is newer.
            let now = times[index]
            if recordedNow || state.currentTime.map({ now >= $0 }) ?? true {
                if let earlier = state.importedCurrent {
                    plan.current[earlier] = false
                    plan.lastUpdated[earlier] = now
                } else if let stored = state.storedCurrent {
                    plan.superseded.append((stored, now))
                }
                state.storedCurrent = nil
                state.importedCurrent = index
                state.currentTime = now
                plan.current[index] = true
            }
            states[run.series] = state
        }
        return plan
    }

    /// A series' newest version and current snapshot in the store: two index lookups.
    private func storedState(of series: SeriesKey) throws(StoreError) -> SeriesState {
        let inSeries = Self.dialect.condition(series)
        let newest = try db.prepare("SELECT COALESCE(MAX(snapshot_version), 0) AS version FROM benchmark_snapshots WHERE \(inSeries.sql)")
            .rows(bindings(inSeries)) { $0.int("version") }.first ?? 0
        let current = try db.prepare("""
            SELECT id, created_at FROM benchmark_snapshots WHERE \(inSeries.sql) AND \(Self.dialect.isSet("is_current"))
            """).rows(bindings(inSeries)) { ($0.int("id"), $0.text("created_at")) }.first
        return SeriesState(newestVersion: newest, storedCurrent: current?.0, importedCurrent: nil, currentTime: current?.1)
    }
}

import BenchCore
import BenchGit
import BenchStore
import Foundation

/// What an import recorded.
public struct ImportSummary: Sendable, Equatable {
    public var runs: Int
    public var series: Int
    /// The alerts the newest imported result of each series opened or resolved.
    public var alerts: [AlertEvent] = []
    /// Things the user should know.
    public var warnings: [String] = []
}

/// Loads historical results in bulk: every file read first, then all of them recorded in
/// one transaction, in time order, so a bad file leaves the store untouched.
///
/// Input already in time order (an export, a history written as it happened) is read twice
/// and never held: the first read checks every file and result, the second hands the runs
/// to the store `importChunk` at a time (`Store.importRuns(time:progress:_:)`). Any other
/// input (out of time order, not a regular file, a file whose streamed read fell back to a
/// whole parse) is read once into memory and sorted, as before: the same outcome, at the
/// cost of holding every run.
public struct Importer {
    let session: Session
    var workspace: Workspace { session.workspace }

    public init(_ session: Session) { self.session = session }

    /// Parses every file (in `format`, found from each file's content by default), then records everything at once. Results without `commit_sha`
    /// are recorded against HEAD; a full sha that this clone lacks is kept as given.
    /// `progress` is told the runs written so far and the runs to write, now and then.
    public func importFiles(_ paths: [String], format: ResultFormat = .auto, environment: String?,
                            progress: ((Int, Int) -> Void)? = nil) throws(BenchError) -> ImportSummary {
        guard !paths.isEmpty else { throw BenchError(.badInput, "no files given", hint: "bench import results1.json results2.json …") }
        if let environment {
            do { try Names.validate(environment, field: "--environment") } catch { throw BenchError(error) }
        }
        var maker = RunMaker(self, environment: environment, head: try workspace.head())
        let store: Store
        let imported: (runs: Int, series: Set<SeriesKey>)
        // Only regular files can be read twice: a pipe, a FIFO or a process substitution
        // (`<(zcat history.json.gz)`) is drained by the first read.
        if paths.allSatisfy(InputReader.isRegularFile), let checked = try check(paths, format: format, maker: &maker) {
            store = try session.writeStore()
            imported = try stream(paths, format: format, checked: checked, maker: maker, into: store, progress: progress)
        } else {
            let runs = try read(paths, format: format, maker: &maker)
            store = try session.writeStore()
            // Exported history keeps its times; results that carry none are recorded now,
            // their time taken by the store inside its write transaction.
            imported = try write(runs, time: maker.timed ? .given : .atWrite, into: store, progress: progress)
        }
        var summary = ImportSummary(runs: imported.runs, series: imported.series.count)
        // History is not replayed: only the newest result of each series is reviewed, as if
        // it had just been recorded.
        do throws(BenchError) {
            var newest: [Snapshot] = []
            for series in imported.series {
                do { newest += try store.history(of: series, limit: 1, before: nil, metrics: true) } catch { throw BenchError(error) }
            }
            summary.alerts = try AlertDesk(session).apply(.review(newest.sorted { $0.id < $1.id }))
        } catch {
            summary.warnings.append("alerts were not reviewed: \(error.message)")
        }
        return summary
    }

    /// What the first read of input in time order found: enough to write it on the second.
    private struct Checked {
        var results = 0
        var time: RunTime
    }

    /// The first of two reads: every file parsed and every result checked (its revision, its
    /// transaction id), nothing kept but the ids results give. Nil when the input cannot be
    /// streamed: a result older than the one before it, or a file read again as a whole after
    /// some of its results were handed over; the files after are not read, and `read` reads
    /// them all again (its errors are the errors). Throws what `read` would throw, in the same order.
    private func check(_ paths: [String], format: ResultFormat, maker: inout RunMaker) throws(BenchError) -> Checked? {
        var results = 0, timed = false, inOrder = true, rewound = false
        var latest = Date.distantPast
        var given = Set<String>(), duplicate: String?
        for path in paths where inOrder && !rewound {
            let start = results
            try InputReader.forEachResult(from: path, format: format, rewind: { rewound = rewound || results > start }) { result in
                guard maker.unknown == nil, inOrder, !rewound else { return }
                guard maker.commit(of: result) != nil else { return }
                let createdAt = result.createdAt ?? maker.now
                inOrder = createdAt >= latest
                latest = createdAt
                timed = timed || result.createdAt != nil
                if let id = result.transactionId, duplicate == nil, !given.insert(id).inserted { duplicate = id }
                results += 1
            }
        }
        guard inOrder, !rewound else {
            maker.unknown = nil
            return nil
        }
        if let unknown = maker.unknown { throw unknown }
        if let duplicate { throw Self.twice(duplicate) }
        return Checked(results: results, time: timed ? .given : .atWrite)
    }

    /// The second read (`SecondRead`, on a thread of its own): each result made a run again
    /// and handed to the store in batches, inside its transaction, while the next batch is
    /// read; a batch whose transactions the store holds already rolls the import back.
    private func stream(_ paths: [String], format: ResultFormat, checked: Checked, maker: RunMaker, into store: Store,
                        progress: ((Int, Int) -> Void)?) throws(BenchError) -> (runs: Int, series: Set<SeriesKey>) {
        let reader = SecondRead(paths, format: format, expected: checked.results, commits: maker.commits, shape: maker.shape)
        var series = Set<SeriesKey>(), failure: BenchError?
        do throws(StoreError) {
            _ = try store.importRuns(time: checked.time, progress: { progress?($0, checked.results) }) { (write) throws(StoreError) -> Bool in
                reader.start()
                while true {
                    switch reader.next() {
                    case .batch(let runs):
                        do throws(StoreError) {
                            let known = try store.existingTransactions(runs.map(\.id))
                            if let first = runs.first(where: { known.contains($0.id) }) {
                                failure = Self.alreadyStored(first.id)
                                reader.stop()
                                return false
                            }
                            for run in runs { series.insert(run.series) }
                            try write(runs)
                        } catch {
                            reader.stop()
                            throw error
                        }
                    case .end(let problem):
                        reader.finish()
                        // A file that changed since the first read rolls everything back.
                        failure = problem
                        return problem == nil
                    }
                }
            }
        } catch {
            throw BenchError(error)
        }
        if let failure { throw failure }
        return (checked.results, series)
    }

    /// Every file read into memory, then sorted by time (input not in time order).
    private func read(_ paths: [String], format: ResultFormat, maker: inout RunMaker) throws(BenchError) -> ChunkedArray<RunRecord> {
        // In chunks: an array's doubling needed room for the runs three times over.
        var runs = ChunkedArray<RunRecord>()
        for path in paths {
            // What the file's results have done so far, taken back when its read rewinds.
            let start = runs.count, timedBefore = maker.timed, unknownBefore = maker.unknown
            let rewind = {
                runs.truncate(to: start)
                maker.timed = timedBefore
                maker.unknown = unknownBefore
            }
            try InputReader.forEachResult(from: path, format: format, rewind: rewind) { result in
                if let run = maker.run(for: result) { runs.append(run) }
            }
        }
        if let unknown = maker.unknown { throw unknown }
        var seen = Set<String>()
        for run in runs where !seen.insert(run.id).inserted { throw Self.twice(run.id) }
        seen = []
        // Stable: equal times keep file order. The runs are put in that order in place, not
        // copied (100,000 runs are tens of megabytes, and a copy and its pairs were twice that).
        let order = runs.indices.sorted { (runs[$0].createdAt, $0) < (runs[$1].createdAt, $1) }
        runs.permute(to: order)
        return runs
    }

    /// Records runs read into memory, in one transaction.
    private func write(_ runs: ChunkedArray<RunRecord>, time: RunTime, into store: Store,
                       progress: ((Int, Int) -> Void)?) throws(BenchError) -> (runs: Int, series: Set<SeriesKey>) {
        let known: Set<String>
        do { known = try store.existingTransactions(runs.map(\.id)) } catch { throw BenchError(error) }
        if let first = runs.first(where: { known.contains($0.id) }) { throw Self.alreadyStored(first.id) }
        // Exported history keeps its times; results that carry none are recorded now, their
        // time taken by the store inside its write transaction.
        do { try store.importRuns(runs, time: time) { progress?($0, runs.count) } } catch { throw BenchError(error) }
        // One by one: a set made from the runs' 100,000 keys at once reserved room for all of them.
        var series = Set<SeriesKey>()
        for run in runs { series.insert(run.series) }
        return (runs.count, series)
    }

    private static func twice(_ id: String) -> BenchError {
        BenchError(.badInput, "transaction \(id) appears twice in the input", hint: "remove the duplicate")
    }

    private static func alreadyStored(_ id: String) -> BenchError {
        BenchError(.badInput, "transaction \(id) is already in the store; nothing was imported",
                   hint: "this file was imported before; remove its rows or import only new files")
    }

    /// Makes each result a run: its commit looked up once per revision, its series completed
    /// from the options and HEAD. A revision this clone does not know is kept in `unknown`
    /// and said once every file has been read: problems in the files come first.
    private struct RunMaker {
        let importer: Importer
        let shape: RunShape
        var commits: [String: (info: CommitInfo?, sha: String)] = [:]
        var unknown: BenchError?
        /// Whether any result gave its time.
        var timed = false

        init(_ importer: Importer, environment: String?, head: Head) {
            self.importer = importer
            shape = RunShape(environment: environment, branch: head.branchName, now: Date(), actor: importer.workspace.actor)
        }

        /// The time of results that give none.
        var now: Date { shape.now }

        /// The commit `result` names (one sha string per commit, shared by its runs), or nil
        /// once a revision is unknown.
        mutating func commit(of result: BenchResult) -> (info: CommitInfo?, sha: String)? {
            guard unknown == nil else { return nil }
            let revision = result.commitSha ?? "HEAD"
            if let known = commits[revision] { return known }
            do throws(BenchError) {
                let info = try importer.lookUp(revision)
                let commit = (info, info?.oid.hex ?? revision.lowercased())
                commits[revision] = commit
                return commit
            } catch {
                unknown = error
                return nil
            }
        }

        mutating func run(for result: BenchResult) -> RunRecord? {
            guard let commit = commit(of: result) else { return nil }
            timed = timed || result.createdAt != nil
            return shape.run(for: result, commit: commit)
        }
    }

    /// The commit a result names: resolved in this clone, or nil for a full sha it lacks.
    private func lookUp(_ revision: String) throws(BenchError) -> CommitInfo? {
        do {
            return try workspace.repository.commit(try workspace.repository.resolve(revision))
        } catch {
            if OID(hex: revision) != nil { return nil }
            throw BenchError(.badInput, "unknown revision '\(revision)' in commit_sha",
                             hint: "give a revision this repository knows, or the commit's full 40-character sha")
        }
    }
}

extension MutableCollection where Index == Int {
    /// Puts the elements in `order` (the new position i holds the element that was at
    /// `order[i]`), in place: one pass over each cycle of the permutation, one element held.
    mutating func permute(to order: [Int]) {
        precondition(order.count == count && startIndex == 0, "an order must name every element once")
        var placed = [Bool](repeating: false, count: count)
        for start in indices where !placed[start] {
            let held = self[start]
            var position = start
            while true {
                placed[position] = true
                let source = order[position]
                if source == start {
                    self[position] = held
                    break
                }
                self[position] = self[source]
                position = source
            }
        }
    }
}

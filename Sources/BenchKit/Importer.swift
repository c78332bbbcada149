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

/// Loads historical results in bulk: every file parsed first, then all of them recorded
/// in one transaction, in time order, so a bad file leaves the store untouched.
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
        let head = try workspace.head()
        // Each result becomes a run as it is read, and is not kept: 100,000 results were
        // tens of megabytes beside their runs. A revision this clone does not know is said
        // once every file has been read, as before: problems in the files come first.
        var runs: [RunRecord] = []
        var timed = false, unknown: BenchError?
        var commits: [String: (info: CommitInfo?, sha: String)] = [:]
        let now = Date()
        // Once, not per result: without $USER it reads the account database each time.
        let actor = workspace.actor
        for path in paths {
            // What the file's results have done so far, taken back when its read rewinds.
            let start = runs.count, timedBefore = timed, unknownBefore = unknown
            let rewind = {
                runs.removeSubrange(start...)
                timed = timedBefore
                unknown = unknownBefore
            }
            try InputReader.forEachResult(from: path, format: format, rewind: rewind) { result in
                guard unknown == nil else { return }
                let revision = result.commitSha ?? "HEAD"
                if commits[revision] == nil {
                    do throws(BenchError) {
                        let info = try lookUp(revision)
                        // One sha string per commit, shared by its runs.
                        commits[revision] = (info, info?.oid.hex ?? revision.lowercased())
                    } catch {
                        unknown = error
                        return
                    }
                }
                let commit = commits[revision]!
                timed = timed || result.createdAt != nil
                runs.append(RunRecord(
                    id: result.transactionId ?? TransactionID.make(),
                    series: result.series(environment: result.environment ?? environment ?? "local",
                                          branch: result.branchName ?? head.branchName),
                    modelProvider: result.modelProvider, metrics: result.metrics,
                    provenance: Provenance(commitSha: commit.sha, commitTime: commit.info?.time, commitAuthor: commit.info?.authorName,
                                           isDirty: result.isDirty ?? false,
                                           runId: result.runId, triggeredBy: result.triggeredBy ?? actor,
                                           tags: result.tags ?? [], notes: result.notes, datasetSize: result.datasetSize,
                                           durationSeconds: result.durationSeconds, testbed: result.testbed),
                    createdAt: result.createdAt ?? now))
            }
        }
        if let unknown { throw unknown }
        // Exported history keeps its times; results that carry none are recorded now, their
        // time taken by the store inside its write transaction.
        let time: RunTime = timed ? .given : .atWrite
        var seen = Set<String>()
        for run in runs where !seen.insert(run.id).inserted {
            throw BenchError(.badInput, "transaction \(run.id) appears twice in the input", hint: "remove the duplicate")
        }
        // Stable: equal times keep file order. The runs are put in that order in place, not
        // copied (100,000 runs are tens of megabytes, and a copy and its pairs were twice that).
        let order = runs.indices.sorted { (runs[$0].createdAt, $0) < (runs[$1].createdAt, $1) }
        runs.permute(to: order)
        let ordered = runs
        runs = []
        let store = try session.writeStore()
        let known: Set<String>
        do { known = try store.existingTransactions(ordered.map(\.id)) } catch { throw BenchError(error) }
        if let first = ordered.first(where: { known.contains($0.id) }) {
            throw BenchError(.badInput, "transaction \(first.id) is already in the store; nothing was imported",
                             hint: "this file was imported before; remove its rows or import only new files")
        }
        do { try store.importRuns(ordered, time: time) { progress?($0, ordered.count) } } catch { throw BenchError(error) }
        let imported = Set(ordered.map(\.series))
        var summary = ImportSummary(runs: ordered.count, series: imported.count)
        // History is not replayed: only the newest result of each series is reviewed, as if
        // it had just been recorded.
        do throws(BenchError) {
            var newest: [Snapshot] = []
            for series in imported {
                do { newest += try store.history(of: series, limit: 1, before: nil, metrics: true) } catch { throw BenchError(error) }
            }
            summary.alerts = try AlertDesk(session).apply(.review(newest.sorted { $0.id < $1.id }))
        } catch {
            summary.warnings.append("alerts were not reviewed: \(error.message)")
        }
        return summary
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

extension Array {
    /// Puts the elements in `order` (the new position i holds the element that was at
    /// `order[i]`), in place: one pass over each cycle of the permutation, one element held.
    mutating func permute(to order: [Int]) {
        precondition(order.count == count, "an order must name every element once")
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

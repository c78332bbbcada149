import BenchCore
import BenchGit
import BenchStore
import Foundation
import Synchronization

/// How an import makes a result a run, once its commit is known: its series completed from
/// `--environment` and HEAD's branch, the time of results that give none, who recorded it.
struct RunShape: Sendable {
    let environment: String?
    let branch: String
    /// The time of results that give none (when some do: else the store's time of writing).
    let now: Date
    /// Once, not per result: without $USER it reads the account database each time.
    let actor: String

    func run(for result: BenchResult, commit: (info: CommitInfo?, sha: String)) -> RunRecord {
        RunRecord(
            id: result.transactionId ?? TransactionID.make(),
            series: result.series(environment: result.environment ?? environment ?? "local", branch: result.branchName ?? branch),
            modelProvider: result.modelProvider, metrics: result.metrics,
            provenance: Provenance(commitSha: commit.sha, commitTime: commit.info?.time, commitAuthor: commit.info?.authorName,
                                   isDirty: result.isDirty ?? false,
                                   runId: result.runId, triggeredBy: result.triggeredBy ?? actor,
                                   tags: result.tags ?? [], notes: result.notes, datasetSize: result.datasetSize,
                                   durationSeconds: result.durationSeconds, testbed: result.testbed),
            createdAt: result.createdAt ?? now)
    }
}

/// The second read of a streamed import, on a thread of its own: it makes each result a run
/// and hands them over `importChunk` at a time, at most two batches ahead, while the store
/// writes the batch before (parsing 100,000 results took about 0.8 s of a 6 s import). It
/// must find what the first read found: the same number of results, in time order, every
/// revision among the commits the first read resolved, no read falling back after results
/// were handed over; else the file changed in between, and the import fails.
final class SecondRead: Sendable {
    enum Piece: Sendable {
        case batch([RunRecord])
        /// The read is over: what went wrong, if anything.
        case end(BenchError?)
    }

    private let paths: [String]
    private let format: ResultFormat
    private let expected: Int
    private let commits: [String: (info: CommitInfo?, sha: String)]
    private let shape: RunShape

    private let queue = Mutex<[Piece]>([])
    private let stopped = Mutex(false)
    /// Room for batches ahead; the batches waiting; the reader's thread has returned. Each
    /// starts at 0 (libdispatch traps when a semaphore is freed below the value it was made
    /// with), and `room` is given its two places at once.
    private let room = DispatchSemaphore(value: 0), waiting = DispatchSemaphore(value: 0), over = DispatchSemaphore(value: 0)

    init(_ paths: [String], format: ResultFormat, expected: Int, commits: [String: (info: CommitInfo?, sha: String)], shape: RunShape) {
        self.paths = paths
        self.format = format
        self.expected = expected
        self.commits = commits
        self.shape = shape
        room.signal()
        room.signal()
    }

    /// Starts reading on a thread of its own.
    func start() {
        DispatchQueue.global().async { [self] in
            read()
            over.signal()
        }
    }

    /// The next piece, waiting for it.
    func next() -> Piece {
        waiting.wait()
        let piece = queue.withLock { $0.removeFirst() }
        room.signal()
        return piece
    }

    /// Tells the reader to stop and waits until its thread has returned. Pieces not taken are dropped.
    func stop() {
        stopped.withLock { $0 = true }
        room.signal()
        over.wait()
    }

    /// Waits until the reader's thread has returned, after it sent `.end`.
    func finish() { over.wait() }

    /// Queues a piece when there is room; false once the import stopped reading.
    private func send(_ piece: Piece) -> Bool {
        if stopped.withLock({ $0 }) { return false }
        room.wait()
        if stopped.withLock({ $0 }) { return false }
        queue.withLock { $0.append(piece) }
        waiting.signal()
        return true
    }

    private func read() {
        var failure: BenchError?, handed = 0, latest = Date.distantPast, open = true
        var batch: [RunRecord] = []
        batch.reserveCapacity(importChunk)
        for path in paths where failure == nil && open {
            let start = handed
            let changed = BenchError(.badInput, "\(path) changed while it was being imported; nothing was imported",
                                     hint: "import it again once nothing writes to it")
            do throws(BenchError) {
                try InputReader.forEachResult(from: path, format: format, rewind: {
                    if handed > start && failure == nil { failure = changed }
                }) { result in
                    guard failure == nil, open else { return }
                    guard let commit = commits[result.commitSha ?? "HEAD"], handed < expected else {
                        failure = changed
                        return
                    }
                    let run = shape.run(for: result, commit: commit)
                    guard run.createdAt >= latest else {
                        failure = changed
                        return
                    }
                    latest = run.createdAt
                    handed += 1
                    batch.append(run)
                    if batch.count == importChunk {
                        open = send(.batch(batch))
                        batch.removeAll(keepingCapacity: true)
                    }
                }
            } catch {
                failure = error
            }
        }
        guard open else { return }
        if failure == nil && handed != expected {
            failure = BenchError(.badInput, "the files changed while they were being imported; nothing was imported",
                                 hint: "import them again once nothing writes to them")
        }
        if failure == nil && !batch.isEmpty { open = send(.batch(batch)) }
        if open { _ = send(.end(failure)) }
    }
}

import BenchCore
import BenchGit
import BenchStore
import Foundation

/// Where results are recorded: the seeds' push flags.
public struct RecordOptions: Sendable, Configurable {
    public var environment: String?
    public var commitRevision: String?
    public var branchName: String?
    public var runId: String?
    public var triggeredBy: String?
    public var tags: [String] = []
    public var notes: String?
    public var datasetSize: Int?
    public var durationSeconds: Double?
    public var verify = false
    /// Whether the results came from the work tree as it is (so a dirty tree is recorded
    /// as dirty); off when they came from a clean copy of the commit (`bench run --at`).
    public var fromWorkTree = true

    public init() {}
}

/// What a record did.
public struct RecordOutcome: Sendable {
    /// The new snapshots, one per result, in input order.
    public var snapshots: [Snapshot]
    /// The commit the results were recorded against.
    public var commit: CommitSummary
    /// Things the user should know (a dirty work tree).
    public var warnings: [String]
    /// Transaction ids read back from the store (with `--verify`).
    public var verified: [String]
    /// Runs kept in the outbox because the shared store was unreachable.
    public var queued: Int = 0
    /// The alerts the new results opened or resolved (`AlertDesk.apply(.review)`).
    public var alerts: [AlertEvent] = []
}

/// Records results against a commit: parses the input, reads the commit through libgit2,
/// and writes every result in one store transaction.
public struct Recorder {
    let session: Session
    var workspace: Workspace { session.workspace }

    public init(_ session: Session) { self.session = session }

    /// Reads `input` (`-`: standard input) in `format`, then records it.
    public func record(input: String, format: ResultFormat = .auto, _ options: RecordOptions) throws(BenchError) -> RecordOutcome {
        try record(InputReader.results(from: input, format: format), options)
    }

    /// Validates and records results. Nothing is written when anything is wrong.
    public func record(_ results: [BenchResult], _ options: RecordOptions) throws(BenchError) -> RecordOutcome {
        try validateFlags(options)
        let context = try commitContext(revision: options.commitRevision, branch: options.branchName, fromWorkTree: options.fromWorkTree)
        let actor = options.triggeredBy ?? workspace.actor
        let testbed = try session.testbed()
        // When the runs were made: what the outbox keeps. The store stamps them itself, inside
        // its write transaction (`RunTime.atWrite`): a time read here, before the lock, could
        // be older than that of a run another process records meanwhile.
        let now = Date()
        let runs = results.map { result in
            RunRecord(
                id: TransactionID.make(),
                series: result.series(environment: options.environment ?? result.environment ?? "local", branch: context.branch),
                modelProvider: result.modelProvider, metrics: result.metrics,
                provenance: Provenance(
                    commitSha: context.commit.oid.hex, commitTime: context.commit.time,
                    commitAuthor: context.commit.authorName, isDirty: context.dirty,
                    runId: options.runId ?? result.runId, triggeredBy: actor,
                    tags: options.tags.isEmpty ? (result.tags ?? []) : options.tags,
                    notes: options.notes ?? result.notes,
                    datasetSize: options.datasetSize ?? result.datasetSize,
                    durationSeconds: options.durationSeconds ?? result.durationSeconds,
                    testbed: result.testbed ?? testbed.name),
                createdAt: now, fingerprint: result.testbed == nil ? testbed.fingerprint : nil)
        }
        let store: Store
        let snapshots: [Snapshot]
        do throws(BenchError) {
            store = try session.writeStore()
            do { snapshots = try store.record(runs, time: .atWrite) } catch { throw BenchError(error) }
        } catch where error.situation == .storeUnreachable {
            // The shared store is down, or went down during the write: the runs wait in the
            // outbox, and the command succeeds. (Had the server committed them before the
            // connection broke, the outbox finds them by transaction id and records nothing.)
            // Unless that would hide the failure: --verify promises the rows are written, and a
            // CI runner's outbox is thrown away with the runner.
            if options.verify || session.isEphemeral {
                var refused = error
                refused.hint = options.verify
                    ? "--verify needs the store itself: record again once it is reachable (without --verify the run would wait in the outbox)"
                    : "on a CI runner the outbox would be lost with the runner: check BENCH_DATABASE_URL and the network, then run the job again"
                throw refused
            }
            try session.keepInOutbox(runs)
            return RecordOutcome(snapshots: [], commit: CommitSummary(context.commit), warnings: [
                "\(error.message)",
                "kept \(runs.count) run(s) in the outbox; `bench sync` (or the next command that writes to the store) delivers them",
            ], verified: [], queued: runs.count)
        }
        var verified: [String] = []
        if options.verify {
            for run in runs {
                guard (try? store.entry(id: run.id)) != nil else {
                    throw BenchError(.environment, "verification failed: transaction \(run.id) was not found after writing it",
                                     hint: "check the store with `bench history`")
                }
                verified.append(run.id)
            }
        }
        var warnings: [String] = []
        if context.dirty {
            warnings.append("the work tree has uncommitted changes: recorded against \(context.commit.oid.short) and marked dirty")
        }
        // The runs are written: a failure to review alerts is reported, not the record's failure.
        var alerts: [AlertEvent] = []
        do { alerts = try AlertDesk(session).apply(.review(snapshots)) } catch { warnings.append("alerts were not reviewed: \(error.message)") }
        return RecordOutcome(snapshots: snapshots, commit: CommitSummary(context.commit), warnings: warnings, verified: verified, alerts: alerts)
    }

    private func validateFlags(_ options: RecordOptions) throws(BenchError) {
        let named: [(String, String?)] = [("--environment", options.environment), ("--branch-name", options.branchName),
                                          ("--run-id", options.runId), ("--triggered-by", options.triggeredBy)]
        do {
            for (flag, value) in named { if let value { try Names.validate(value, field: flag) } }
            for tag in options.tags { try Names.validate(tag, field: "--tags") }
        } catch { throw BenchError(error) }
        if let size = options.datasetSize, size < 0 {
            throw BenchError(.badInput, "--dataset-size: must be 0 or more", hint: "give the number of examples evaluated")
        }
        if let seconds = options.durationSeconds, !(seconds.isFinite && seconds >= 0) {
            throw BenchError(.badInput, "--duration-seconds: must be a finite number of 0 or more", hint: "give the run's length in seconds, e.g. 30.5")
        }
    }

    struct CommitContext {
        var commit: CommitInfo
        var branch: String
        var dirty: Bool
    }

    /// The commit and branch a run belongs to: the given revision and branch, else HEAD and
    /// its branch (`HEAD` when detached). The work tree counts as dirty only when HEAD's commit is measured.
    func commitContext(revision: String?, branch: String?, fromWorkTree: Bool) throws(BenchError) -> CommitContext {
        let head = try workspace.head()
        let commit: CommitInfo
        do { commit = try workspace.commit(at: revision) } catch where revision != nil && error.kind == .badInput {
            var explained = error
            explained.message = "--commit-sha: \(error.message)"
            explained.hint = "bench links each result to a commit of this repository: give a sha, branch or tag it has, e.g. --commit-sha $(git rev-parse HEAD)"
            throw explained
        }
        let oid = commit.oid
        // The work tree is what ran only when the measured commit is HEAD's, whether or not
        // --commit-sha named it (the seeds pass `--commit-sha $(git rev-parse HEAD)`).
        var dirty = false
        if fromWorkTree && oid == head.oid {
            do { dirty = try workspace.repository.isDirty() } catch { throw BenchError(error) }
        }
        return CommitContext(commit: commit, branch: branch ?? head.branchName, dirty: dirty)
    }
}

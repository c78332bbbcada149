import BenchCore
import BenchGit
import BenchStore
import Foundation

/// What `bench tag` wrote.
public struct TagOutcome: Sendable {
    public var commit: CommitSummary
    /// The whole note on the commit afterwards.
    public var note: String
    /// Whether the notes ref was pushed.
    public var pushed: Bool
}

/// Writes a commit's snapshots as a git note under `refs/notes/bench` (one line each), so
/// `git log --notes=bench` shows the metrics beside the commit, and shares the notes.
public struct Tagger {
    public static let notesRef = "refs/notes/bench"
    let session: Session
    var workspace: Workspace { session.workspace }

    public init(_ session: Session) { self.session = session }

    /// The note line of a snapshot.
    public static func line(_ snapshot: Snapshot) -> String {
        let metrics = snapshot.metrics.map { "\($0.name)=\(JSONText.number($0.metric.value))\($0.metric.unit ?? "")" }.joined(separator: " ")
        return "bench: \(snapshot.series) v\(snapshot.version) \(metrics) (snapshot \(snapshot.transactionId))"
    }

    /// Notes the snapshots measured at `revision`; with `remote`, first fetches and merges
    /// that remote's notes, then pushes, trying again when another job pushed meanwhile.
    public func tag(_ revision: String?, push remote: String?) throws(BenchError) -> TagOutcome {
        let oid = try workspace.resolve(revision ?? "HEAD")
        let store = try session.readStore()
        let snapshots: [Snapshot]
        do { snapshots = try store.snapshots(atCommits: [oid.hex]) } catch { throw BenchError(error) }
        guard !snapshots.isEmpty else {
            throw BenchError(.environment, "no results recorded for \(oid.short)", hint: "record or run the benchmarks first: bench run")
        }
        let lines = snapshots.map(Self.line)
        guard let remote else {
            return TagOutcome(commit: CommitSummary(try workspace.commit(oid)), note: try merge(lines, into: oid), pushed: false)
        }
        var lastError: BenchError?
        for attempt in 1...6 {
            try fetchAndMerge(remote)
            let note = try merge(lines, into: oid)
            do {
                _ = try git(["push", "-q", remote, "\(Self.notesRef):\(Self.notesRef)"])
                return TagOutcome(commit: CommitSummary(try workspace.commit(oid)), note: note, pushed: true)
            } catch {
                // Another job pushed notes first: fetch theirs, merge, and push again.
                lastError = error
                usleep(useconds_t(50_000 * attempt))
            }
        }
        throw BenchError(.environment, "could not push \(Self.notesRef) to \(remote): \(lastError?.message ?? "rejected")",
                         hint: "check that you may push to \(remote), then run `bench tag --push` again")
    }

    /// Adds `lines` to the commit's note (keeping other lines, dropping exact repeats).
    private func merge(_ lines: [String], into oid: OID) throws(BenchError) -> String {
        do {
            let existing = try workspace.repository.note(on: oid, ref: Self.notesRef)?.split(separator: "\n").map(String.init) ?? []
            var merged = existing
            for line in lines where !merged.contains(line) { merged.append(line) }
            let note = merged.joined(separator: "\n") + "\n"
            try workspace.repository.setNote(note, on: oid, ref: Self.notesRef)
            return note
        } catch { throw BenchError(error) }
    }

    /// Fetches the remote's notes (if it has any) and merges them line by line into ours.
    private func fetchAndMerge(_ remote: String) throws(BenchError) {
        let fetched = "refs/notes/bench-remote"
        do {
            _ = try git(["fetch", "-q", remote, "+\(Self.notesRef):\(fetched)"])
        } catch {
            return   // the remote has no notes yet
        }
        let hasLocal = (try? workspace.repository.resolve(Self.notesRef)) != nil
        if hasLocal {
            _ = try git(["notes", "--ref=bench", "merge", "-q", "-s", "cat_sort_uniq", fetched])
        } else {
            _ = try git(["update-ref", Self.notesRef, fetched])
        }
    }

    private func git(_ arguments: [String]) throws(BenchError) -> String {
        var environment = workspace.environment
        // Merging notes makes a commit: give git an identity when the machine has none (CI).
        if (try? workspace.repository.configString("user.name")) == nil {
            for key in ["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"] where environment[key] == nil { environment[key] = "bench" }
            for key in ["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"] where environment[key] == nil { environment[key] = "bench@localhost" }
        }
        return try ChildProcess.output(["git"] + arguments, in: workspace.repository.workdir ?? workspace.repository.gitDir,
                                  environment: environment)
    }
}

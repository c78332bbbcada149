import BenchCore
import BenchGit
import BenchStore

/// One commit of `bench log`, with what was recorded at it.
public struct LoggedCommit: Sendable {
    public var commit: CommitSummary
    /// The snapshots measured at this commit, oldest first (several series, or reruns).
    public var snapshots: [Snapshot]
}

/// The first-parent history of the repository with the results recorded at each commit.
public struct CommitLog {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// The first-parent history of `range` (`HEAD` by default; `A..B` works), newest first,
    /// with each commit's recorded snapshots, narrowed to one model when given. A `metric`
    /// that none of the range's snapshots records is bad input naming the ones recorded.
    public func log(range: String?, limit: Int?, model: String? = nil, metric: String? = nil) throws(BenchError) -> [LoggedCommit] {
        let repository = session.workspace.repository
        let oids: [OID]
        let commits: [CommitInfo]
        do {
            oids = try repository.firstParentLog(range ?? "HEAD", limit: limit)
            commits = try oids.map { oid throws(GitError) in try repository.commit(oid) }
        } catch { throw BenchError(error) }
        let store = try session.readStore()
        let snapshots: [Snapshot]
        do { snapshots = try store.snapshots(atCommits: oids.map(\.hex)) } catch { throw BenchError(error) }
        let shown = model.map { model in snapshots.filter { $0.series.modelVersion == model } } ?? snapshots
        if let metric, !shown.isEmpty, !shown.contains(where: { $0.metrics[metric] != nil }) {
            let recorded = NamedMetric.names(in: shown.map(\.metrics))
            throw BenchError(.badInput, "no metric '\(metric)' is recorded in this range",
                             hint: "recorded metrics: " + recorded.prefix(20).joined(separator: ", "))
        }
        let byCommit = Dictionary(grouping: shown, by: \.commitSha)
        return commits.map { LoggedCommit(commit: CommitSummary($0), snapshots: byCommit[$0.oid.hex] ?? []) }
    }

    /// The commits of these shas that this clone has, by sha (missing ones are left out).
    public func summaries(_ shas: [String]) -> [String: CommitSummary] {
        var result: [String: CommitSummary] = [:]
        for sha in Set(shas) {
            if let summary = session.commitSummary(sha) { result[sha] = summary }
        }
        return result
    }
}

extension Session {
    /// The commit of a full sha, when this clone has it.
    func commitSummary(_ sha: String) -> CommitSummary? {
        guard let oid = OID(hex: sha), let commit = try? workspace.repository.commit(oid) else { return nil }
        return CommitSummary(commit)
    }
}

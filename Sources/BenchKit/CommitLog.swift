import Foundation
import BenchCore
import BenchGit
import BenchStore

/// One commit of `bench log`, with what was recorded at it.
public struct LoggedCommit: Sendable {
    public var commit: CommitInfo
    /// The snapshots measured at this commit, oldest first (several series, or reruns).
    public var snapshots: [Snapshot]
}

extension Catalog {
    /// The first-parent history of `range` (`HEAD` by default; `A..B` works), newest first,
    /// with each commit's recorded snapshots, narrowed to one model when given.
    public func log(range: String?, limit: Int?, model: String? = nil) throws(BenchError) -> [LoggedCommit] {
        let repository = workspace.repository
        let oids: [OID]
        let commits: [CommitInfo]
        do {
            oids = try repository.firstParentLog(range ?? "HEAD", limit: limit)
            commits = try oids.map { oid throws(GitError) in try repository.commit(oid) }
        } catch { throw BenchError(error) }
        let snapshots: [Snapshot]
        do { snapshots = try store.snapshots(atCommits: oids.map(\.hex)) } catch { throw BenchError(error) }
        let byCommit = Dictionary(grouping: snapshots.filter { model == nil || $0.series.modelVersion == model }, by: \.commitSha)
        return commits.map { LoggedCommit(commit: $0, snapshots: byCommit[$0.oid.hex] ?? []) }
    }
}

/// What the dashboard says of a commit: its subject, author and time.
public struct CommitSummary: Sendable, Equatable {
    public var sha: String
    public var subject: String
    public var author: String
    public var time: Date
}

extension Catalog {
    /// The commits of these shas that this clone has, by sha (missing ones are left out).
    public func commitSummaries(_ shas: [String]) -> [String: CommitSummary] {
        var result: [String: CommitSummary] = [:]
        for sha in Set(shas) {
            guard let oid = OID(hex: sha), let commit = try? workspace.repository.commit(oid) else { continue }
            result[sha] = CommitSummary(sha: sha, subject: commit.subject, author: commit.authorName, time: commit.time)
        }
        return result
    }
}

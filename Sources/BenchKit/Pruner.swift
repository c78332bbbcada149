import BenchCore
import BenchGit
import BenchStore
import Foundation

/// What `bench prune` found, and whether it removed it.
public struct PruneOutcome: Sendable {
    /// The runs the policy removes, by series.
    public var groups: [PruneGroup]
    /// Whether they were removed (false: a dry run).
    public var removed: Bool
    /// The embedded store's size on disk before and after, in bytes (nil for PostgreSQL).
    public var bytesBefore: Int64?
    public var bytesAfter: Int64?

    /// Every run the policy removes.
    public var runs: Int { groups.reduce(0) { $0 + $1.runs } }
}

/// Removes old results by the `[retention]` policy of bench.toml (`bench prune`), keeping
/// whatever something refers to: current and baseline snapshots, versions a checkout or
/// baseline change names, runs with a note, and runs at a commit `bench tag` wrote a git note on.
public struct Pruner {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// The policy of bench.toml, as of `now`; bad input when bench.toml sets no rule.
    public func policy(now: Date = Date()) throws(BenchError) -> PrunePolicy {
        let retention = session.config.retention
        guard retention.isSet else {
            throw BenchError(.badInput, "bench.toml sets no retention policy, so there is nothing to prune",
                             hint: "add [retention] with keep-days = N and/or keep-versions = N to bench.toml")
        }
        let noted = ((try? session.workspace.repository.notedCommits(ref: Tagger.notesRef)) ?? []).map(\.hex)
        return PrunePolicy(keepSince: retention.keepDays.map { now.addingTimeInterval(-Double($0) * 86_400) },
                           keepNewest: retention.keepVersions, keepCommits: noted)
    }

    /// What the policy removes; with `remove`, removes it (then VACUUM and ANALYZE).
    public func prune(remove: Bool, now: Date = Date()) throws(BenchError) -> PruneOutcome {
        let policy = try policy(now: now)
        let store = try (remove ? session.writeStore() : session.readStore())
        let path = (store as? SQLiteStore)?.path
        do {
            let groups = try store.prunePlan(policy)
            guard remove, !groups.isEmpty else {
                return PruneOutcome(groups: groups, removed: false, bytesBefore: path.map(Self.bytes), bytesAfter: nil)
            }
            let before = path.map(Self.bytes)
            _ = try store.prune(policy)
            return PruneOutcome(groups: groups, removed: true, bytesBefore: before, bytesAfter: path.map(Self.bytes))
        } catch { throw BenchError(error) }
    }

    /// The SQLite file and its WAL and shared-memory files, in bytes.
    static func bytes(_ path: String) -> Int64 {
        ["", "-wal", "-shm"].reduce(0) { total, suffix in
            total + ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }
}

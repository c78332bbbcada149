import BenchCore
import BenchGit
import BenchStore
import Foundation

/// What aligning one series with its branch did.
public struct AlignOutcome: Sendable {
    public var series: SeriesKey
    /// Snapshots that became inactive (their commit left the branch).
    public var deactivated: [Snapshot]
    /// Snapshots that became active again (their commit is back on the branch).
    public var reactivated: [Snapshot]
    /// The current snapshot afterwards.
    public var current: Snapshot?
    /// Whether a `bench checkout` keeps an older version current.
    public var pinned: Bool
    /// Whether the current snapshot changed.
    public var currentChanged: Bool
}

/// Keeps a branch's snapshots in step with its history: after a rebase, reset or
/// force-push, snapshots whose commit is no longer reachable from the branch tip become
/// inactive, and the newest reachable one becomes current unless a checkout pinned one.
public struct Aligner {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// Aligns every series of `branch` (the current branch when nil). A detached HEAD or a
    /// branch with no series has nothing to align.
    public func align(branch: String?) throws(BenchError) -> [AlignOutcome] {
        let workspace = session.workspace
        let name: String
        if let branch { name = branch } else { name = try workspace.head().branchName }
        let repository = workspace.repository
        let tip: OID?
        do { tip = try repository.branchTip(name) } catch { throw BenchError(error) }
        guard let tip else {
            if branch != nil {
                throw BenchError(.badInput, "no local branch named '\(name)'", hint: "list branches with `git branch`")
            }
            return []
        }
        // The commits measured on the branch, and the one walk that says which are still on
        // it: when none moved on or off, nothing changes (the common case, at any history length).
        let store = try session.readStore()
        let keys: [SeriesKey]
        let reachable: Set<String>
        do {
            let states = try store.commitStates(onBranch: name)
            guard !states.isEmpty else { return [] }
            let onTheBranch = try repository.ancestry(of: tip)
            let moved = states.filter { onTheBranch.contains($0.sha) ? $0.hasInactive : $0.hasActive }.map(\.sha)
            guard !moved.isEmpty else { return [] }
            let affected = try store.snapshots(atCommits: moved, matching: SeriesFilter(branchName: name)).map(\.series)
            keys = Array(Set(affected)).sorted { $0.description < $1.description }
            reachable = onTheBranch
        } catch let error as GitError { throw BenchError(error) } catch let error as StoreError { throw BenchError(error) } catch {
            throw BenchError(.environment, "\(error)")
        }
        var outcomes: [AlignOutcome] = []
        for key in keys {
            let history: [Snapshot]
            do { history = try store.history(of: key, limit: nil, metrics: false) } catch { throw BenchError(error) }
            var inactive: [Int64: String] = [:]
            for snapshot in history where !reachable.contains(snapshot.commitSha) {
                inactive[snapshot.id] = "commit \(Figures.short(snapshot.commitSha)) is no longer on \(name) (rebase, reset or force-push)"
            }
            let onBranch = history.filter { inactive[$0.id] == nil }   // newest first
            let current = history.first(where: \.isCurrent)
            var target: Snapshot?
            var pinned = false
            if let current, inactive[current.id] == nil {
                pinned = current.id != onBranch.first?.id
                target = current
            } else {
                target = onBranch.first
            }
            let changes = history.contains { ($0.isActive && inactive[$0.id] != nil) || (!$0.isActive && inactive[$0.id] == nil) }
            guard changes || target?.id != current?.id else {
                outcomes.append(AlignOutcome(series: key, deactivated: [], reactivated: [], current: current, pinned: pinned, currentChanged: false))
                continue
            }
            let action = ActionContext(commitSha: tip.hex, triggeredBy: workspace.actor,
                                       notes: "aligned with \(name) at \(tip.short) after a history rewrite")
            let after: [Snapshot]
            let writer = try session.writeStore()
            do { after = try writer.realign(key, inactive: inactive, current: target?.id, by: action) } catch { throw BenchError(error) }
            let before = Dictionary(uniqueKeysWithValues: history.map { ($0.id, $0) })
            outcomes.append(AlignOutcome(
                series: key,
                deactivated: after.filter { !$0.isActive && before[$0.id]?.isActive == true },
                reactivated: after.filter { $0.isActive && before[$0.id]?.isActive == false },
                current: after.first(where: \.isCurrent), pinned: pinned,
                currentChanged: after.first(where: \.isCurrent)?.id != current?.id))
        }
        return outcomes
    }
}

import BenchCore
import BenchGit
import BenchStore

/// Which snapshot a candidate is compared with (`bench check --against`).
public enum BaselineChoice: Sendable, Equatable {
    /// DESIGN.md's order: explicit baseline, merge-base on a non-default branch, what the
    /// remote had (in a pre-push check), nearest measured first-parent ancestor.
    case automatic
    case explicit
    case mergeBase
    case parent
    case revision(String)

    /// Reads `merge-base`, `baseline`, `parent`, `auto` or a revision.
    public init(_ text: String) {
        switch text {
        case "auto": self = .automatic
        case "baseline": self = .explicit
        case "merge-base": self = .mergeBase
        case "parent": self = .parent
        default: self = .revision(text)
        }
    }
}

/// A baseline found for a series, and the rule that found it.
public struct ResolvedBaseline: Sendable {
    public var snapshot: Snapshot
    /// In words: "explicit baseline", "merge-base with main (abc1234)", …
    public var rule: String
}

/// Finds baselines by DESIGN.md's rules, in a series' lineage (`SeriesKey.lineage`: the
/// same model, dataset, prompt and environment measured on any branch), among the results of
/// the candidate's testbed (`Testbed.compatible`) unless `anyTestbed`.
struct BaselineResolver {
    let session: Session
    /// Whether results of other testbeds may serve (`--any-testbed`).
    var anyTestbed = false
    /// The commits' snapshots read so far, shared by every series a use case resolves (nil:
    /// each question goes to the store).
    var commits: CommitSnapshots?
    var workspace: Workspace { session.workspace }

    init(session: Session, anyTestbed: Bool = false, commits: CommitSnapshots? = nil) {
        self.session = session
        self.anyTestbed = anyTestbed
        self.commits = commits
    }

    /// The snapshots of the series' lineage measured at these commits, oldest first.
    private func snapshots(at shas: [String], lineageOf series: SeriesKey) throws(BenchError) -> [Snapshot] {
        if let commits {
            do { return try commits.at(shas, lineageOf: series) } catch { throw BenchError(error) }
        }
        let store = try session.readStore()
        do { return try store.snapshots(atCommits: shas, matching: series.lineage) } catch { throw BenchError(error) }
    }

    /// The testbed a candidate's baselines and windows must be compatible with; nil: any.
    func testbed(of candidate: Snapshot) -> String? { anyTestbed ? nil : candidate.testbed }

    func defaultBranch() throws(BenchError) -> String? {
        guard let commits else { return try workspace.defaultBranch() }
        return try commits.defaultBranch { () throws(BenchError) in try workspace.defaultBranch() }
    }

    func resolve(for candidate: Snapshot, choice: BaselineChoice, remoteTip: String? = nil) throws(BenchError) -> ResolvedBaseline? {
        let series = candidate.series
        let commit = OID(hex: candidate.commitSha)
        let testbed = testbed(of: candidate)
        switch choice {
        case .explicit:
            return try explicitBaseline(series, testbed)
        case .parent:
            guard let commit, let parent = try info(commit).parents.first else { return nil }
            return try measured(at: parent, lineageOf: series, onTestbed: testbed).map { ResolvedBaseline(snapshot: $0, rule: "parent (\(parent.short))") }
        case .revision(let revision):
            let oid = try workspace.resolve(revision)
            return try measured(at: oid, lineageOf: series, onTestbed: testbed).map { ResolvedBaseline(snapshot: $0, rule: "\(revision) (\(oid.short))") }
        case .mergeBase:
            guard let commit else { return nil }
            return try mergeBaseBaseline(series, commit, testbed)
        case .automatic:
            if let explicit = try explicitBaseline(series, testbed) { return explicit }
            if let commit, let found = try mergeBaseBaseline(series, commit, testbed) { return found }
            if let commit, let remoteTip, let found = try remoteBaseline(series, commit, remoteTip, testbed) { return found }
            guard let commit, let parent = try info(commit).parents.first else { return nil }
            return try nearestMeasured(from: parent, lineageOf: series, onTestbed: testbed)
                .map { ResolvedBaseline(snapshot: $0, rule: "nearest measured ancestor (\(Figures.short($0.commitSha)))") }
        }
    }

    private func info(_ oid: OID) throws(BenchError) -> CommitInfo { try workspace.commit(oid) }

    /// The series' own explicit baseline, else that of the same lineage on the default branch;
    /// one measured on another testbed does not count.
    private func explicitBaseline(_ series: SeriesKey, _ testbed: String?) throws(BenchError) -> ResolvedBaseline? {
        let all: [Snapshot]
        let store = try session.readStore()
        do throws(StoreError) {
            if let commits { all = try commits.baselines(lineageOf: series) } else { all = try store.baselines(series.lineage) }
        } catch { throw BenchError(error) }
        let compatible = all.filter { Testbed.compatible(testbed, $0.testbed) }
        let defaultBranch = try defaultBranch()
        let chosen = compatible.first { $0.series == series } ?? compatible.first { $0.series.branchName == defaultBranch }
        return chosen.map { ResolvedBaseline(snapshot: $0, rule: "explicit baseline (v\($0.version) on \($0.series.branchName))") }
    }

    /// On a non-default branch: the snapshot at the merge-base with the default branch (or
    /// the nearest measured ancestor of the merge-base).
    private func mergeBaseBaseline(_ series: SeriesKey, _ commit: OID, _ testbed: String?) throws(BenchError) -> ResolvedBaseline? {
        guard let defaultBranch = try defaultBranch(), series.branchName != defaultBranch else { return nil }
        let base: OID?
        do {
            guard let tip = try workspace.repository.branchTip(defaultBranch) else { return nil }
            base = try workspace.repository.mergeBase(commit, tip)
        } catch { throw BenchError(error) }
        guard var base else { return nil }
        // Already merged (the merge-base is the candidate itself): start below it.
        if base == commit {
            guard let parent = try info(commit).parents.first else { return nil }
            base = parent
        }
        return try nearestMeasured(from: base, lineageOf: series, preferring: defaultBranch, onTestbed: testbed)
            .map { ResolvedBaseline(snapshot: $0, rule: "merge-base with \(defaultBranch) (\(Figures.short($0.commitSha)))") }
    }

    /// In a pre-push check: the nearest measured commit at or below what the remote's branch
    /// held, when that is below the candidate (a push that adds commits to the branch's line).
    /// Nil when the remote's commit is unknown here or not an ancestor (a force-push).
    private func remoteBaseline(_ series: SeriesKey, _ commit: OID, _ remoteTip: String, _ testbed: String?) throws(BenchError) -> ResolvedBaseline? {
        guard let tip = OID(hex: remoteTip), tip != commit else { return nil }
        do {
            guard try workspace.repository.isAncestor(tip, of: commit) else { return nil }
        } catch { return nil }
        return try nearestMeasured(from: tip, lineageOf: series, onTestbed: testbed)
            .map { ResolvedBaseline(snapshot: $0, rule: "\(series.branchName) on the remote before this push (\(Figures.short($0.commitSha)))") }
    }

    /// The newest snapshot of the lineage measured exactly at `oid` (on a testbed compatible
    /// with `testbed`; nil: any).
    func measured(at oid: OID, lineageOf series: SeriesKey, preferring branch: String? = nil,
                  onTestbed testbed: String? = nil) throws(BenchError) -> Snapshot? {
        let found = try snapshots(at: [oid.hex], lineageOf: series)
        return pick(found, series: series, preferring: branch, onTestbed: testbed)
    }

    /// The first commit on the first-parent line from `start` (included) measured in the lineage.
    func nearestMeasured(from start: OID, lineageOf series: SeriesKey, preferring branch: String? = nil,
                         onTestbed testbed: String? = nil, limit: Int = 10_000) throws(BenchError) -> Snapshot? {
        try measured(from: start, lineageOf: series, preferring: branch, onTestbed: testbed, count: 1, limit: limit).first
    }

    /// The lineage's active results on the first-parent line from `start` (included), one per
    /// commit, newest first: at most `count` of them, among the first `limit` commits; only
    /// those of testbeds compatible with `testbed` (nil: any).
    func measured(from start: OID, lineageOf series: SeriesKey, preferring branch: String? = nil, onTestbed testbed: String? = nil,
                  count: Int, limit: Int = 10_000) throws(BenchError) -> [Snapshot] {
        // Walk lazily, asking the store for the lineage only, in chunks that grow: the
        // nearest measured commit is usually a step or two away, and a window of n results
        // usually the next n commits (CI measures each), read as one chunk.
        var result: [Snapshot] = []
        do {
            let line = try commits?.line(from: start, in: workspace.repository) ?? FirstParentLine(workspace.repository, from: start)
            var walked = 0
            var size = count > 4 ? min(count, 512) : max(count, 1) * 2
            while walked < limit {
                let chunk = try line.commits(walked..<walked + min(size, limit - walked))
                guard !chunk.isEmpty else { return result }
                walked += chunk.count
                size = min(size * 4, 512)
                let shas = chunk.map(\.hex)
                let found = Dictionary(grouping: try snapshots(at: shas, lineageOf: series).filter(\.isActive), by: \.commitSha)
                for sha in shas {
                    guard let snapshot = pick(found[sha] ?? [], series: series, preferring: branch, onTestbed: testbed) else { continue }
                    result.append(snapshot)
                    if result.count == count { return result }
                }
            }
        } catch let error as GitError { throw BenchError(error) } catch let error as BenchError { throw error } catch {
            throw BenchError(.environment, "\(error)")
        }
        return result
    }

    /// Among snapshots of one commit on a compatible testbed: the series' own branch first,
    /// then the preferred branch, then any; the newest version of those.
    private func pick(_ snapshots: [Snapshot], series: SeriesKey, preferring branch: String?, onTestbed testbed: String?) -> Snapshot? {
        snapshots.filter { Testbed.compatible(testbed, $0.testbed) }.preferring([series.branchName, branch], branch: \.series.branchName).max { ($0.createdAt, $0.version) < ($1.createdAt, $1.version) }
    }
}

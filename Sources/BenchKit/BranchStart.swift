import BenchCore
import BenchGit
import BenchStore

/// A series a branch has not measured yet, and the snapshot the branch starts from: the
/// default branch's at the merge-base (or the nearest measured commit below it).
public struct InheritedSnapshot: Sendable {
    public var snapshot: Snapshot
    /// The default branch it comes from.
    public var fromBranch: String
    /// The merge-base of the two branches.
    public var mergeBase: String
}

/// What a new branch starts from, until it measures each series itself.
public struct BranchStart {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// What `branch` starts from, for every series of the default branch that `branch` has not
    /// measured itself (none for the default branch, or a branch this clone lacks).
    public func inherited(onBranch branch: String, environment: String? = nil) throws(BenchError) -> [InheritedSnapshot] {
        let workspace = session.workspace
        guard let main = try workspace.defaultBranch(), main != branch else { return [] }
        let base: OID
        do throws(GitError) {
            guard let tip = try workspace.repository.branchTip(branch), let mainTip = try workspace.repository.branchTip(main),
                  let found = try workspace.repository.mergeBase(tip, mainTip) else { return [] }
            base = found
        } catch { throw BenchError(error) }
        let queries = SnapshotQueries(session)
        let resolver = BaselineResolver(session: session)
        let measured = try queries.current(branch: branch, environment: environment).map(\.series)
        var starts: [InheritedSnapshot] = []
        for snapshot in try queries.current(branch: main, environment: environment)
        where !measured.contains(where: { $0.isSameLineage(as: snapshot.series) }) {
            if let start = try resolver.nearestMeasured(from: base, lineageOf: snapshot.series, preferring: main) {
                starts.append(InheritedSnapshot(snapshot: start, fromBranch: main, mergeBase: base.hex))
            }
        }
        return starts
    }
}

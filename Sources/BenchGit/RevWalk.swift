import Foundation
import CGit2

/// A walk over commit history, newest first; owns its `git_revwalk` and keeps its
/// repository alive.
public final class RevWalk {
    let handle: OpaquePointer
    let repository: Repository

    /// A walk over `repository`, first-parent only unless told otherwise; a walk over all
    /// parents comes in topological order unless `sorted` is false.
    public init(_ repository: Repository, firstParent: Bool = true, sorted: Bool = true) throws(GitError) {
        var raw: OpaquePointer?
        try check(git_revwalk_new(&raw, repository.handle), "cannot start a history walk")
        handle = raw!
        self.repository = repository
        if firstParent {
            // One line of commits: its own order is the right one, and without a sort the
            // walk is lazy (a topological sort reads the whole history before the first commit).
            try check(git_revwalk_simplify_first_parent(handle))
        } else if sorted {
            try check(git_revwalk_sorting(handle, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue))
        }
    }

    deinit { git_revwalk_free(handle) }

    /// Starts the walk at `oid`.
    public func push(_ oid: OID) throws(GitError) {
        var raw = oid.raw
        try check(git_revwalk_push(handle, &raw), "cannot walk from \(oid.short)")
    }

    /// Leaves `oid` and its ancestors out of the walk.
    public func hide(_ oid: OID) throws(GitError) {
        var raw = oid.raw
        try check(git_revwalk_hide(handle, &raw), "cannot hide \(oid.short)")
    }

    /// The next commit, or nil at the end.
    public func next() throws(GitError) -> OID? {
        var raw = git_oid()
        let rc = git_revwalk_next(&raw, handle)
        if rc == GIT_ITEROVER.rawValue { return nil }
        try check(rc, "history walk failed")
        return OID(raw)
    }

    /// Up to `limit` commits (all when nil).
    public func collect(limit: Int? = nil) throws(GitError) -> [OID] {
        var result: [OID] = []
        while limit.map({ result.count < $0 }) ?? true, let oid = try next() { result.append(oid) }
        return result
    }
}

@available(*, unavailable, message: "a RevWalk wraps a libgit2 handle used from one task")
extension RevWalk: Sendable {}

extension Repository {
    /// The shas of every commit reachable from `tip` (itself included), through all parents:
    /// one walk answers "is it on the branch?" for any number of commits.
    public func ancestry(of tip: OID) throws(GitError) -> Set<String> {
        let walk = try RevWalk(self, firstParent: false, sorted: false)
        try walk.push(tip)
        var shas = Set<String>()
        while let oid = try walk.next() { shas.insert(oid.hex) }
        return shas
    }

    /// The first-parent history of a range: `B`, `A..B` or `A...B`-free specs (as `git log
    /// --first-parent` reads them). Newest first, at most `limit` commits.
    public func firstParentLog(_ range: String, limit: Int? = nil) throws(GitError) -> [OID] {
        let walk = try RevWalk(self)
        if let dots = range.range(of: "..") {
            let from = String(range[..<dots.lowerBound]), to = String(range[dots.upperBound...])
            guard !to.hasPrefix(".") else {
                throw GitError(kind: .invalid, message: "symmetric ranges (A...B) are not supported; use A..B")
            }
            try walk.push(try resolve(to.isEmpty ? "HEAD" : to))
            try walk.hide(try resolve(from.isEmpty ? "HEAD" : from))
        } else {
            try walk.push(try resolve(range))
        }
        return try walk.collect(limit: limit)
    }
}

/// A first-parent line of history from one commit, walked only as far as asked and kept:
/// every series of a check walks the line down from the same baseline commit, each as far
/// as its window needs, and walking it afresh each time read the same commits again.
public final class FirstParentLine {
    private let walk: RevWalk
    private var walked: [OID] = []
    private var ended = false

    public init(_ repository: Repository, from start: OID) throws(GitError) {
        walk = try RevWalk(repository)
        try walk.push(start)
    }

    /// The commits at these places of the line, newest first (fewer, or none, past its end).
    public func commits(_ places: Range<Int>) throws(GitError) -> ArraySlice<OID> {
        while walked.count < places.upperBound && !ended {
            if let next = try walk.next() { walked.append(next) } else { ended = true }
        }
        return walked[min(places.lowerBound, walked.count)..<min(places.upperBound, walked.count)]
    }
}

@available(*, unavailable, message: "a FirstParentLine walks with a libgit2 handle used from one task")
extension FirstParentLine: Sendable {}

import CGit2
import Foundation

/// An open git repository (bare, normal or a linked worktree); owns its `git_repository`.
public final class Repository {
    let handle: OpaquePointer

    private init(handle: OpaquePointer) { self.handle = handle }

    deinit { git_repository_free(handle) }

    /// Opens the repository that contains `path`, searching upward as git does.
    /// Throws `GitError` of kind `.notARepository` when there is none.
    public static func discover(from path: String) throws(GitError) -> Repository {
        _ = libgit2Initialised
        var raw: OpaquePointer?
        // FROM_ENV: respect GIT_DIR and friends as git does, which hooks rely on.
        let rc = git_repository_open_ext(&raw, path, GIT_REPOSITORY_OPEN_FROM_ENV.rawValue, nil)
        if rc == GIT_ENOTFOUND.rawValue {
            throw GitError(kind: .notARepository, code: rc, message: "not a git repository (or any parent up to /): \(path)")
        }
        try check(rc, "cannot open the repository at \(path)")
        guard let raw else { throw GitError(kind: .other, message: "libgit2 returned no repository for \(path)") }
        return Repository(handle: raw)
    }

    /// The work tree's root, or nil for a bare repository.
    public var workdir: String? {
        git_repository_workdir(handle).map { Self.trimSlash(String(cString: $0)) }
    }

    /// The `.git` directory of this work tree (for a linked worktree, its private one).
    public var gitDir: String { Self.trimSlash(String(cString: git_repository_path(handle))) }

    /// The directory shared by every worktree of the clone: where bench keeps its store.
    public var commonDir: String { Self.trimSlash(String(cString: git_repository_commondir(handle))) }

    public var isBare: Bool { git_repository_is_bare(handle) == 1 }

    private static func trimSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// Where HEAD points: a branch, a detached commit, or an unborn branch.
    public func head() throws(GitError) -> Head {
        var ref: OpaquePointer?
        let rc = git_repository_head(&ref, handle)
        if rc == GIT_EUNBORNBRANCH.rawValue || rc == GIT_ENOTFOUND.rawValue {
            return .unborn(try unbornBranchName())
        }
        try check(rc, "cannot read HEAD")
        defer { git_reference_free(ref) }
        let oid = try resolve("HEAD")
        if try check(git_repository_head_detached(handle), "cannot read HEAD") == 1 { return .detached(oid) }
        return .branch(String(cString: git_reference_shorthand(ref)), oid)
    }

    private func unbornBranchName() throws(GitError) -> String {
        var ref: OpaquePointer?
        try check(git_reference_lookup(&ref, handle, "HEAD"), "cannot read HEAD")
        defer { git_reference_free(ref) }
        guard let target = git_reference_symbolic_target(ref) else { return "HEAD" }
        let full = String(cString: target)
        return full.hasPrefix("refs/heads/") ? String(full.dropFirst("refs/heads/".count)) : full
    }

    /// Resolves any revision git understands (`HEAD~2`, a tag, a short sha, `main@{1}`)
    /// to the commit it names. Throws `.notFound` for an unknown revision.
    public func resolve(_ revision: String) throws(GitError) -> OID {
        var object: OpaquePointer?
        let rc = git_revparse_single(&object, handle, revision)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EINVALIDSPEC.rawValue {
            throw GitError(kind: .notFound, code: rc, message: "unknown revision '\(revision)'")
        }
        try check(rc, "cannot resolve '\(revision)'")
        defer { git_object_free(object) }
        return try peeledCommit("'\(revision)' does not name a commit") { git_object_peel($0, object, GIT_OBJECT_COMMIT) }
    }

    /// The id of the commit `peel` (a libgit2 `*_peel` call) writes, the object freed once
    /// the id is copied out; `what` names the failure.
    private func peeledCommit(_ what: @autoclosure () -> String,
                              _ peel: (UnsafeMutablePointer<OpaquePointer?>) -> Int32) throws(GitError) -> OID {
        var commit: OpaquePointer?
        try check(peel(&commit), what())
        defer { git_object_free(commit) }
        return OID(git_object_id(commit).pointee)
    }

    /// Reads a commit's subject, author, time and parents.
    public func commit(_ oid: OID) throws(GitError) -> CommitInfo {
        var raw = oid.raw
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, handle, &raw), "cannot read commit \(oid.short)")
        defer { git_commit_free(commit) }
        let summary = git_commit_summary(commit).map { String(cString: $0) } ?? ""
        let author = git_commit_author(commit)!.pointee
        let parents = (0..<git_commit_parentcount(commit)).compactMap { index in
            git_commit_parent_id(commit, index).map { OID($0.pointee) }
        }
        return CommitInfo(
            oid: oid, subject: summary,
            authorName: author.name.map { String(cString: $0) } ?? "",
            authorEmail: author.email.map { String(cString: $0) } ?? "",
            time: Date(timeIntervalSince1970: TimeInterval(git_commit_time(commit))),
            parents: parents)
    }

    /// Whether tracked files differ from HEAD, in the index or the work tree
    /// (untracked files, such as a fresh results file, do not count, as in `git describe --dirty`).
    public func isDirty() throws(GitError) -> Bool {
        guard !isBare else { return false }
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)))
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        var list: OpaquePointer?
        try check(git_status_list_new(&list, handle, &options), "cannot read the work tree's status")
        defer { git_status_list_free(list) }
        return git_status_list_entrycount(list) > 0
    }

    /// The best common ancestor of two commits, or nil when they share no history.
    public func mergeBase(_ a: OID, _ b: OID) throws(GitError) -> OID? {
        var rawA = a.raw, rawB = b.raw, out = git_oid()
        let rc = git_merge_base(&out, handle, &rawA, &rawB)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "cannot find the merge base of \(a.short) and \(b.short)")
        return OID(out)
    }

    /// Whether `ancestor` is reachable from `descendant` (a commit is its own ancestor).
    public func isAncestor(_ ancestor: OID, of descendant: OID) throws(GitError) -> Bool {
        if ancestor == descendant { return true }
        var rawA = descendant.raw, rawB = ancestor.raw
        return try check(git_graph_descendant_of(handle, &rawA, &rawB)) == 1
    }
}

@available(*, unavailable, message: "a Repository wraps a libgit2 handle used from one task")
extension Repository: Sendable {}

extension Repository {
    /// The commit a local branch points at, or nil when there is no such branch.
    public func branchTip(_ name: String) throws(GitError) -> OID? {
        var ref: OpaquePointer?
        let rc = git_branch_lookup(&ref, handle, name, GIT_BRANCH_LOCAL)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EINVALIDSPEC.rawValue { return nil }
        try check(rc, "cannot read branch \(name)")
        defer { git_reference_free(ref) }
        return try peeledCommit("branch \(name) does not point at a commit") { git_reference_peel($0, ref, GIT_OBJECT_COMMIT) }
    }
}

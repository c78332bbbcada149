import CGit2
import Foundation

extension Repository {
    /// Writes the tree of `commit` into `directory` (which must exist, empty), as a plain
    /// copy of the files: the repository's index, HEAD and work tree are not touched.
    public func materialize(_ commit: OID, into directory: String) throws(GitError) {
        var raw = commit.raw
        var object: OpaquePointer?
        try check(git_object_lookup(&object, handle, &raw, GIT_OBJECT_COMMIT), "cannot read commit \(commit.short)")
        defer { git_object_free(object) }
        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)))
        // FORCE writes every file; DONT_UPDATE_INDEX (which implies DONT_WRITE_INDEX) keeps the
        // user's index as it is; an empty baseline tree makes every file "new" in the target.
        options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue | GIT_CHECKOUT_DONT_UPDATE_INDEX.rawValue
            | GIT_CHECKOUT_DONT_WRITE_INDEX.rawValue
        let emptyIndex = try Self.emptyIndex()
        defer { git_index_free(emptyIndex) }
        options.baseline_index = emptyIndex
        let rc = directory.withCString { path in
            options.target_directory = path
            return git_checkout_tree(handle, object, &options)
        }
        try check(rc, "cannot write the tree of \(commit.short) into \(directory)")
    }

    private static func emptyIndex() throws(GitError) -> OpaquePointer {
        var index: OpaquePointer?
        try check(git_index_new(&index), "cannot make an empty index")
        return index!
    }
}

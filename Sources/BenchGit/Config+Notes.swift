import CGit2

extension Repository {
    /// A configuration value (repository, global and system config, as git reads them),
    /// or nil when unset.
    public func configString(_ key: String) throws(GitError) -> String? {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, handle), "cannot read the git configuration")
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        let rc = git_config_get_string(&value, config, key)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "cannot read \(key) from the git configuration")
        return value.map { String(cString: $0) }
    }

    /// Every value of a multi-valued key (`remote.origin.fetch`), in the order git reads them.
    public func configStrings(_ key: String) throws(GitError) -> [String] {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, handle), "cannot read the git configuration")
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        let rc = git_config_multivar_iterator_new(&iterator, config, key, nil)
        if rc == GIT_ENOTFOUND.rawValue { return [] }
        try check(rc, "cannot read \(key) from the git configuration")
        defer { git_config_iterator_free(iterator) }
        var values: [String] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let entry {
            values.append(String(cString: entry.pointee.value))
        }
        return values
    }

    /// Adds a value to a multi-valued key in the repository's own config (`git config --add`).
    public func addConfigValue(_ key: String, _ value: String) throws(GitError) {
        var config: OpaquePointer?
        try check(git_repository_config(&config, handle), "cannot open the git configuration")
        defer { git_config_free(config) }
        var local: OpaquePointer?
        try check(git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL), "cannot open the repository's git configuration")
        defer { git_config_free(local) }
        // "^$" matches no existing value, so the value is added beside the others.
        try check(git_config_set_multivar(local, key, "^$", value), "cannot add \(key) to the git configuration")
    }

    /// The names of the repository's remotes.
    public func remoteNames() throws(GitError) -> [String] {
        var names = git_strarray()
        try check(git_remote_list(&names, handle), "cannot list the remotes")
        defer { git_strarray_dispose(&names) }
        return (0..<names.count).compactMap { names.strings[$0].map { String(cString: $0) } }
    }

    /// The note on `commit` under `notesRef`, or nil.
    public func note(on commit: OID, ref notesRef: String) throws(GitError) -> String? {
        var raw = commit.raw
        var note: OpaquePointer?
        let rc = git_note_read(&note, handle, notesRef, &raw)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "cannot read the note on \(commit.short)")
        defer { git_note_free(note) }
        return git_note_message(note).map { String(cString: $0) }
    }

    /// Every commit that has a note under `notesRef` (none when the ref does not exist).
    public func notedCommits(ref notesRef: String) throws(GitError) -> [OID] {
        final class Found { var oids: [OID] = [] }
        let found = Found()
        let rc = withExtendedLifetime(found) {
            git_note_foreach(handle, notesRef, { _, annotated, payload in
                guard let annotated, let payload else { return 0 }
                Unmanaged<Found>.fromOpaque(payload).takeUnretainedValue().oids.append(OID(annotated.pointee))
                return 0
            }, Unmanaged.passUnretained(found).toOpaque())
        }
        if rc == GIT_ENOTFOUND.rawValue { return [] }
        try check(rc, "cannot list the notes under \(notesRef)")
        return found.oids
    }

    /// Writes (replacing) the note on `commit` under `notesRef`, signed as the user's git
    /// identity, or `bench <bench@localhost>` when none is configured.
    public func setNote(_ message: String, on commit: OID, ref notesRef: String) throws(GitError) {
        var signature: UnsafeMutablePointer<git_signature>?
        if git_signature_default(&signature, handle) < 0 {
            try check(git_signature_now(&signature, "bench", "bench@localhost"), "cannot make a signature")
        }
        defer { git_signature_free(signature) }
        var raw = commit.raw
        var out = git_oid()
        try check(git_note_create(&out, handle, notesRef, signature, signature, &raw, message, 1),
                  "cannot write the note on \(commit.short)")
    }
}

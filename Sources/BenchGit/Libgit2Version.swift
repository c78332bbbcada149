import CGit2

/// The libgit2 the binary runs with.
public enum Libgit2 {
    /// `major.minor.revision`, asked of the loaded library (not the headers it was built against).
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        guard git_libgit2_version(&major, &minor, &revision) == 0 else { return "unknown" }
        return "\(major).\(minor).\(revision)"
    }
}

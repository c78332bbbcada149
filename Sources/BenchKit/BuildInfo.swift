import BenchGit
import BenchStore
import CBuildInfo

/// What this bench was built from and the C libraries it runs with: `bench --version`;
/// encoded as is by `bench version --json`.
public struct BuildInfo: Sendable, Equatable, Encodable {
    /// The release (the latest `v*` tag, else the VERSION file).
    public var version: String
    /// The commit built (`-dirty` when the tree had changes), or `unknown`.
    public var commit: String
    /// The day of the build (UTC, `YYYY-MM-DD`), or `unknown`.
    public var date: String
    public var libgit2: String
    public var sqlite: String
    public var libpq: String

    /// This binary's.
    public static var current: BuildInfo {
        BuildInfo(version: String(cString: bench_build_version()), commit: String(cString: bench_build_commit()),
                  date: String(cString: bench_build_date()), libgit2: Libgit2.version, sqlite: StoreLibraries.sqlite,
                  libpq: StoreLibraries.libpq)
    }

    /// `bench 0.1.0 (commit 1a2b3c4d5e6f, built 2026-11-26)` and a line of the libraries.
    public var text: String {
        "bench \(version) (commit \(commit), built \(date))\nlibgit2 \(libgit2), SQLite \(sqlite), libpq \(libpq)"
    }
}

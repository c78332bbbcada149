import BenchGit

/// Whether the repository's remote brings bench's git notes (`refs/notes/bench`, which
/// `bench tag --push` writes from CI) with every fetch, and setting that up.
public struct NotesFetch {
    let session: Session

    public init(_ session: Session) { self.session = session }

    static let refspec = "+refs/notes/bench:refs/notes/bench"

    /// The remote notes come from: `origin`, else the first; nil without a remote.
    public func remote() -> String? {
        let remotes = (try? session.workspace.repository.remoteNames()) ?? []
        return remotes.contains("origin") ? "origin" : remotes.first
    }

    /// Whether `remote` fetches the notes (its own refspec, or all notes).
    public func isConfigured(_ remote: String) -> Bool {
        let refspecs = (try? session.workspace.repository.configStrings("remote.\(remote).fetch")) ?? []
        return refspecs.contains { $0.hasSuffix("refs/notes/bench:refs/notes/bench") || $0.contains("refs/notes/*") }
    }

    /// `git config --add remote.REMOTE.fetch +refs/notes/bench:refs/notes/bench`.
    public func configure(_ remote: String) throws(BenchError) {
        do { try session.workspace.repository.addConfigValue("remote.\(remote).fetch", Self.refspec) } catch { throw BenchError(error) }
    }

    /// The command a user would type to do the same.
    public static func command(_ remote: String) -> String {
        "git config --add remote.\(remote).fetch '\(refspec)' && git fetch \(remote)"
    }
}

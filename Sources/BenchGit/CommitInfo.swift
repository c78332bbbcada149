import Foundation

/// A commit's facts, copied out of libgit2.
public struct CommitInfo: Sendable, Equatable {
    public var oid: OID
    /// The first line of the message.
    public var subject: String
    public var authorName: String
    public var authorEmail: String
    /// The committer time.
    public var time: Date
    public var parents: [OID]

    public init(oid: OID, subject: String, authorName: String, authorEmail: String, time: Date, parents: [OID]) {
        self.oid = oid
        self.subject = subject
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.time = time
        self.parents = parents
    }
}

/// Where HEAD points.
public enum Head: Sendable, Equatable {
    /// On a branch (its short name, e.g. `main` or `feature/x`) at a commit.
    case branch(String, OID)
    /// Detached at a commit.
    case detached(OID)
    /// On a branch with no commits yet.
    case unborn(String)

    /// The commit HEAD points at, if any.
    public var oid: OID? {
        switch self {
        case .branch(_, let oid), .detached(let oid): oid
        case .unborn: nil
        }
    }

    /// The branch name bench records: the branch, or `HEAD` when detached.
    public var branchName: String {
        switch self {
        case .branch(let name, _), .unborn(let name): name
        case .detached: "HEAD"
        }
    }
}

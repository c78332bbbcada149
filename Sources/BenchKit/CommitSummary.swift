import BenchCore
import BenchGit
import Foundation

/// A commit as the fronts show it: sha, subject, author and time. BenchKit's outcomes carry
/// this, never BenchGit's handles or ids.
public struct CommitSummary: Sendable, Equatable {
    /// The full 40-character sha.
    public var sha: String
    /// The first line of the message.
    public var subject: String
    public var author: String
    public var authorEmail: String
    /// The committer time.
    public var time: Date

    /// The sha's first 7 characters, as `git log --oneline` shows it.
    public var short: String { Figures.short(sha) }

    public init(sha: String, subject: String, author: String, authorEmail: String = "", time: Date) {
        self.sha = sha
        self.subject = subject
        self.author = author
        self.authorEmail = authorEmail
        self.time = time
    }

    init(_ info: CommitInfo) {
        self.init(sha: info.oid.hex, subject: info.subject, author: info.authorName, authorEmail: info.authorEmail, time: info.time)
    }
}

import BenchCore
import BenchGit
import BenchStore

/// What a use case reports to the front end: what went wrong, what to do, and which
/// class of failure it is (the CLI turns the class into an exit code).
public struct BenchError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Bad input or usage; nothing was written (exit 2).
        case badInput
        /// Not a repository, store unreachable, a command failed (exit 3).
        case environment
    }

    /// Situations callers tell apart from other errors of the same kind.
    public enum Situation: Sendable, Equatable {
        /// `bench check` found results but nothing to compare them with.
        case noBaseline
        /// The shared store's server could not be reached (a write can wait in the outbox).
        case storeUnreachable
        /// What was asked for (a series, a commit) does not exist.
        case notFound
    }

    public var kind: Kind
    public var message: String
    public var hint: String?
    public var situation: Situation?

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var description: String { message }

    /// A format problem is bad input.
    public init(_ error: FormatError) {
        self.init(.badInput, error.description, hint: error.hint ?? "fix \(error.file ?? "the input") and run the command again")
    }

    /// A git problem: an unknown revision is bad input; a missing repository is the environment.
    init(_ error: GitError) {
        switch error.kind {
        case .notARepository:
            self.init(.environment, error.message, hint: "run bench inside a git repository, or pass --repo PATH")
        case .notFound, .invalid:
            self.init(.badInput, error.message, hint: "check the revision with `git rev-parse --verify <rev>`")
            if error.kind == .notFound { situation = .notFound }
        case .unbornBranch:
            self.init(.environment, "the repository has no commits yet", hint: "commit something first; bench records results against commits")
        case .other:
            self.init(.environment, "git: \(error.message)", hint: "check the repository with `git status` and `git fsck`")
        }
    }

    /// A store problem: a missing version or a conflict is bad input; the rest is the environment.
    init(_ error: StoreError) {
        switch error.kind {
        case .notFound, .conflict:
            self.init(.badInput, error.description, hint: error.hint ?? "see `bench current` and `bench history MODEL` for what exists")
        case .unavailable, .unreachable, .schemaTooNew, .database, .constraint, .permission:
            self.init(.environment, "store: \(error.description)", hint: error.hint ?? "check the store location with `bench init` or BENCH_DATABASE_URL")
            if error.kind == .unreachable { situation = .storeUnreachable }
        }
    }
}

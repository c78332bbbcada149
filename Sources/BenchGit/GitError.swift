import CGit2

/// A libgit2 failure, with libgit2's own message read at once (it is per thread and
/// overwritten by the next call).
public struct GitError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The path is not inside a git repository.
        case notARepository
        /// A revision, ref or object does not exist.
        case notFound
        /// HEAD points at a branch with no commits yet.
        case unbornBranch
        /// A revision names something that is not a commit, or two revisions share no history.
        case invalid
        /// Anything else libgit2 reported.
        case other
    }

    public var kind: Kind
    public var code: Int32
    public var message: String

    public init(kind: Kind, code: Int32 = -1, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// Turns a libgit2 return code into a `GitError`, reading the message right away.
@discardableResult
func check(_ rc: Int32, _ what: @autoclosure () -> String = "") throws(GitError) -> Int32 {
    guard rc < 0 else { return rc }
    let last = git_error_last()   // may be NULL on libgit2 1.5
    let detail = last.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "libgit2 error \(rc)"
    let context = what()
    let message = context.isEmpty ? detail : "\(context): \(detail)"
    let kind: GitError.Kind = switch rc {
    case GIT_ENOTFOUND.rawValue: .notFound
    case GIT_EUNBORNBRANCH.rawValue: .unbornBranch
    case GIT_EINVALIDSPEC.rawValue, GIT_EAMBIGUOUS.rawValue, GIT_EPEEL.rawValue: .invalid
    default: .other
    }
    throw GitError(kind: kind, code: rc, message: message)
}

/// libgit2 is initialised once per process, on first use.
let libgit2Initialised: Bool = {
    git_libgit2_init()
    return true
}()

/// One branch a `git push` sends, read from what git writes to a pre-push hook's standard
/// input: a line `<local ref> <local sha> <remote ref> <remote sha>` per ref pushed.
public struct PushedRef: Sendable, Equatable {
    /// The branch, without `refs/heads/`.
    public var branch: String
    /// The commit pushed (the local sha).
    public var sha: String
    /// What the remote's branch points at before the push; nil for a branch new there.
    public var remoteSha: String?

    public init(branch: String, sha: String, remoteSha: String? = nil) {
        self.branch = branch
        self.sha = sha
        self.remoteSha = remoteSha
    }

    /// The local sha git gives a ref the push deletes.
    static let zeroSha = String(repeating: "0", count: 40)
    static let branchPrefix = "refs/heads/"

    /// The branches pushed, in input order. A line counts when it has exactly four
    /// space-separated fields; deleted refs (a local sha of 40 zeros) and refs outside
    /// `refs/heads/` (tags, notes) are skipped.
    public static func parse(_ input: String) -> [PushedRef] {
        input.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 4, fields[1] != zeroSha, fields[0].hasPrefix(branchPrefix) else { return nil }
            return PushedRef(branch: String(fields[0].dropFirst(branchPrefix.count)), sha: String(fields[1]),
                             remoteSha: fields[3] == zeroSha ? nil : String(fields[3]))
        }
    }
}

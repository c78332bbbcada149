import BenchCore
import Testing

/// The pre-push hook's standard input: `<local ref> <local sha> <remote ref> <remote sha>` lines.
@Suite struct PushedRefTests {
    static let sha = "139ecf6a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
    static let zero = String(repeating: "0", count: 40)

    @Test func branchesAreReadInOrder() {
        let input = """
        refs/heads/main \(Self.sha) refs/heads/main \(Self.zero)
        refs/heads/feature/x 2222222222222222222222222222222222222222 refs/heads/feature/x \(Self.sha)

        """
        #expect(PushedRef.parse(input) == [PushedRef(branch: "main", sha: Self.sha),
                                           PushedRef(branch: "feature/x", sha: String(repeating: "2", count: 40), remoteSha: Self.sha)])
    }

    @Test func deletedRefsTagsAndOtherLinesAreSkipped() {
        let input = """
        refs/heads/gone \(Self.zero) refs/heads/gone \(Self.sha)
        refs/tags/v1.0 \(Self.sha) refs/tags/v1.0 \(Self.zero)
        refs/notes/bench \(Self.sha) refs/notes/bench \(Self.zero)
        refs/heads/main \(Self.sha) refs/heads/main
        refs/heads/main \(Self.sha) refs/heads/main \(Self.zero) extra
        """
        #expect(PushedRef.parse(input).isEmpty)
        #expect(PushedRef.parse("").isEmpty)
    }

    @Test func repeatedSpacesAndBlankLinesDoNotCount() {
        let input = "\n\nrefs/heads/main  \(Self.sha)   refs/heads/main \(Self.zero)\n\n"
        #expect(PushedRef.parse(input) == [PushedRef(branch: "main", sha: Self.sha)])
    }
}

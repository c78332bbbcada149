import BenchGit
import BenchTestSupport
import Foundation
import Testing

@Suite struct RepositoryTests {
    @Test func discoversUpwardFromASubdirectory() throws {
        let fixture = try GitFixture()
        try fixture.commit("first", file: "src/deep/a.txt")
        let repository = try Repository.discover(from: fixture.path + "/src/deep")
        #expect(repository.workdir == fixture.path)
        #expect(repository.commonDir == fixture.path + "/.git")
        #expect(!repository.isBare)
    }

    @Test func outsideARepositoryIsNotARepository() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-norepo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = #expect(throws: GitError.self) { try Repository.discover(from: directory) }
        #expect(error?.kind == .notARepository)
    }

    @Test func resolvesRevisionsToFullShas() throws {
        let fixture = try GitFixture()
        let shas = try fixture.commits(3)
        try fixture.git(["tag", "v1", shas[0]])
        try fixture.git(["tag", "-a", "v2", "-m", "annotated", shas[1]])
        let repository = try Repository.discover(from: fixture.path)
        #expect(try repository.resolve("HEAD").hex == shas[2])
        #expect(try repository.resolve("HEAD~2").hex == shas[0])
        #expect(try repository.resolve("v1").hex == shas[0])
        #expect(try repository.resolve("v2").hex == shas[1])
        #expect(try repository.resolve(String(shas[1].prefix(8))).hex == shas[1])
        let error = #expect(throws: GitError.self) { try repository.resolve("no-such-branch") }
        #expect(error?.kind == .notFound)
        #expect(error?.message.contains("no-such-branch") == true)
    }

    @Test func readsCommitsAndHead() throws {
        let fixture = try GitFixture()
        let shas = try fixture.commits(2)
        let repository = try Repository.discover(from: fixture.path)
        let head = try repository.head()
        #expect(head == .branch("main", OID(hex: shas[1])!))
        let commit = try repository.commit(OID(hex: shas[1])!)
        #expect(commit.subject == "commit 2")
        #expect(commit.authorName == "Test Author")
        #expect(commit.parents == [OID(hex: shas[0])!])

        try fixture.git(["checkout", "-q", "--detach", shas[0]])
        let detached = try repository.head()
        #expect(detached == .detached(OID(hex: shas[0])!))
        #expect(detached.branchName == "HEAD")
    }

    @Test func unbornBranchHasNoCommit() throws {
        let fixture = try GitFixture()
        let head = try Repository.discover(from: fixture.path).head()
        #expect(head == .unborn("main"))
        #expect(head.oid == nil)
    }

    @Test func dirtyMeansTrackedChangesOnly() throws {
        let fixture = try GitFixture()
        try fixture.commit("first")
        let repository = try Repository.discover(from: fixture.path)
        #expect(try repository.isDirty() == false)
        try fixture.write("untracked.json", "{}")
        #expect(try repository.isDirty() == false)
        try fixture.write("file.txt", "changed\n")
        #expect(try repository.isDirty() == true)
    }

    @Test func firstParentLogFollowsParentsNotClocks() throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("first")
        // A commit whose clock is years behind its parent's, and a merged one from the future.
        try fixture.write("file.txt", "skewed\n")
        try fixture.git(["add", "-A"])
        _ = try fixture.gitResult(["commit", "-q", "-m", "skewed"], environment: ["GIT_COMMITTER_DATE": "@1000000000 +0000", "GIT_AUTHOR_DATE": "@1000000000 +0000"])
        let skewed = try fixture.sha("HEAD")
        try fixture.git(["checkout", "-q", "-b", "feature"])
        try fixture.write("feature.txt", "future\n")
        try fixture.git(["add", "-A"])
        _ = try fixture.gitResult(["commit", "-q", "-m", "future"], environment: ["GIT_COMMITTER_DATE": "@4000000000 +0000", "GIT_AUTHOR_DATE": "@4000000000 +0000"])
        try fixture.git(["checkout", "-q", "main"])
        let last = try fixture.commit("last")
        try fixture.git(["merge", "-q", "--no-ff", "-m", "merge", "feature"])
        let merge = try fixture.sha("HEAD")
        let repository = try Repository.discover(from: fixture.path)
        #expect(try repository.firstParentLog("HEAD").map(\.hex) == [merge, last, skewed, first])
        #expect(try repository.firstParentLog("\(first)..HEAD", limit: 2).map(\.hex) == [merge, last])
    }

    @Test func firstParentLogAndMergeBase() throws {
        let fixture = try GitFixture()
        let base = try fixture.commits(2)
        try fixture.git(["checkout", "-q", "-b", "feature"])
        let feature = try fixture.commit("feature work", file: "feature.txt")
        try fixture.git(["checkout", "-q", "main"])
        let mainWork = try fixture.commit("main work")
        try fixture.git(["merge", "-q", "--no-ff", "-m", "merge feature", "feature"])
        let merge = try fixture.sha("HEAD")
        let repository = try Repository.discover(from: fixture.path)

        let log = try repository.firstParentLog("HEAD").map(\.hex)
        #expect(log == [merge, mainWork, base[1], base[0]])
        #expect(!log.contains(feature))
        #expect(try repository.firstParentLog("\(base[1])..HEAD").map(\.hex) == [merge, mainWork])
        #expect(try repository.firstParentLog("HEAD", limit: 2).count == 2)
        #expect(try repository.mergeBase(OID(hex: feature)!, OID(hex: mainWork)!)?.hex == base[1])
        #expect(try repository.isAncestor(OID(hex: base[0])!, of: OID(hex: merge)!))
        #expect(try !repository.isAncestor(OID(hex: merge)!, of: OID(hex: base[0])!))
    }

    @Test func linkedWorktreeSharesTheCommonDir() throws {
        let fixture = try GitFixture()
        try fixture.commit("first")
        let linked = fixture.root + "/linked"
        try fixture.git(["worktree", "add", "-q", "-b", "side", linked])
        let repository = try Repository.discover(from: linked)
        #expect(repository.workdir == linked)
        #expect(repository.commonDir == fixture.path + "/.git")
        #expect(try repository.head().branchName == "side")
    }

    @Test func bareRepositoriesOpen() throws {
        let bare = try GitFixture(bare: true)
        let repository = try Repository.discover(from: bare.path)
        #expect(repository.isBare)
        #expect(repository.workdir == nil)
        #expect(repository.commonDir == bare.path)
    }
}

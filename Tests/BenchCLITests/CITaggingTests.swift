import BenchTestSupport
import Foundation
import Testing

@Suite struct CITaggingTests {
    static let github: [String: String] = [
        "GITHUB_ACTIONS": "true", "GITHUB_REF_NAME": "42/merge", "GITHUB_HEAD_REF": "feature/faster",
        "GITHUB_RUN_ID": "987654", "GITHUB_ACTOR": "octocat", "GITHUB_REPOSITORY": "acme/classifier",
    ]

    @Test func recordCIReadsTheCIsVariables() throws {
        let box = try Sandbox()
        let shas = try box.fixture.commits(2)
        let summary = box.fixture.root + "/summary.md"
        var environment = Self.github
        environment["GITHUB_SHA"] = shas[0]
        environment["GITHUB_STEP_SUMMARY"] = summary
        let file = try box.resultFile(Sandbox.result(f1: 0.9))
        let result = try BenchBinary.run(["record", "--input", file, "--ci"], in: box.path, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let runs = try #require(try Sandbox.json(try box.bench("export", "--format", "json")) as? [[String: Any]])
        let run = try #require(runs.first)
        #expect(run["environment"] as? String == "github-actions")
        #expect(run["commit_sha"] as? String == shas[0])
        #expect(run["branch_name"] as? String == "feature/faster")
        #expect(run["run_id"] as? String == "987654")
        #expect(run["triggered_by"] as? String == "octocat")
        #expect(run["tags"] as? [String] == ["repo:acme/classifier"])
        #expect(try String(contentsOfFile: summary, encoding: .utf8).contains("bench: recorded 1 result(s)"))

        let gitlab = try BenchBinary.run(["record", "--input", file, "--ci"], in: box.path, environment: [
            "GITLAB_CI": "true", "CI_COMMIT_SHA": shas[1], "CI_COMMIT_REF_NAME": "main", "CI_PIPELINE_ID": "77", "GITLAB_USER_LOGIN": "dev"])
        #expect(gitlab.status == 0, "\(gitlab.stderr)")
        let current = try #require(try Sandbox.json(try box.bench("current", "--environment", "gitlab-ci", "--json")) as? [[String: Any]])
        #expect(current.first?["commit_sha"] as? String == shas[1])
    }

    @Test func ciOutsideCIIsBadInput() throws {
        let box = try Sandbox(committing: "c1")
        let file = try box.resultFile(Sandbox.result(f1: 0.9))
        let result = try box.bench("record", "--input", file, "--ci")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--ci: no CI variables found"))
        #expect(try box.counts() == nil)
    }

    @Test func notesAreWrittenPushedAndSeenByAnotherClone() throws {
        let box = try Sandbox()
        let remote = try GitFixture(bare: true)
        try box.fixture.git(["remote", "add", "origin", remote.path])
        let sha = try box.fixture.commit("c1")
        try box.fixture.git(["push", "-q", "origin", "main"])
        try box.record(f1: 0.9)
        let tagged = try box.bench("tag", "--push")
        #expect(tagged.status == 0, "\(tagged.stderr)")
        #expect(try box.fixture.git(["log", "-1", "--notes=bench", "--format=%N"]).contains("bench: clf [set-v1, p1] local@main v1 precision=0.9 recall=0.8 f1=0.9"))

        let other = try GitFixture()
        let clone = other.root + "/clone"
        try other.git(["clone", "-q", remote.path, clone])
        try other.git(["fetch", "-q", "origin", "refs/notes/bench:refs/notes/bench"], in: clone)
        let seen = try other.git(["log", "-1", "--notes=bench", "--format=%H %N"], in: clone)
        #expect(seen.hasPrefix(sha))
        #expect(seen.contains("f1=0.9"))
    }

    @Test func twoConcurrentTagPushesLoseNoNote() throws {
        let remote = try GitFixture(bare: true)
        let seed = try Sandbox()
        try seed.fixture.git(["remote", "add", "origin", remote.path])
        try seed.fixture.commit("c1")
        try seed.fixture.git(["push", "-q", "origin", "main"])
        // Two CI jobs: two clones, each measuring its own model on the same commit.
        var clones: [(GitFixture, String)] = []
        for model in ["alpha", "beta"] {
            let holder = try GitFixture()
            let path = holder.root + "/clone"
            try holder.git(["clone", "-q", remote.path, path])
            let file = holder.root + "/r.json"
            try Data(Sandbox.result(model: model, f1: 0.9).utf8).write(to: URL(fileURLWithPath: file))
            #expect(try BenchBinary.run(["record", "--input", file], in: path).status == 0)
            clones.append((holder, path))
        }
        let processes = try clones.map { _, path in try ProcessRunner.start(BenchBinary.path, ["tag", "--push"], in: path) }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0])
        let check = try GitFixture()
        let path = check.root + "/check"
        try check.git(["clone", "-q", remote.path, path])
        try check.git(["fetch", "-q", "origin", "refs/notes/bench:refs/notes/bench"], in: path)
        let note = try check.git(["log", "-1", "--notes=bench", "--format=%N"], in: path)
        #expect(note.contains("bench: alpha"))
        #expect(note.contains("bench: beta"))
    }
}

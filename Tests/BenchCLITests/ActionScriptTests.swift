import BenchTestSupport
import Foundation
import Testing

/// The GitHub Action's steps (scripts/action.sh) in a real repository with the real bench,
/// and a stand-in for `gh` on PATH (Tests/Stand-ins/gh): GitHub's API cannot be reached
/// from here, so the stand-in records each call and keeps the comments the calls make.
@Suite struct ActionScriptTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let script = root + "/scripts/action.sh"

    /// A pull request whose head lowered f1 by 6.7%, with the action's variables.
    struct PullRequest {
        let box: Sandbox
        let state: String
        var environment: [String: String]

        init() throws {
            box = try Sandbox()
            try box.fixture.commit("c1")
            try box.record(f1: 0.895)
            try box.fixture.commit("c2")
            try box.record(f1: 0.835)
            state = box.fixture.root + "/gh"
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            // Someone else's comment on the pull request, which the action must leave alone.
            try Data(#"[{"id": 1, "user": {"login": "reviewer"}, "body": "looks good"}]"#.utf8)
                .write(to: URL(fileURLWithPath: state + "/comments.json"))
            var environment = ProcessInfo.processInfo.environment
            for key in ["BENCH_DATABASE_URL", "GIT_DIR", "GIT_WORK_TREE"] + BenchBinary.ciVariables { environment[key] = nil }
            let bench = URL(fileURLWithPath: BenchBinary.path).deletingLastPathComponent().path
            environment["PATH"] = "\(ActionScriptTests.root)/Tests/Stand-ins:\(bench):" + (environment["PATH"] ?? "/usr/bin:/bin")
            environment["GH_STATE"] = state
            environment["RUNNER_TEMP"] = box.fixture.root
            environment["GITHUB_ACTIONS"] = "true"
            environment["GITHUB_EVENT_NAME"] = "pull_request"
            environment["GITHUB_REPOSITORY"] = "acme/classifier"
            environment["GITHUB_REF"] = "refs/pull/7/merge"
            environment["GITHUB_RUN_ID"] = "4242"
            environment["GITHUB_STEP_SUMMARY"] = box.fixture.root + "/summary.md"
            environment["GITHUB_OUTPUT"] = box.fixture.root + "/output"
            environment["BENCH_AGAINST"] = "HEAD~1"
            environment["BENCH_REPORT_URL"] = "https://github.com/acme/classifier/actions/runs/4242/artifacts/99"
            self.environment = environment
        }

        func step(_ name: String, _ extra: [String: String] = [:]) throws -> ProcessResult {
            try ProcessRunner.run("/bin/bash", [ActionScriptTests.script, name], in: box.path,
                                  environment: environment.merging(extra) { $1 })
        }

        var calls: [String] {
            get throws { try String(contentsOfFile: state + "/calls.log", encoding: .utf8).split(separator: "\n").map(String.init) }
        }

        var comments: [[String: Any]] {
            get throws {
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: state + "/comments.json"))) as? [[String: Any]] ?? []
            }
        }
    }

    @Test func theCommentIsPostedOnceThenUpdated() throws {
        let pull = try PullRequest()
        let check = try pull.step("check")
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try String(contentsOfFile: pull.environment["GITHUB_OUTPUT"]!, encoding: .utf8).contains("verdict=regression"))
        #expect(try String(contentsOfFile: pull.environment["GITHUB_STEP_SUMMARY"]!, encoding: .utf8).contains("bench check: regressed"))

        let first = try pull.step("comment")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("posted the bench comment on #7"))
        let posted = try pull.comments
        #expect(posted.count == 2)
        let body = try #require(posted.last?["body"] as? String)
        #expect(body.hasPrefix("<!-- bench -->\n### ❌ bench check: regressed"))
        #expect(body.contains("| f1 | 0.895 | 0.835 | -6.7% | **regressed** |"))

        // The next push: the same comment is edited, never a second one posted.
        try pull.box.fixture.commit("c3")
        try pull.box.record(f1: 0.9)
        let again = try pull.step("check")
        #expect(again.status == 0, "\(again.stderr)")
        let second = try pull.step("comment")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("updated the bench comment on #7"))
        let comments = try pull.comments
        #expect(comments.count == 2)
        #expect(comments.first?["body"] as? String == "looks good")
        let updated = try #require(comments.last?["body"] as? String)
        #expect(updated.hasPrefix("<!-- bench -->\n### ✅ bench check: improved"))
        let writes = try pull.calls.filter { $0.contains("--method") }
        #expect(writes == ["api --method POST repos/acme/classifier/issues/7/comments -F body=@\(pull.box.fixture.root)/bench-action/comment.md",
                           "api --method PATCH repos/acme/classifier/issues/comments/1002 -F body=@\(pull.box.fixture.root)/bench-action/comment.md"])
    }

    @Test func theVerdictFailsTheStepAsFailOnSays() throws {
        let pull = try PullRequest()
        #expect(try pull.step("check").status == 0)
        let failed = try pull.step("verdict")
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("bench check: regression (fail-on: regression)"))
        #expect(try pull.step("verdict", ["BENCH_FAIL_ON": "never"]).status == 0)
        let bad = try pull.step("verdict", ["BENCH_FAIL_ON": "sometimes"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("error: fail-on 'sometimes' is not one of regression, inconclusive, never"))
    }

    @Test func noCommentOutsideAPullRequest() throws {
        var pull = try PullRequest()
        pull.environment["GITHUB_REF"] = "refs/heads/main"
        #expect(try pull.step("check").status == 0)
        let result = try pull.step("comment")
        #expect(result.status == 0)
        #expect(result.stdout.contains("not a pull request: no comment"))
        #expect(!FileManager.default.fileExists(atPath: pull.state + "/calls.log"))
    }

    @Test func resolveNamesTheReleaseOfTheActionsOwnSource() throws {
        let pull = try PullRequest()
        let version = try String(contentsOfFile: Self.root + "/VERSION", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let own = try pull.step("resolve")
        #expect(own.status == 0, "\(own.stderr)")
        #expect(try String(contentsOfFile: pull.environment["GITHUB_OUTPUT"]!, encoding: .utf8) == "version=v\(version)\n")
        let given = try pull.step("resolve", ["BENCH_VERSION_INPUT": "v9.8.7"])
        #expect(given.stdout == "bench v9.8.7\n")
    }

    /// A release served from a directory (curl reads file:// as it reads https://): the
    /// tarball is checked against SHA256SUMS, unpacked into the tool directory and put on PATH.
    @Test func installUnpacksTheReleaseAfterCheckingItsSum() throws {
        let pull = try PullRequest()
        let arch = try ProcessRunner.run("/usr/bin/uname", ["-m"], in: "/").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = pull.box.fixture.root + "/server"
        let download = server + "/acme/bench/releases/download/v0.0.1"
        let name = "bench-v0.0.1-linux-\(arch)"
        try FileManager.default.createDirectory(atPath: server + "/stage/\(name)/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: download, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: BenchBinary.path, toPath: server + "/stage/\(name)/bin/bench")
        let shell = { (script: String) in try ProcessRunner.run("/bin/bash", ["-c", script], in: server) }
        #expect(try shell("tar -czf '\(download)/\(name).tar.gz' -C stage \(name) && cd '\(download)' && sha256sum \(name).tar.gz > SHA256SUMS").status == 0)
        let tool = pull.box.fixture.root + "/tool"
        let environment = ["GITHUB_SERVER_URL": "file://" + server, "BENCH_RELEASE_REPOSITORY": "acme/bench", "BENCH_VERSION": "v0.0.1",
                           "BENCH_TOOL_DIR": tool, "GITHUB_PATH": pull.box.fixture.root + "/path"]
        let installed = try pull.step("install", environment)
        #expect(installed.status == 0, "\(installed.stderr)")
        #expect(installed.stdout.contains("bench "))
        #expect(FileManager.default.isExecutableFile(atPath: tool + "/bin/bench"))
        #expect(try String(contentsOfFile: pull.box.fixture.root + "/path", encoding: .utf8) == tool + "/bin\n")

        // A tarball that does not match its sum is refused before anything is unpacked.
        try FileManager.default.removeItem(atPath: tool)
        #expect(try shell("echo '0000000000000000000000000000000000000000000000000000000000000000  \(name).tar.gz' > '\(download)/SHA256SUMS'").status == 0)
        let refused = try pull.step("install", environment)
        #expect(refused.status != 0)
        #expect((refused.stdout + refused.stderr).contains("FAILED"))
        #expect(!FileManager.default.fileExists(atPath: tool + "/bin/bench"))
    }

    /// GitHub refuses a comment over 65536 characters: the unchanged rows go first, then the rest is cut.
    @Test func aLongReportIsShortenedToFitAComment() throws {
        let pull = try PullRequest()
        let file = pull.box.fixture.root + "/long.md"
        let row = "| model-\(String(repeating: "x", count: 40)) local@main | f1 | 0.9 | 0.9 | +0.0% | unchanged | percentage | ≥ 0.855 |"
        let changed = "| clf local@main | f1 | 0.895 | 0.835 | -6.7% | **regressed** | percentage | ≥ 0.85025 |"
        let unchangedOnly = ["<!-- bench -->", "### ❌ bench check: regressed", changed, "", "<details><summary>1000 unchanged</summary>", ""]
            + Array(repeating: row, count: 1000) + ["", "</details>", "", "Baselines: clf v2."]
        try Data(unchangedOnly.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        let folded = try pull.step("comment", ["BENCH_COMMENT_FILE": file])
        #expect(folded.status == 0, "\(folded.stderr)")
        let short = try #require(try pull.comments.last?["body"] as? String)
        #expect(short.count < 65536)
        #expect(short.hasPrefix("<!-- bench -->\n### ❌ bench check: regressed\n\(changed)"))
        #expect(short.contains("_The unchanged rows are in the run's step summary._"))
        #expect(!short.contains("<details>") && short.hasSuffix("Baselines: clf v2."))

        let manyChanged = ["<!-- bench -->", "### ❌ bench check: regressed"] + Array(repeating: changed, count: 1000)
        try Data(manyChanged.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        #expect(try pull.step("comment", ["BENCH_COMMENT_FILE": file]).status == 0)
        let cut = try #require(try pull.comments.last?["body"] as? String)
        #expect(cut.count < 65536)
        #expect(cut.hasPrefix("<!-- bench -->\n"))
        #expect(cut.hasSuffix("\(changed)\n\n_Cut: the whole report is in the run's step summary._"))
        #expect(try pull.comments.count == 2)
    }
}

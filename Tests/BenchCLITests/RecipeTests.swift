import BenchCore
import BenchTestSupport
import Foundation
import Testing

/// The README's recipes by role, run line for line as they stand in the README, with the
/// built bench first on PATH, in repositories set up as each recipe's reader would have them.
@Suite struct RecipeTests {
    /// The ```sh block after `<!-- recipe: NAME -->` in the README.
    static func recipe(_ name: String) throws -> String {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let marker = try #require(text.range(of: "<!-- recipe: \(name) -->"), "README has no recipe \(name)")
        let rest = text[marker.upperBound...]
        let open = try #require(rest.range(of: "```sh\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return String(rest[open.upperBound..<close.lowerBound])
    }

    /// Runs a recipe with `sh -e`: any failing line fails it.
    static func run(_ name: String, in directory: String, environment extra: [String: String] = [:]) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        for key in ["BENCH_DATABASE_URL"] + BenchBinary.ciVariables { environment[key] = nil }
        environment["PATH"] = (BenchBinary.path as NSString).deletingLastPathComponent + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["USER"] = "tester"
        for (key, value) in extra { environment[key] = value }
        return try ProcessRunner.run("/bin/sh", ["-e", "-c", try recipe(name)], in: directory, environment: environment)
    }

    /// A repository whose benchmark prints f1 from `score.txt`, and a bare remote it pushed to.
    static func project(config: Bool) throws -> (box: Sandbox, remote: GitFixture) {
        let box = try Sandbox()
        let remote = try GitFixture(bare: true)
        try box.fixture.git(["remote", "add", "origin", remote.path])
        try box.fixture.write("eval.sh", "printf '{\"model_version\": \"clf\", \"metrics\": {\"f1\": %s}}' \"$(cat score.txt)\"\n")
        try box.fixture.write("score.txt", "0.90\n")
        if config { try box.fixture.write("bench.toml", "[[benchmark]]\nname = \"clf\"\ncommand = \"sh eval.sh\"\n") }
        try box.fixture.commit("c1: classifier")
        try box.fixture.git(["push", "-q", "-u", "origin", "main"])
        return (box, remote)
    }

    @Test func developer() throws {
        let (box, remote) = try Self.project(config: false)
        try box.fixture.write("score.txt", "0.91\n")
        try box.fixture.git(["commit", "-q", "-am", "c2: better"])
        let result = try Self.run("developer", in: box.path)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("All good."))
        #expect(try remote.git(["rev-parse", "main"]) == box.fixture.sha("HEAD"), "the push went")
        #expect(FileManager.default.fileExists(atPath: box.path + "/.git/hooks/pre-push"))
        #expect(try box.counts()?.transactions == 1)
    }

    @Test func maintainer() throws {
        let (box, _) = try Self.project(config: true)
        try box.fixture.git(["tag", "v1.2"])
        #expect(try box.bench("run").status == 0)
        for (score, subject) in [("0.90", "c2: docs"), ("0.80", "c3: new tokenizer"), ("0.80", "c4: logging"), ("0.81", "c5: tweak")] {
            try box.fixture.write("score.txt", score + "\n")
            try box.fixture.write("notes.txt", subject + "\n")
            try box.fixture.git(["add", "-A"])
            try box.fixture.git(["commit", "-q", "-m", subject])
        }
        #expect(try box.bench("run").status == 0)
        let result = try Self.run("maintainer", in: box.path)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("c3: new tokenizer"), "\(result.stdout)")
    }

    @Test func ci() throws {
        let (box, remote) = try Self.project(config: true)
        let summary = box.fixture.root + "/summary.md"
        func job(_ run: String) throws -> [String: String] {
            ["GITHUB_ACTIONS": "true", "GITHUB_SHA": try box.fixture.sha("HEAD"), "GITHUB_REF_NAME": "main",
             "GITHUB_RUN_ID": run, "GITHUB_ACTOR": "ci-bot", "GITHUB_REPOSITORY": "acme/app", "GITHUB_STEP_SUMMARY": summary]
        }
        let earlier = try BenchBinary.run(["run", "--ci"], in: box.path, environment: try job("4241"))
        #expect(earlier.status == 0, "the parent was measured by an earlier job: \(earlier.stderr)")
        try box.fixture.write("notes.txt", "docs\n")
        try box.fixture.git(["add", "-A"])
        try box.fixture.git(["commit", "-q", "-m", "c2: docs"])
        let result = try Self.run("ci", in: box.path, environment: try job("4242"))
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(try String(contentsOfFile: summary, encoding: .utf8).contains("f1"))
        #expect(try remote.git(["notes", "--ref=bench", "show", box.fixture.sha("HEAD")]).contains("f1"), "the note reached the remote")
    }
}

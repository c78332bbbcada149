import BenchTestSupport
import Foundation
import Testing

/// `bench demo`: the gate's story told with the real bench and git, in a throwaway directory.
@Suite struct DemoTests {
    static func temporaryParent() throws -> String {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("bench-demo-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        return parent
    }

    @Test func demoShowsAPushRefusedAndTheCulpritNamed() throws {
        let parent = try Self.temporaryParent()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        // A shared store in the user's environment must not receive the demo's results.
        let result = try BenchBinary.run(["demo", "--dir", parent], in: parent,
                                         environment: ["BENCH_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"])
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        let headings = out.split(separator: "\n").filter { $0.hasPrefix("$ ") }.map(String.init)
        #expect(headings == ["$ bench init --yes", "$ git commit -am \"…\" && bench run", "$ git push origin main",
                             "$ git commit -am \"…\" && bench run", "$ git push origin main",
                             "$ bench check --against origin/main", "$ bench bisect --good origin/main --bad HEAD --metric f1"])
        let sections = out.components(separatedBy: "\n$ ")
        try #require(sections.count == 8, "\(out)")
        // The first push goes; the second is refused by the hook, in git's own words.
        #expect(sections[3].contains("[new branch]") && sections[3].contains("main -> main"), "\(sections[3])")
        #expect(!sections[3].contains("failed to push"))
        #expect(sections[5].contains("REGRESSED") && sections[5].contains("push stopped"), "\(sections[5])")
        #expect(sections[5].contains("failed to push some refs"))
        #expect(sections[5].contains("f1"))
        // check gives the verdict with its evidence; bisect names the commit from stored results.
        #expect(sections[6].contains("REGRESSED") && sections[6].contains("0.875") && sections[6].contains("0.81"), "\(sections[6])")
        #expect(sections[7].contains("Switch tokenizer to whitespace split"), "\(sections[7])")
        #expect(sections[7].contains("0 benchmark run(s)"))
        #expect(out.contains("\"Switch tokenizer to whitespace split\" is the commit that made f1 drop"))
        #expect(out.contains("demo --keep"))
        // Removed by default.
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }

    @Test func keepLeavesARepositoryTheOtherCommandsWorkOn() throws {
        let parent = try Self.temporaryParent()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let result = try BenchBinary.run(["demo", "--dir", parent, "--keep"], in: parent)
        #expect(result.status == 0, "\(result.stderr)")
        let demos = try FileManager.default.contentsOfDirectory(atPath: parent)
        #expect(demos.count == 1)
        let repository = parent + "/" + demos[0] + "/repo"
        #expect(result.stdout.contains("serve --repo \(repository)"))
        let history = try BenchBinary.run(["history", "classifier", "--json"], in: repository)
        let snapshots = (try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])?.first?["snapshots"] as? [[String: Any]]
        // Twelve commits measured, and the regressing tip measured again by the hook before it blocked.
        #expect((snapshots?.count ?? 0) >= 12, "\(history.stdout)")
        let remoteMain = try ProcessRunner.run("/usr/bin/env", ["git", "rev-parse", "main"], in: parent + "/" + demos[0] + "/origin.git")
        let seventh = try ProcessRunner.run("/usr/bin/env", ["git", "rev-parse", "HEAD~5"], in: repository)
        #expect(remoteMain.stdout == seventh.stdout && !seventh.stdout.isEmpty, "the refused push left the remote at the seventh commit")
        let hooks = try BenchBinary.run(["hooks", "status"], in: repository)
        #expect(hooks.stdout.contains("pre-push"), "\(hooks.stdout)")
    }
}

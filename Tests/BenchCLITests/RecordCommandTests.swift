import BenchCore
import BenchTestSupport
import Foundation
import Testing

@Suite struct RecordCommandTests {
    @Test func recordsAgainstHeadAndShowsHistoryCompareAndLog() throws {
        let box = try Sandbox()
        var shas: [String] = []
        for (index, f1) in [0.895, 0.90, 0.835].enumerated() {
            shas.append(try box.fixture.commit("change \(index + 1)"))
            let result = try box.record(f1: f1)
            #expect(result.stdout.contains("v\(index + 1) at \(shas.last!.prefix(7))"))
        }

        let history = try box.bench("history", "clf", "--json")
        #expect(history.status == 0)
        let series = try #require(try Sandbox.json(history) as? [[String: Any]])
        let snapshots = try #require(series.first?["snapshots"] as? [[String: Any]])
        #expect(snapshots.map { $0["snapshot_version"] as? Int } == [3, 2, 1])
        #expect(snapshots.map { $0["commit_sha"] as? String } == shas.reversed())
        #expect(snapshots.map { $0["is_current"] as? Bool } == [true, false, false])
        #expect((snapshots.first?["metrics"] as? [String: Double])?["f1"] == 0.835)

        let table = try box.bench("history", "clf")
        #expect(table.stdout.contains("clf [set-v1, p1] local@main"))
        #expect(table.stdout.contains("v3   current"))

        let compare = try box.bench("compare", "clf", "1", "3")
        #expect(compare.status == 0)
        let f1Line = try #require(compare.stdout.split(separator: "\n").first { $0.hasPrefix("f1 ") })
        #expect(f1Line.contains("0.895") && f1Line.contains("0.835") && f1Line.contains("-0.06 (-6.7%)") && f1Line.contains("worse"))

        let compareJSON = try #require(try Sandbox.json(try box.bench("compare", "clf", "1", "3", "--json")) as? [String: Any])
        let deltas = try #require(compareJSON["deltas"] as? [[String: Any]])
        let f1Delta = try #require(deltas.first { $0["metric"] as? String == "f1" })
        #expect(abs((f1Delta["delta_percent"] as? Double ?? 0) + 6.7039) < 0.001)

        let log = try box.bench("log", "--metric", "f1")
        #expect(log.status == 0)
        let lines = log.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix(String(shas[2].prefix(7))) && lines[0].contains("change 3"))
        #expect(lines[1] == "    clf v3: f1=0.835")
        #expect(lines[3] == "    clf v2: f1=0.9")
        #expect(!log.stdout.contains("latency"))

        let range = try box.bench("log", "\(shas[0])..HEAD", "--json")
        let commits = try #require(try Sandbox.json(range) as? [[String: Any]])
        #expect(commits.map { $0["commit_sha"] as? String } == [shas[2], shas[1]])
    }

    @Test func acceptsTheSeedsPushFlags() throws {
        let box = try Sandbox()
        let shas = try box.fixture.commits(3)
        try box.fixture.git(["tag", "v1.0", shas[0]])
        let file = try box.resultFile(Sandbox.result(f1: 0.9))
        let result = try box.bench("record", "--input", file, "--environment", "github-actions", "--commit-sha", "HEAD~2",
                                   "--branch-name", "develop", "--run-id", "12345", "--triggered-by", "octocat",
                                   "--tags", "experiment-42", "temperature-0.7", "--notes", "Testing new prompt template",
                                   "--dataset-size", "100", "--duration-seconds", "30.5", "--verify")
        #expect(result.status == 0, "\(result.stderr)")
        let verified = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("verified: transaction ") })
        let id = String(verified.dropFirst("verified: transaction ".count))

        let export = try box.bench("export", "--format", "json")
        let runs = try #require(try Sandbox.json(export) as? [[String: Any]])
        let run = try #require(runs.first)
        #expect(run["transaction_id"] as? String == id)
        #expect(run["commit_sha"] as? String == shas[0])
        #expect(run["branch_name"] as? String == "develop")
        #expect(run["environment"] as? String == "github-actions")
        #expect(run["run_id"] as? String == "12345")
        #expect(run["triggered_by"] as? String == "octocat")
        #expect(run["tags"] as? [String] == ["experiment-42", "temperature-0.7"])
        #expect(run["notes"] as? String == "Testing new prompt template")
        #expect(run["dataset_size"] as? Int == 100)
        #expect(run["duration_seconds"] as? Double == 30.5)

        let byTag = try box.bench("record", "--input", file, "--commit-sha", "v1.0", "--branch-name", "develop",
                                  "--environment", "github-actions", "--json")
        let snapshot = try #require((try Sandbox.json(byTag) as? [[String: Any]])?.first)
        #expect(snapshot["commit_sha"] as? String == shas[0])
        #expect(snapshot["snapshot_version"] as? Int == 2)
    }

    @Test func readsStandardInputAndArrays() throws {
        let box = try Sandbox(committing: "first")
        let input = "[\(Sandbox.result(model: "a", f1: 0.8)), \(Sandbox.result(model: "b", f1: 0.7))]"
        let result = try box.bench("record", "--input", "-", input: input)
        #expect(result.status == 0, "\(result.stderr)")
        let current = try #require(try Sandbox.json(try box.bench("current", "--json")) as? [[String: Any]])
        #expect(current.map { $0["model_version"] as? String } == ["a", "b"])
        #expect(Set(current.compactMap { $0["transaction_id"] as? String }).count == 2)
        #expect(try box.counts()?.transactions == 2)
    }

    @Test func detachedHeadRecordsBranchHEAD() throws {
        let box = try Sandbox()
        let shas = try box.fixture.commits(2)
        try box.fixture.git(["checkout", "-q", "--detach", shas[0]])
        try box.record(f1: 0.8)
        let current = try #require((try Sandbox.json(try box.bench("current", "--json")) as? [[String: Any]])?.first)
        #expect(current["branch_name"] as? String == "HEAD")
        #expect(current["commit_sha"] as? String == shas[0])
        try box.record(f1: 0.8, extra: ["--branch-name", "release"])
        #expect(try box.bench("current", "--branch", "release", "--json").stdout.contains(shas[0]))
    }

    @Test func dirtyWorkTreeIsRecordedAndWarned() throws {
        let box = try Sandbox(committing: "first")
        try box.fixture.write("file.txt", "uncommitted\n")
        let result = try box.record(f1: 0.8)
        #expect(result.stderr.contains("warning: the work tree has uncommitted changes"))
        let csv = try box.bench("export", "--format", "csv").stdout
        let header = csv.split(separator: "\n")[0].split(separator: ",")
        let row = csv.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
        let dirtyColumn = try #require(header.firstIndex(of: "is_dirty"))
        #expect(row[dirtyColumn] == "true")
    }

    @Test func branchesKeepTheirOwnSeries() throws {
        let box = try Sandbox(committing: "first")
        try box.record(f1: 0.8)
        try box.fixture.git(["checkout", "-q", "-b", "feature"])
        try box.fixture.commit("feature work")
        try box.record(f1: 0.7)
        try box.record(f1: 0.75)

        let feature = try box.bench("history", "clf", "--json")
        let versions = (try Sandbox.json(feature) as? [[String: Any]])?.first?["snapshots"] as? [[String: Any]]
        #expect(versions?.map { $0["snapshot_version"] as? Int } == [2, 1])
        let onMain = try #require(try Sandbox.json(try box.bench("current", "--branch", "main", "--json")) as? [[String: Any]])
        #expect(onMain.map { ($0["metrics"] as? [String: Double])?["f1"] } == [0.8])
        let all = try #require(try Sandbox.json(try box.bench("current", "--json")) as? [[String: Any]])
        #expect(all.count == 2)
    }

    @Test func linkedWorktreesShareOneStore() throws {
        let box = try Sandbox(committing: "first")
        let linked = box.fixture.root + "/linked"
        try box.fixture.git(["worktree", "add", "-q", "-b", "side", linked])
        let file = try box.resultFile(Sandbox.result(f1: 0.66))
        let result = try box.bench("record", "--input", file, in: linked)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: linked + "/.git/bench"))
        let fromMain = try box.bench("history", "clf", "--branch", "side")
        #expect(fromMain.status == 0)
        #expect(fromMain.stdout.contains("f1=0.66"))
    }

    @Test func checkoutBaselineAndTheirAuditTrail() throws {
        let box = try Sandbox(committing: "first")
        for f1 in [0.8, 0.85, 0.83] { try box.record(f1: f1) }

        let checkout = try box.bench("checkout", "clf", "--version", "2")
        #expect(checkout.status == 0)
        #expect(checkout.stdout.contains("v2 is now current"))
        let current = try #require((try Sandbox.json(try box.bench("current", "--json")) as? [[String: Any]])?.first)
        #expect(current["snapshot_version"] as? Int == 2)

        #expect(try box.bench("checkout", "clf", "--latest").status == 0)
        let latest = try #require((try Sandbox.json(try box.bench("current", "--json")) as? [[String: Any]])?.first)
        #expect(latest["snapshot_version"] as? Int == 3)

        #expect(try box.bench("baseline", "set", "clf", "--version", "1").status == 0)
        let baselines = try #require(try Sandbox.json(try box.bench("baseline", "show", "--json")) as? [[String: Any]])
        #expect(baselines.map { $0["snapshot_version"] as? Int } == [1])
        #expect(try box.bench("baseline", "clear", "clf").stdout.contains("baseline v1 cleared"))
        #expect(try box.bench("baseline", "show").stdout.contains("No baselines set"))

        let history = try box.bench("history", "clf")
        #expect(history.stdout.contains("tester checked out v2"))
        #expect(history.stdout.contains("tester checked out v3"))
        #expect(history.stdout.contains("tester set baseline to v1"))
        #expect(history.stdout.contains("tester cleared baseline v1"))
        #expect(try box.counts()?.transactions == 3 + 4)
    }

    @Test func initWritesConfigAndStoreOnce() throws {
        let box = try Sandbox()
        let first = try box.bench("init")
        #expect(first.status == 0)
        #expect(first.stdout.contains("wrote \(box.path)/bench.toml"))
        #expect(FileManager.default.fileExists(atPath: box.storePath))
        try box.fixture.write("bench.toml", "[store]\nurl = \"sqlite\"\n")
        let second = try box.bench("init")
        #expect(second.stdout.contains("kept"))
        #expect(try String(contentsOfFile: box.path + "/bench.toml", encoding: .utf8) == "[store]\nurl = \"sqlite\"\n")
    }
}

@Suite struct RecordEdgeTests {
    @Test func dirtyIsRecordedWhenTheSeedsPassHEADsSha() throws {
        let box = try Sandbox()
        let sha = try box.fixture.commit("first")
        try box.fixture.write("file.txt", "uncommitted\n")
        let result = try box.record(f1: 0.8, extra: ["--commit-sha", sha])
        #expect(result.stderr.contains("warning: the work tree has uncommitted changes"))
        let runs = try #require(try Sandbox.json(try box.bench("export", "--format", "json")) as? [[String: Any]])
        #expect(runs.first?["is_dirty"] as? Bool == true)
    }

    @Test func verifyKeepsJSONOutputPure() throws {
        let box = try Sandbox(committing: "first")
        let file = try box.resultFile(Sandbox.result(f1: 0.8))
        let result = try box.bench("record", "--input", file, "--verify", "--json")
        #expect(result.status == 0)
        #expect(try Sandbox.json(result) is [[String: Any]])
        #expect(result.stderr.contains("verified: transaction "))
    }

    @Test func logTakesMaxCount() throws {
        let box = try Sandbox()
        _ = try box.fixture.commits(3)
        let log = try box.bench("log", "-n", "2", "--json")
        #expect(log.status == 0, "\(log.stderr)")
        #expect((try Sandbox.json(log) as? [[String: Any]])?.count == 2)
    }

    @Test func initForceRepairsABrokenConfig() throws {
        let box = try Sandbox(committing: "first")
        try box.fixture.write("bench.toml", "[metrics\n")
        let broken = try box.bench("init")
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("bench.toml:1"))
        #expect(try box.bench("init", "--force").status == 0)
        #expect(try box.bench("current").status == 0)
    }

    @Test func importValidatesItsEnvironmentAndKeepsTheFilesOwn() throws {
        let box = try Sandbox(committing: "first")
        let file = try box.resultFile("""
        [{"model_version": "a", "environment": "production", "metrics": {"f1": 1}}, {"model_version": "b", "metrics": {"f1": 1}}]
        """)
        let empty = try box.bench("import", file, "--environment", "")
        #expect(empty.status == 2)
        #expect(try box.counts() == nil)
        #expect(try box.bench("import", file, "--environment", "ci").status == 0)
        let current = try #require(try Sandbox.json(try box.bench("current", "--json")) as? [[String: Any]])
        #expect(current.map { $0["environment"] as? String } == ["production", "ci"])
    }
}

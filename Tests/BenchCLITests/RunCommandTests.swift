import BenchTestSupport
import Foundation
import Testing

/// `bench run` on real repositories with script benchmarks.
@Suite struct RunCommandTests {
    /// A repository whose `eval.sh` prints latency_ms = 10 × (how many times it ran before),
    /// counting in a file outside the repository, and f1 = F1 (set per commit).
    func sandbox(f1: Double = 0.9, config extra: String = "") throws -> (Sandbox, counter: String) {
        let box = try Sandbox()
        let counter = box.fixture.root + "/counter"
        try box.fixture.write("eval.sh", """
        n=$(cat "$COUNTER" 2>/dev/null || echo 0); echo $((n+1)) > "$COUNTER"
        printf '{"model_version": "clf", "metrics": {"f1": \(f1), "latency_ms": %d}}' $((n*10))

        """)
        try box.fixture.write("bench.toml", """
        [[benchmark]]
        name = "clf"
        command = "sh eval.sh"
        samples = 5
        env = { COUNTER = "\(counter)" }
        \(extra)
        """)
        try box.fixture.git(["add", "-A"])
        try box.fixture.git(["commit", "-q", "-m", "add eval"])
        return (box, counter)
    }

    @Test func runsAtHeadKeepsEverySampleAndRecordsTheMedian() throws {
        let (box, _) = try sandbox()
        let result = try box.bench("run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("recorded clf local@main v1"))
        let current = try #require((try Sandbox.json(try box.bench("current", "--json")) as? [[String: Any]])?.first)
        #expect((current["metrics"] as? [String: Double])?["latency_ms"] == 20)
        #expect((current["samples"] as? [String: [Double]])?["latency_ms"] == [0, 10, 20, 30, 40])
        #expect(current["commit_sha"] as? String == (try box.fixture.sha("HEAD")))
        #expect(result.stderr.isEmpty, "progress must stay quiet when stderr is not a terminal: \(result.stderr)")
    }

    @Test func samplesFlagOverridesTheConfig() throws {
        let (box, _) = try sandbox()
        let result = try box.bench("run", "clf", "--samples", "3", "--no-record", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let results = try #require(try Sandbox.json(result) as? [[String: Any]])
        #expect((results.first?["samples"] as? [String: [Double]])?["latency_ms"] == [0, 10, 20])
        #expect(try box.counts() == nil)
    }

    @Test func runAtAnOlderCommitLeavesTheUserTreeAlone() throws {
        let (box, _) = try sandbox(f1: 0.8)
        let old = try box.fixture.sha("HEAD")
        try box.fixture.write("eval.sh", "printf '{\"model_version\": \"clf\", \"metrics\": {\"f1\": 0.95}}'\n")
        try box.fixture.git(["commit", "-q", "-am", "better model"])
        // A dirty, partly staged work tree to keep intact.
        try box.fixture.write("eval.sh", "echo broken\n")
        try box.fixture.write("staged.txt", "staged\n")
        try box.fixture.git(["add", "staged.txt"])
        try box.fixture.write("untracked.txt", "mine\n")
        let before = try snapshotOfUserState(box)

        let result = try box.bench("run", "--at", "HEAD~1", "--samples", "1")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try snapshotOfUserState(box) == before)
        let current = try #require((try Sandbox.json(try box.bench("current", "--json")) as? [[String: Any]])?.first)
        #expect(current["commit_sha"] as? String == old)
        #expect((current["metrics"] as? [String: Double])?["f1"] == 0.8)
        #expect(!result.stderr.contains("uncommitted"), "a clean copy of the commit ran, so it is not dirty")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("bench-tree-\(old.prefix(7))") }
        #expect(leftovers.isEmpty)
    }

    /// HEAD, the index file's bytes, every file in the work tree and `git status`.
    func snapshotOfUserState(_ box: Sandbox) throws -> [String] {
        let git = box.path + "/.git"
        var state = [try String(contentsOfFile: git + "/HEAD", encoding: .utf8),
                     try Data(contentsOf: URL(fileURLWithPath: git + "/index")).base64EncodedString(),
                     try box.fixture.git(["status", "--porcelain"])]
        for name in ["eval.sh", "staged.txt", "untracked.txt", "bench.toml"] {
            state.append(try String(contentsOfFile: box.path + "/" + name, encoding: .utf8))
        }
        return state
    }

    @Test func aDirtyTreeRunsInPlaceAndIsMarked() throws {
        let (box, _) = try sandbox()
        try box.fixture.write("eval.sh", "printf '{\"model_version\": \"clf\", \"metrics\": {\"f1\": 0.5}}'\n")
        let result = try box.bench("run", "--samples", "1")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: the work tree has uncommitted changes"))
        #expect(result.stdout.contains("f1=0.5"))
    }

    @Test func outputPlaceholderAndTimeFormat() throws {
        let (box, _) = try sandbox(config: """

        [[benchmark]]
        name = "file-writer"
        command = "sh write.sh {output}"

        [[benchmark]]
        name = "nap"
        command = "sleep 0.02"
        format = "time"
        samples = 3
        """)
        try box.fixture.write("write.sh", "printf '{\"model_version\": \"fw\", \"metrics\": {\"score\": 7}}' > \"$1\"\n")
        let result = try box.bench("run", "file-writer", "nap", "--no-record", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let results = try #require(try Sandbox.json(result) as? [[String: Any]])
        #expect(results.map { $0["model_version"] as? String } == ["fw", "nap"])
        #expect((results[0]["metrics"] as? [String: Double])?["score"] == 7)
        let nap = try #require(results[1]["samples"] as? [String: [Double]])
        #expect(nap["wall_time"]?.count == 3)
        #expect(nap["wall_time"]?.allSatisfy { $0 >= 0.02 && $0 < 5 } == true)
        #expect(nap["peak_memory"]?.allSatisfy { $0 > 0 } == true)
        #expect((results[1]["units"] as? [String: String]) == ["wall_time": "s", "peak_memory": "B"])
    }

    @Test(arguments: [
        ("fails", "echo 'model exploded' >&2; exit 7", "", "exit status 7", "model exploded"),
        ("hangs", "sleep 30", "timeout = \"1s\"", "timed out after 1s", ""),
        ("silent", "true", "", "printed nothing usable", ""),
        ("garbage", "echo not json at all", "format = \"bench-json\"", "malformed JSON", ""),
    ])
    func brokenCommandsRecordNothing(name: String, command: String, extra: String, message: String, stderrLine: String) throws {
        let (box, _) = try sandbox(config: """

        [[benchmark]]
        name = "\(name)"
        command = "\(command)"
        \(extra)
        """)
        let started = Date()
        let result = try box.bench("run")
        #expect(result.status == 3, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("benchmark '\(name)'"))
        #expect(result.stderr.contains(message), "\(result.stderr)")
        if !stderrLine.isEmpty { #expect(result.stderr.contains(stderrLine)) }
        #expect(result.stderr.contains("hint: "))
        #expect(try box.counts() == nil, "the benchmark that worked is not recorded either")
        #expect(Date().timeIntervalSince(started) < 25)
    }

    @Test func unknownBenchmarksAndMissingConfigAreBadInput() throws {
        let (box, _) = try sandbox()
        let unknown = try box.bench("run", "nope")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no benchmark named 'nope'") && unknown.stderr.contains("known: clf"))
        try box.fixture.write("bench.toml", "[store]\nurl = \"sqlite\"\n")
        let none = try box.bench("run")
        #expect(none.status == 2)
        #expect(none.stderr.contains("has no [[benchmark]] entries"))
        try box.fixture.write("bench.toml", "[[benchmark]]\nname = \"x\"\ncommand = \"true\"\ntimeout = \"soon\"\n")
        let badTimeout = try box.bench("run")
        #expect(badTimeout.status == 2)
        #expect(badTimeout.stderr.contains("benchmark[0].timeout"))
        #expect(try box.counts() == nil)
    }

    @Test func interruptRemovesTheTemporaryTree() throws {
        let (box, _) = try sandbox(config: """

        [[benchmark]]
        name = "long"
        command = "touch started-mark; sleep 30"
        """)
        let tmp = box.fixture.root + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = tmp
        environment["BENCH_DATABASE_URL"] = nil
        let process = try ProcessRunner.start(BenchBinary.path, ["run", "long", "--at", "HEAD"], in: box.path, environment: environment)
        // Wait until the benchmark is running inside its temporary tree.
        let deadline = Date().addingTimeInterval(20)
        func trees() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: tmp).filter { $0.hasPrefix("bench-tree-") } }
        while Date() < deadline, !(try trees().contains { FileManager.default.fileExists(atPath: tmp + "/" + $0 + "/started-mark") }) {
            usleep(20_000)
        }
        #expect(try trees().count == 1)
        #expect(try FileManager.default.fileExists(atPath: tmp + "/" + trees()[0] + "/started-mark"))
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(try trees().isEmpty)
    }
}

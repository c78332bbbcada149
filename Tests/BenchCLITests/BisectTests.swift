import BenchTestSupport
import Foundation
import Testing

/// `bench bisect` on generated repositories; runs are counted by the benchmark script.
@Suite struct BisectTests {
    /// A repository of `count` commits whose `eval.sh` prints f1 = score.txt and bumps a
    /// counter outside the repository each time it runs.
    struct History {
        let box: Sandbox
        let shas: [String]
        let counter: String

        init(count: Int, samples: Int = 1, eval: String? = nil, score: (Int) -> String) throws {
            box = try Sandbox()
            let counter = box.fixture.root + "/runs"
            self.counter = counter
            let script = eval ?? """
            n=$(cat "$COUNTER" 2>/dev/null || echo 0); echo $((n+1)) > "$COUNTER"
            s=$(cat score.txt)
            [ "$s" = broken ] && { echo "does not build" >&2; exit 1; }
            printf '{"model_version": "clf", "metrics": {"f1": %s}}' "$s"

            """
            let config = "[[benchmark]]\nname = \"clf\"\ncommand = \"sh eval.sh\"\nsamples = \(samples)\nenv = { COUNTER = \"\(counter)\" }\n"
            shas = try box.fixture.importHistory(count: count) { index in
                ["score.txt": score(index) + "\n", "eval.sh": script, "bench.toml": config]
            }
        }

        var runs: Int { Int((try? String(contentsOfFile: counter, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "0") ?? 0 }

        func resetRuns() { try? FileManager.default.removeItem(atPath: counter) }

        /// Measures the two ends, as CI would have: the regression was noticed between them.
        func recordEnds() throws {
            for sha in [shas.first!, shas.last!] { #expect(try box.bench("run", "--at", sha).status == 0) }
            resetRuns()
        }
    }

    func bisect(_ history: History, _ extra: [String] = []) throws -> (ProcessResult, [String: Any]) {
        let result = try history.box.bench(arguments: ["bisect", "--good", history.shas[0], "--bad", "main", "--json"] + extra)
        return (result, (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:])
    }

    func firstBad(_ report: [String: Any]) -> String? { (report["first_bad"] as? [String: Any])?["commit_sha"] as? String }

    @Test(arguments: [(64, 40, 6), (1000, 777, 10)])
    func findsAStepWithAtMostLog2NRunsAndNoneTheSecondTime(count: Int, step: Int, maxRuns: Int) throws {
        let history = try History(count: count) { $0 < step ? "0.90" : "0.80" }
        try history.recordEnds()
        let (result, report) = try bisect(history, ["--metric", "f1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(firstBad(report) == history.shas[step])
        #expect(history.runs <= maxRuns, "\(history.runs) runs")
        #expect(report["runs"] as? Int == history.runs)
        #expect(report["before"] as? Double == 0.9 && report["after"] as? Double == 0.8)

        history.resetRuns()
        let (again, againReport) = try bisect(history, ["--metric", "f1"])
        #expect(again.status == 0)
        #expect(firstBad(againReport) == history.shas[step])
        #expect(history.runs == 0)
        #expect(againReport["runs"] as? Int == 0)

        let text = try history.box.bench("bisect", "--good", history.shas[0], "--bad", "main", "--metric", "f1")
        #expect(text.stdout.contains("First bad commit: \(history.shas[step])"))
        #expect(text.stdout.contains("commit \(step)"))
        #expect(text.stdout.contains("f1: 0.9 on its parent → 0.8 (-11.1%)"))
        #expect(text.stdout.contains("0 benchmark run(s)"))
        #expect(text.stdout.contains("bench log \(history.shas[0].prefix(7))..\(history.shas[count - 1].prefix(7)) --metric f1"))
    }

    /// Results stored from another machine are not comparable with what this one measures:
    /// bisect measures those commits here, unless --any-testbed lets it reuse them.
    @Test func reusesOnlyThisTestbedsResultsUnlessAsked() throws {
        let history = try History(count: 32) { $0 < 20 ? "0.90" : "0.80" }
        let elsewhere = ["BENCH_TESTBED": "ci-runner-a"], here = ["BENCH_TESTBED": "laptop-b"]
        for sha in history.shas {
            #expect(try BenchBinary.run(["run", "--at", sha], in: history.box.path, environment: elsewhere).status == 0)
        }
        history.resetRuns()
        let arguments = ["bisect", "--good", history.shas[0], "--bad", "main", "--metric", "f1", "--json"]

        let plan = try BenchBinary.run(Array(arguments.dropLast()) + ["--dry-run"], in: history.box.path, environment: here)
        #expect(plan.stdout.contains("0 already measured"), "\(plan.stdout)")
        let measured = try BenchBinary.run(arguments, in: history.box.path, environment: here)
        #expect(measured.status == 0, "\(measured.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(measured.stdout.utf8)) as? [String: Any])
        #expect(firstBad(report) == history.shas[20])
        #expect(history.runs >= 2, "the ends were measured on this testbed: \(history.runs) runs")

        // Measured here now: the same bisect runs nothing; and elsewhere, --any-testbed reuses.
        history.resetRuns()
        #expect(try BenchBinary.run(arguments, in: history.box.path, environment: here).status == 0)
        #expect(history.runs == 0)
        let reused = try BenchBinary.run(arguments + ["--any-testbed"], in: history.box.path, environment: ["BENCH_TESTBED": "laptop-c"])
        #expect(reused.status == 0, "\(reused.stderr)")
        #expect(history.runs == 0)
        let other = try BenchBinary.run(arguments, in: history.box.path, environment: ["BENCH_TESTBED": "laptop-c"])
        #expect(other.status == 0)
        #expect(history.runs >= 2, "laptop-c measures for itself without --any-testbed: \(history.runs) runs")
    }

    @Test func measuresTheEndsWhenNothingIsStoredAndTheDryRunSaysSo() throws {
        let history = try History(count: 32) { $0 < 20 ? "0.90" : "0.80" }
        let plan = try history.box.bench("bisect", "--good", history.shas[0], "--bad", "main", "--metric", "f1", "--dry-run")
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("32 commits from \(history.shas[0]) to main; 0 already measured; at most 7 benchmark runs"))
        #expect(history.runs == 0)
        let (result, report) = try bisect(history, ["--metric", "f1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(firstBad(report) == history.shas[20])
        #expect(history.runs <= 2 + 5)
        #expect(result.stderr.contains("measured f1=0.9 → good"))
    }

    @Test func noisyMetricWithSamples() throws {
        // latency_ms: 100 before the step, 110 after; ±5.2% uniform noise (sd 3%), 5 samples a commit.
        let eval = """
        n=$(cat "$COUNTER" 2>/dev/null || echo 0); echo $((n+1)) > "$COUNTER"
        awk -v s="$(cat score.txt)" -v n="$n" 'BEGIN { srand(n * 7919 + 17); v = s * (1 + 0.052 * (2 * rand() - 1)); printf "{\\"model_version\\": \\"api\\", \\"metrics\\": {\\"latency_ms\\": %.3f}}", v }'

        """
        let history = try History(count: 40, samples: 5, eval: eval) { $0 < 23 ? "100" : "110" }
        let (result, report) = try bisect(history, ["--metric", "latency_ms", "--threshold", "5%"])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(firstBad(report) == history.shas[23])
    }

    @Test func skippedCommitsNextToTheCulpritGiveACandidateRange() throws {
        let history = try History(count: 20) { index in
            switch index {
            case ..<10: "0.90"
            case 10, 11: "broken"
            default: "0.80"
            }
        }
        try history.recordEnds()
        let (result, report) = try bisect(history, ["--metric", "f1"])
        #expect(result.status == 4, "\(result.stdout) \(result.stderr)")
        #expect(report["found"] as? Bool == false)
        let candidates = (report["candidates"] as? [[String: Any]])?.compactMap { $0["commit_sha"] as? String }
        #expect(candidates == [history.shas[10], history.shas[11], history.shas[12]])
        #expect(result.stderr.contains("skip"))
        let text = try history.box.bench("bisect", "--good", history.shas[0], "--bad", "main", "--metric", "f1")
        #expect(text.stdout.contains("Could not narrow it to one commit: 3 candidates"))
    }

    @Test func runWithGitBisectRunsExitCodes() throws {
        let history = try History(count: 30) { index in
            switch index {
            case ..<12: "good"
            case 12: "skip"
            case 13: "good"
            default: "bad"
            }
        }
        try history.box.fixture.write("../judge.sh", """
        case "$(cat score.txt)" in good) exit 0 ;; skip) exit 125 ;; bad) exit 3 ;; *) exit 200 ;; esac

        """)
        let judge = history.box.fixture.root + "/judge.sh"
        let (result, report) = try bisect(history, ["--run", "sh \(judge)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(firstBad(report) == history.shas[14])
        // 30 commits with one skip: at least log2(30) runs of the script, and the summary counts them.
        let runs = try #require(report["runs"] as? Int)
        #expect(runs >= 5 && runs <= 30, "\(runs)")
        let text = try history.box.bench("bisect", "--good", history.shas[0], "--bad", "main", "--run", "sh \(judge)")
        #expect(text.stdout.contains("\(runs) run(s) of the script, over "), "\(text.stdout)")

        try Data("exit 200\n".utf8).write(to: URL(fileURLWithPath: judge))
        let aborted = try history.box.bench("bisect", "--good", history.shas[0], "--bad", "main", "--run", "sh \(judge)")
        #expect(aborted.status == 3)
        #expect(aborted.stderr.contains("exited with 200"))
    }

    @Test func mergesWithAndWithoutAllParents() throws {
        let box = try Sandbox()
        try box.fixture.write("eval.sh", "printf '{\"model_version\": \"clf\", \"metrics\": {\"f1\": %s}}' \"$(cat score.txt)\"\n")
        try box.fixture.write("bench.toml", "[[benchmark]]\nname = \"clf\"\ncommand = \"sh eval.sh\"\n")
        try box.fixture.write("score.txt", "0.90\n")
        try box.fixture.git(["add", "-A"])
        try box.fixture.git(["commit", "-q", "-m", "good"])
        let good = try box.fixture.sha("HEAD")
        try box.fixture.commit("main 1")
        try box.fixture.git(["checkout", "-q", "-b", "feature"])
        try box.fixture.commit("feature 1", file: "feature.txt")
        try box.fixture.write("score.txt", "0.70\n")
        try box.fixture.git(["commit", "-q", "-am", "feature 2: the culprit"])
        let culprit = try box.fixture.sha("HEAD")
        try box.fixture.commit("feature 3", file: "feature.txt")
        try box.fixture.git(["checkout", "-q", "main"])
        try box.fixture.git(["merge", "-q", "--no-ff", "-m", "merge feature", "feature"])
        let merge = try box.fixture.sha("HEAD")
        try box.fixture.commit("main 2")

        let firstParent = try box.bench("bisect", "--good", good, "--bad", "main", "--metric", "f1", "--json")
        #expect(firstParent.status == 0, "\(firstParent.stderr)")
        #expect(firstParent.stdout.contains(merge), "on the first-parent line the merge brought it in")
        let allParents = try box.bench("bisect", "--good", good, "--bad", "main", "--metric", "f1", "--all-parents", "--json")
        #expect(allParents.status == 0, "\(allParents.stderr)")
        #expect(allParents.stdout.contains("\"commit_sha\" : \"\(culprit)\""))
    }

    @Test func badRangesAreRefusedAndTheTreeIsUntouched() throws {
        let history = try History(count: 10) { $0 < 5 ? "0.90" : "0.80" }
        try history.box.fixture.write("score.txt", "local edit\n")
        let status = try history.box.fixture.git(["status", "--porcelain"])
        let head = try history.box.fixture.sha("HEAD")

        let reversed = try history.box.bench("bisect", "--good", "main", "--bad", history.shas[0], "--metric", "f1")
        #expect(reversed.status == 2)
        #expect(reversed.stderr.contains("is not an ancestor of"))
        let notBetter = try history.box.bench("bisect", "--good", history.shas[6], "--bad", "main", "--metric", "f1")
        #expect(notBetter.status == 2)
        #expect(notBetter.stderr.contains("is not better than"))
        let noMetric = try history.box.bench("bisect", "--good", history.shas[0], "--bad", "main")
        #expect(noMetric.status == 2)

        let found = try history.box.bench("bisect", "--good", history.shas[0], "--bad", "main", "--metric", "f1")
        #expect(found.status == 0)
        #expect(try history.box.fixture.git(["status", "--porcelain"]) == status)
        #expect(try history.box.fixture.sha("HEAD") == head)
        #expect(try String(contentsOfFile: history.box.path + "/score.txt", encoding: .utf8) == "local edit\n")
    }
}

import BenchTestSupport
import Foundation
import Testing

/// `bench check` and `bench changes` on real repositories with branches and merges.
@Suite struct CheckCommandTests {
    func check(_ box: Sandbox, _ arguments: String...) throws -> (ProcessResult, [String: Any]) {
        let result = try box.bench(arguments: ["check", "--json"] + arguments)
        let report = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
        return (result, report)
    }

    func firstSeries(_ report: [String: Any]) -> [String: Any] { (report["series"] as? [[String: Any]])?.first ?? [:] }

    func baselineSha(_ report: [String: Any]) -> String? { (firstSeries(report)["baseline"] as? [String: Any])?["commit_sha"] as? String }

    /// c1 measured at f1 0.90, c2 not measured, c3 (HEAD) measured at `f1`; returns c1's sha.
    func historyWithAGap(_ box: Sandbox, headF1 f1: Double) throws -> String {
        let c1 = try box.fixture.commit("c1")
        try box.record(f1: 0.90)
        try box.fixture.commit("c2 unmeasured")
        try box.fixture.commit("c3")
        try box.record(f1: f1)
        return c1
    }

    @Test func nearestMeasuredAncestorOnTheDefaultBranch() throws {
        let box = try Sandbox()
        let c1 = try historyWithAGap(box, headF1: 0.835)
        let before = try box.counts()
        let (result, report) = try check(box)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(report["verdict"] as? String == "regressed")
        #expect(baselineSha(report) == c1)
        #expect((firstSeries(report)["baseline_rule"] as? String)?.hasPrefix("nearest measured ancestor") == true)
        let f1 = (firstSeries(report)["metrics"] as? [[String: Any]])?.first { $0["metric"] as? String == "f1" }
        #expect(f1?["verdict"] as? String == "regressed")
        #expect(f1?["method"] as? String == "threshold")
        #expect(try box.counts() == before, "check writes nothing")

        let text = try box.bench("check")
        #expect(text.status == 1)
        #expect(text.stdout.contains("REGRESSED"))
        #expect(text.stdout.contains("bench bisect --good \(c1.prefix(7)) --bad "))
        let lines = text.stdout.split(separator: "\n").filter { $0.contains("regressed") || $0.contains("unchanged") }
        #expect(lines.first?.contains("regressed") == true, "regressions come first")
    }

    @Test func aRegressionAtTheBaselinesOwnCommitSuggestsNoBisect() throws {
        let box = try Sandbox()
        try box.fixture.commit("first")
        try box.record(f1: 0.9)
        #expect(try box.bench("baseline", "set", "clf", "--version", "1").status == 0)
        try box.record(f1: 0.5)
        let text = try box.bench("check")
        #expect(text.status == 1, "\(text.stderr)")
        #expect(text.stdout.contains("REGRESSED"), "\(text.stdout)")
        #expect(!text.stdout.contains("bench bisect"), "good and bad are one commit: \(text.stdout)")
        let (_, report) = try check(box)
        #expect(firstSeries(report)["bisect"] as? String == nil)
    }

    @Test func featureBranchesCompareWithTheirMergeBase() throws {
        let box = try Sandbox(committing: "c1")
        try box.record(f1: 0.90)
        let c2 = try box.fixture.commit("c2")
        try box.record(f1: 0.91)
        try box.fixture.git(["checkout", "-q", "-b", "feature"])
        try box.fixture.commit("feature work", file: "feature.txt")
        try box.record(f1: 0.80)
        // main moves on (and gets worse); the feature still compares with where it started.
        try box.fixture.git(["checkout", "-q", "main"])
        try box.fixture.commit("c3")
        try box.record(f1: 0.50)
        try box.fixture.git(["checkout", "-q", "feature"])

        let (result, report) = try check(box)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(baselineSha(report) == c2)
        #expect((firstSeries(report)["baseline_rule"] as? String)?.hasPrefix("merge-base with main") == true)

        // An explicit baseline wins over the merge-base.
        try box.fixture.git(["checkout", "-q", "main"])
        #expect(try box.bench("baseline", "set", "clf", "--version", "1").status == 0)
        try box.fixture.git(["checkout", "-q", "feature"])
        let (explicit, explicitReport) = try check(box)
        #expect(explicit.status == 1)
        #expect((firstSeries(explicitReport)["baseline_rule"] as? String)?.hasPrefix("explicit baseline") == true)
        #expect(((firstSeries(explicitReport)["baseline"] as? [String: Any])?["snapshot_version"] as? Int) == 1)
        let (_, forced) = try check(box, "--against", "merge-base")
        #expect(baselineSha(forced) == c2)
    }

    @Test func mergeCommitsFollowTheFirstParent() throws {
        let box = try Sandbox(committing: "c1")
        try box.record(f1: 0.90)
        try box.fixture.git(["checkout", "-q", "-b", "feature"])
        try box.fixture.commit("feature", file: "feature.txt")
        try box.record(f1: 0.60)
        try box.fixture.git(["checkout", "-q", "main"])
        let c2 = try box.fixture.commit("c2")
        try box.record(f1: 0.91)
        try box.fixture.git(["merge", "-q", "--no-ff", "-m", "merge feature", "feature"])
        try box.record(f1: 0.92)
        let (result, report) = try check(box)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(baselineSha(report) == c2, "the merge's first parent, not the feature commit")
    }

    @Test func againstParentAndRevision() throws {
        let box = try Sandbox()
        let c1 = try historyWithAGap(box, headF1: 0.95)
        let parent = try box.bench("check", "--against", "parent")
        #expect(parent.status == 3)
        #expect(parent.stderr.contains("no baseline to compare"))
        #expect(parent.stderr.contains("hint: measure the parent first: bench run --at HEAD~1"))
        let (byRevision, report) = try check(box, "--against", "HEAD~2")
        #expect(byRevision.status == 0)
        #expect(report["verdict"] as? String == "improved")
        #expect(baselineSha(report) == c1)
        let unknown = try box.bench("check", "--against", "no-such-rev")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown revision 'no-such-rev'"))
    }

    @Test func noResultsOrNoBaselineIsAnEnvironmentError() throws {
        let box = try Sandbox(committing: "c1")
        let nothing = try box.bench("check")
        #expect(nothing.status == 3)
        #expect(nothing.stderr.contains("no results recorded for"))
        #expect(nothing.stderr.contains("hint: measure it first"))
        try box.record(f1: 0.9)
        let alone = try box.bench("check")
        #expect(alone.status == 3)
        #expect(alone.stderr.contains("hint: record an earlier commit"))
        let explicit = try box.bench("check", "--against", "baseline")
        #expect(explicit.status == 3)
        #expect(explicit.stderr.contains("bench baseline set"))
    }

    @Test(arguments: ["five", "-3%"])
    func badThresholdsAreRefused(threshold: String) throws {
        let box = try Sandbox(committing: "c1")
        let result = try box.bench("check", "--threshold=\(threshold)")
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not a percentage"))
    }

    @Test func thresholdAndMetricFlags() throws {
        let box = try Sandbox(committing: "c1")
        try box.record(f1: 0.90, extra: [])
        try box.fixture.commit("c2")
        try box.record(f1: 0.87)
        #expect(try box.bench("check").status == 0, "-3.3% is within the default 5%")
        #expect(try box.bench("check", "--threshold", "2%").status == 1)
        #expect(try box.bench("check", "--threshold", "2%", "--metric", "precision").status == 0)
        let unknown = try box.bench("check", "--metric", "bleu")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown metric 'bleu'"))
    }

    @Test func samplesDecideAndTooFewAreInconclusive() throws {
        let box = try Sandbox()
        func record(_ samples: [Double]) throws {
            let list = samples.map { String($0) }.joined(separator: ", ")
            let file = try box.resultFile("{\"model_version\": \"api\", \"metrics\": {\"latency_ms\": {\"unit\": \"ms\", \"samples\": [\(list)]}}}")
            #expect(try box.bench("record", "--input", file).status == 0)
        }
        try box.fixture.commit("c1")
        try record([100, 101])
        try box.fixture.commit("c2")
        try record([130, 131])
        // auto: 2 against 2 samples can never reach significance, so the medians are judged.
        let (judged, judgedReport) = try check(box)
        #expect(judged.status == 1, "\(judged.stdout)")
        let median = (firstSeries(judgedReport)["metrics"] as? [[String: Any]])?.first
        #expect(median?["verdict"] as? String == "regressed")
        #expect(median?["baseline_samples"] as? Int == 2)
        // The percentage model keeps Mann-Whitney on any samples, and says it cannot tell.
        let (result, report) = try check(box, "--threshold-model", "percentage")
        #expect(result.status == 4, "\(result.stdout)")
        let latency = (firstSeries(report)["metrics"] as? [[String: Any]])?.first
        #expect(latency?["verdict"] as? String == "inconclusive")
        #expect(latency?["method"] as? String == "mann-whitney")
        #expect((latency?["samples_needed"] as? Int ?? 0) >= 3)
        #expect((latency?["reason"] as? String)?.contains("too few samples") == true)

        try box.fixture.commit("c3")
        try record([100, 101, 99, 100, 102, 101, 100, 99])
        try box.fixture.commit("c4")
        try record([130, 131, 129, 130, 132, 131, 130, 129])
        let (clear, clearReport) = try check(box)
        #expect(clear.status == 1)
        let p = ((firstSeries(clearReport)["metrics"] as? [[String: Any]])?.first?["p_value"] as? Double) ?? 1
        #expect(p < 0.001)
    }

    @Test func markdownGoesToTheStepSummary() throws {
        let box = try Sandbox(committing: "c1")
        try box.record(f1: 0.895)
        try box.fixture.commit("c2")
        try box.record(f1: 0.835)
        let summary = box.fixture.root + "/summary.md"
        let result = try BenchBinary.run(["check", "--markdown"], in: box.path, environment: ["GITHUB_STEP_SUMMARY": summary])
        #expect(result.status == 1)
        #expect(result.stdout.contains("| f1 | 0.895 | 0.835 | -6.7% | **regressed** |"))
        let written = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(written.contains("bench check: regressed"))
        #expect(written.contains("bench bisect --good"))
    }

    @Test func changesFindsAKnownStep() throws {
        let box = try Sandbox()
        var stepSha = ""
        for index in 0..<16 {
            let sha = try box.fixture.commit("c\(index)")
            if index == 8 { stepSha = sha }
            let f1 = (index < 8 ? 0.90 : 0.80) + Double(index % 3) * 0.002
            try box.record(f1: f1)
        }
        let result = try box.bench("changes", "clf", "--metric", "f1", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let found = try #require((try Sandbox.json(result) as? [[String: Any]])?.first)
        let changes = try #require(found["changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes.first?["commit_sha"] as? String == stepSha)
        #expect(changes.first?["snapshot_version"] as? Int == 9)
        #expect((changes.first?["p_value"] as? Double ?? 1) < 0.001)
        let text = try box.bench("changes", "clf", "--metric", "f1")
        #expect(text.stdout.contains("c8"))
        #expect(text.stdout.contains("bench bisect --good"))
        let unknown = try box.bench("changes", "clf", "--metric", "bleu")
        #expect(unknown.status == 2)
    }
}

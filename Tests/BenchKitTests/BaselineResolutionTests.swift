import BenchCore
import BenchKit
import BenchTestSupport
import Testing

/// DESIGN.md's baseline rules, checked in-process: explicit baseline, merge-base on a
/// non-default branch, nearest measured first-parent ancestor, and `--against` choices.
@Suite struct BaselineResolutionTests {
    @Test func nearestMeasuredAncestorSkipsUnmeasuredCommits() throws {
        let fixture = try KitFixture()
        let shas = try fixture.git.commits(3)
        try fixture.record(f1: 0.90, at: shas[0])
        try fixture.record(f1: 0.80, at: shas[2])      // shas[1] was never measured
        let report = try Checker(fixture.session()).check(CheckOptions())
        let series = try #require(report.series.first)
        #expect(series.baseline.snapshot.commitSha == shas[0])
        #expect(series.baseline.rule == "nearest measured ancestor (\(Figures.short(shas[0])))")
        #expect(report.verdict == .regressed)
        #expect(series.bisectCommand == "bench bisect --good \(Figures.short(shas[0])) --bad \(Figures.short(shas[2])) --metric f1")
    }

    @Test func aBranchComparesWithItsMergeBaseOnTheDefaultBranch() throws {
        let fixture = try KitFixture()
        let base = try fixture.git.commit("base")
        try fixture.record(f1: 0.90, at: base)
        try fixture.git.git(["checkout", "-q", "-b", "feature"])
        let work = try fixture.git.commit("feature work")
        try fixture.git.git(["checkout", "-q", "main"])
        let later = try fixture.git.commit("main moves on")
        try fixture.record(f1: 0.50, at: later)        // must not be the feature's baseline
        try fixture.git.git(["checkout", "-q", "feature"])
        try fixture.record(f1: 0.89, at: work, branch: "feature")

        let report = try Checker(fixture.session()).check(CheckOptions())
        let series = try #require(report.series.first)
        #expect(series.baseline.snapshot.commitSha == base)
        #expect(series.baseline.rule == "merge-base with main (\(Figures.short(base)))")
        #expect(report.verdict == .unchanged)
    }

    @Test func anExplicitBaselineWinsAndAgainstOverrides() throws {
        let fixture = try KitFixture()
        let shas = try fixture.git.commits(3)
        try fixture.record(f1: 0.95, at: shas[0])
        try fixture.record(f1: 0.80, at: shas[1])
        try fixture.record(f1: 0.81, at: shas[2])
        _ = try SnapshotActions(fixture.session()).setBaseline(SeriesFilter(modelVersion: "classifier"), version: 1)

        let automatic = try Checker(fixture.session()).check(CheckOptions())
        #expect(automatic.series.first?.baseline.rule == "explicit baseline (v1 on main)")
        #expect(automatic.verdict == .regressed)

        let parent = try Checker(fixture.session()).check(CheckOptions { $0.against = .parent })
        #expect(parent.series.first?.baseline.snapshot.commitSha == shas[1])
        #expect(parent.verdict == .unchanged)

        let revision = try Checker(fixture.session()).check(CheckOptions { $0.against = .revision("HEAD~2") })
        #expect(revision.series.first?.baseline.rule == "HEAD~2 (\(Figures.short(shas[0])))")
    }

    @Test func nothingToCompareSaysSo() throws {
        let fixture = try KitFixture()
        let sha = try fixture.git.commit("only")
        try fixture.record(f1: 0.9, at: sha)
        let error = #expect(throws: BenchError.self) { try Checker(fixture.session()).check(CheckOptions()) }
        #expect(error?.situation == .noBaseline)
        #expect(error?.kind == .environment)
    }
}

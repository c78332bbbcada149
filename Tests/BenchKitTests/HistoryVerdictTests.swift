import BenchCore
import BenchKit
import BenchTestSupport
import Testing

/// `bench check` judges by the history of the baseline's lineage once it has enough results.
@Suite struct HistoryVerdictTests {
    /// 31 commits on main; `values(i)` is recorded at commit i (latency, lower is better).
    func history(_ values: (Int) -> Double) throws -> (KitFixture, [String]) {
        let fixture = try KitFixture()
        let shas = try fixture.git.importHistory(count: 31) { ["file.txt": "\($0)\n"] }
        for (index, sha) in shas.enumerated() { try fixture.record(latency: values(index), at: sha) }
        return (fixture, shas)
    }

    @Test func aQuietBenchmarkCatchesASmallSlowdownThePercentageWouldMiss() throws {
        let (fixture, shas) = try history { $0 < 30 ? 100 + Double($0 % 3) * 0.2 : 103 }
        let report = try Checker(fixture.session()).check(CheckOptions())
        let check = try #require(report.series.first?.metrics.first)
        #expect(report.verdict == .regressed)
        #expect(check.model == "t-test" && check.windowSize == 30 && check.windowBranch == "main")
        #expect(check.explanation.hasPrefix("latency_ms 103ms > upper limit 100."))
        #expect(check.explanation.contains("(t-test over 30 runs on main, 99%, p="))
        #expect(report.series.first?.baseline.snapshot.commitSha == shas[29])

        let percentage = try Checker(fixture.session()).check(CheckOptions { $0.verdictModel = .percentage })
        #expect(percentage.verdict == .unchanged, "3% is within the 5% threshold")
    }

    @Test func aNoisyBenchmarkIsNotFlaggedForItsUsualSpread() throws {
        // ±6% around 100, then +8%: beyond a 5% threshold, well within the history's spread.
        let noise: [Double] = [0, 6, -6, 3, -3, 5, -5, 1, -1, 4, -4, 2, -2, 6, -6]
        let (fixture, _) = try history { $0 < 30 ? 100 + noise[$0 % noise.count] : 108 }
        let report = try Checker(fixture.session()).check(CheckOptions())
        #expect(report.verdict == .unchanged)
        #expect(report.series.first?.metrics.first?.model == "t-test")
        let percentage = try Checker(fixture.session()).check(CheckOptions { $0.verdictModel = .percentage })
        #expect(percentage.verdict == .regressed)
    }

    @Test func bothFrontsJudgeAlike() throws {
        let (fixture, _) = try history { $0 < 30 ? 100 + Double($0 % 3) * 0.2 : 103 }
        let board = try RegressionBoard(fixture.session()).statuses(recent: 0)
        #expect(board.first?.verdict == .regressed)
        #expect(board.first?.checks.first?.model == "t-test")
    }
}

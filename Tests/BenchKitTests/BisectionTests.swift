import BenchCore
import BenchKit
import BenchTestSupport
import Testing

/// `bench bisect` over stored results, in-process: nothing is measured, the culprit is named.
@Suite struct BisectionTests {
    @Test func storedResultsNameTheFirstBadCommitWithoutRunningAnything() throws {
        let fixture = try KitFixture()
        let shas = try fixture.git.commits(9)
        for (index, sha) in shas.enumerated() where index % 2 == 0 || index == 5 {
            try fixture.record(f1: index < 5 ? 0.90 : 0.70, at: sha)
        }
        let options = BisectOptions { ($0.good, $0.bad, $0.metric) = (shas[0], shas[8], "f1") }
        let plan = try Bisector(fixture.session()).plan(options)
        #expect(plan.rangeSize == 9)
        #expect(plan.measured == 6)

        var steps: [BisectStep] = []
        let result = try Bisector(fixture.session()).bisect(options, progress: { steps.append($0) })
        // Commit 5 is bad and measured; commit 4 is good; so 5 is the culprit. The unmeasured
        // commits between are never needed.
        #expect(result.found)
        #expect(result.culprits.map(\.sha) == [shas[5]])
        #expect(result.culprits.first?.subject == "commit 6")
        #expect(result.runs == 0)
        #expect(result.before == 0.90 && result.after == 0.70)
        #expect(steps.allSatisfy { $0.reused })
    }

    @Test func goodMustBeAnAncestorOfBad() throws {
        let fixture = try KitFixture()
        let shas = try fixture.git.commits(3)
        let error = #expect(throws: BenchError.self) {
            try Bisector(fixture.session()).plan(BisectOptions { ($0.good, $0.bad, $0.metric) = (shas[2], shas[0], "f1") })
        }
        #expect(error?.kind == .badInput)
        #expect(error?.message.contains("is not an ancestor of") == true)
    }
}

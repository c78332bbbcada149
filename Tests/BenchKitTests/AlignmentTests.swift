import BenchCore
import BenchKit
import BenchTestSupport
import Testing

/// Snapshots follow their branch's history after a rewrite, in-process.
@Suite struct AlignmentTests {
    @Test func aResetDeactivatesWhatLeftTheBranchAndNothingMovesTwice() throws {
        let fixture = try KitFixture()
        let shas = try fixture.git.commits(3)
        for (index, sha) in shas.enumerated() { try fixture.record(f1: 0.8 + Double(index) / 100, at: sha) }
        try fixture.git.git(["reset", "-q", "--hard", shas[1]])

        let outcomes = try Aligner(fixture.session()).align(branch: nil)
        let outcome = try #require(outcomes.first)
        #expect(outcomes.count == 1)
        #expect(outcome.deactivated.map(\.version) == [3])
        #expect(outcome.current?.version == 2)
        #expect(outcome.currentChanged)
        #expect(!outcome.pinned)

        #expect(try Aligner(fixture.session()).align(branch: nil).isEmpty, "nothing moved since")
        let current = try SnapshotQueries(fixture.session()).current()
        #expect(current.map(\.version) == [2])
    }

    @Test func aPinnedCheckoutStaysCurrentAndComingBackReactivates() throws {
        let fixture = try KitFixture()
        let shas = try fixture.git.commits(3)
        for sha in shas { try fixture.record(f1: 0.8, at: sha) }
        _ = try SnapshotActions(fixture.session()).checkout(SeriesFilter(modelVersion: "classifier"), version: 1)
        try fixture.git.git(["reset", "-q", "--hard", shas[1]])

        let pinned = try #require(try Aligner(fixture.session()).align(branch: nil).first)
        #expect(pinned.pinned)
        #expect(pinned.current?.version == 1)

        try fixture.git.git(["reset", "-q", "--hard", shas[2]])
        let back = try #require(try Aligner(fixture.session()).align(branch: nil).first)
        #expect(back.reactivated.map(\.version) == [3])
        #expect(back.current?.version == 1, "still pinned by the checkout")
    }

    @Test func anUnknownBranchIsBadInput() throws {
        let fixture = try KitFixture()
        try fixture.record(f1: 0.8, at: try fixture.git.commit("one"))
        let error = #expect(throws: BenchError.self) { try Aligner(fixture.session()).align(branch: "nope") }
        #expect(error?.kind == .badInput)
    }
}

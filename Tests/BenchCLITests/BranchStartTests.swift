import BenchTestSupport
import Foundation
import Testing

/// A new branch starts from the default branch's snapshot at the merge-base, until it
/// measures the series itself.
@Suite struct BranchStartTests {
    @Test func aNewBranchShowsWhatItStartsFrom() throws {
        let box = try Sandbox()
        let c1 = try box.fixture.commit("c1")
        #expect(try box.bench("record", "--input", try box.resultFile(Sandbox.result(f1: 0.80))).status == 0)
        try box.fixture.git(["branch", "feature"])                     // forks at c1
        _ = try box.fixture.commit("c2 on main")
        #expect(try box.bench("record", "--input", try box.resultFile(Sandbox.result(f1: 0.90))).status == 0)

        let text = try box.bench("current", "--branch", "feature")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("feature has measured nothing yet."))
        #expect(text.stdout.contains("Not measured on feature yet: it starts from main at the merge-base \(c1.prefix(7))"))
        #expect(text.stdout.contains("f1=0.8"), "the merge-base's result, not main's newer 0.9")
        #expect(!text.stdout.contains("f1=0.9"))

        let json = try #require(try Sandbox.json(try box.bench("current", "--branch", "feature", "--json")) as? [[String: Any]])
        #expect(json.count == 1)
        #expect(json.first?["inherited_from"] as? String == "main")
        #expect(json.first?["merge_base"] as? String == c1)
        #expect(json.first?["snapshot_version"] as? Int == 1)

        // Once the branch measures the series, its own snapshot is current and nothing is inherited.
        try box.fixture.git(["checkout", "-q", "feature"])
        _ = try box.fixture.commit("c3 on feature")
        #expect(try box.bench("record", "--input", try box.resultFile(Sandbox.result(f1: 0.85))).status == 0)
        let own = try #require(try Sandbox.json(try box.bench("current", "--branch", "feature", "--json")) as? [[String: Any]])
        #expect(own.count == 1)
        #expect(own.first?["inherited_from"] == nil)
        #expect(own.first?["branch_name"] as? String == "feature")
        // The default branch itself inherits nothing.
        let main = try #require(try Sandbox.json(try box.bench("current", "--branch", "main", "--json")) as? [[String: Any]])
        #expect(main.allSatisfy { $0["inherited_from"] == nil })
    }
}

import BenchCore
import BenchTestSupport
import Foundation
import Testing

/// `bench compare --by commit|branch|testbed A B`: every series side by side, worse first,
/// as the dashboard's Comparison view shows it, in a table and as JSON (`/api/compare`'s
/// `side_by_side`).
@Suite struct CompareSidesTests {
    /// Two commits on main, each measured for two series; then a branch with one change.
    func measured() throws -> (box: Sandbox, shas: [String]) {
        let box = try Sandbox()
        var shas: [String] = []
        shas.append(try box.fixture.commit("first"))
        try box.record(f1: 0.90, model: "clf")
        try box.record(f1: 0.80, model: "ranker")
        shas.append(try box.fixture.commit("second"))
        try box.record(f1: 0.85, model: "clf")
        try box.record(f1: 0.88, model: "ranker")
        return (box, shas)
    }

    @Test func twoCommitsSideBySideWorseFirst() throws {
        let (box, shas) = try measured()
        let table = try box.bench("compare", "--by", "commit", "HEAD~1", "HEAD")
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "A \(shas[0].prefix(7)) first → B \(shas[1].prefix(7)) second (two commits) · 2 series · 1 worse · 1 better · 6 same")
        #expect(lines[1].hasPrefix("SERIES") && lines[1].contains("METRIC") && lines[1].contains("DELTA"))
        // The worse change first, then the better, then the unchanged rows.
        #expect(lines[2].hasPrefix("clf") && lines[2].contains("f1") && lines[2].contains("-0.05 (-5.6%)") && lines[2].hasSuffix("worse"))
        #expect(lines[3].hasPrefix("ranker") && lines[3].contains("+0.08 (+10.0%)") && lines[3].hasSuffix("better"))
        #expect(lines.count == 2 + 8)

        let json = try #require(try Sandbox.json(try box.bench("compare", "--by", "commit", "HEAD~1", "HEAD", "--json")) as? [String: Any])
        #expect(json["by"] as? String == "commit")
        #expect(json["a"] as? String == "HEAD~1" && json["b"] as? String == "HEAD")
        let deltas = try #require(json["deltas"] as? [[String: Any]])
        #expect(deltas.count == 8)
        #expect(deltas.first?["metric"] as? String == "f1" && deltas.first?["verdict"] as? String == "worse")
        #expect((deltas.first?["series"] as? [String: Any])?["model_version"] as? String == "clf")
    }

    @Test func twoBranchesCompareTheirCurrentSnapshots() throws {
        let (box, _) = try measured()
        try box.fixture.git(["checkout", "-q", "-b", "feature"])
        try box.fixture.commit("on feature")
        try box.record(f1: 0.95, model: "clf")
        let table = try box.bench("compare", "--by", "branch", "main", "feature")
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("A main → B feature (two branches) · 2 series · 0 worse · 1 better"))
        #expect(lines[2].hasPrefix("clf") && lines[2].contains("0.85") && lines[2].contains("0.95") && lines[2].hasSuffix("better"))
        // ranker was not measured on feature: its rows are gone from B.
        #expect(lines.contains { $0.hasPrefix("ranker") && $0.contains("(gone)") })
    }

    @Test(arguments: [
        (["compare", "--by", "commit", "HEAD"], "--by commit compares two commits: give A and B"),
        (["compare", "--by", "branch", "main", "feature", "--branch", "main"], "--branch narrows a testbed comparison only"),
        (["compare", "--by", "commit", "HEAD~1", "HEAD", "--dataset", "set-v1"], "--dataset and --prompt name one series"),
        (["compare", "--by", "branch", "main", "mian"], "nothing is measured on branch 'mian'"),
        (["compare", "--by", "testbed", "box-a", "box-b"], "no series has a result on testbed 'box-a' among its last 200 versions"),
        (["compare", "--by", "commit", "HEAD~1..HEAD", "HEAD"], "'HEAD~1..HEAD' is a range of commits"),
        (["compare", "--by", "side", "a", "b"], "--by"),
        (["compare", "clf", "1"], "give MODEL FROM TO"),
        (["compare", "clf", "one", "2"], "FROM must be a version number, not 'one'"),
        (["compare", "--by", "commit", "HEAD", "nosuchrev"], "unknown revision 'nosuchrev'"),
    ])
    func badSidesAreRefusedAndWriteNothing(arguments: [String], message: String) throws {
        let (box, _) = try measured()
        let before = try box.counts()
        let result = try box.bench(arguments: arguments)
        #expect(result.status == 2, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains("\nhint: ") || result.stderr.contains("Usage:") || result.stderr.contains("USAGE"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
        #expect(try box.counts() == before)
    }
}

import BenchTestSupport
import Foundation
import Testing

@Suite struct ImportExportTests {
    @Test func importRecordsEveryFileInTimeOrder() throws {
        let box = try Sandbox()
        let shas = try box.fixture.commits(2)
        let old = try box.resultFile("""
        [{"model_version": "clf", "commit_sha": "\(shas[0])", "created_at": "2026-01-02T00:00:00Z", "metrics": {"f1": 0.7}},
         {"model_version": "clf", "commit_sha": "\(shas[0].prefix(7))", "created_at": "2026-01-01T00:00:00Z", "metrics": {"f1": 0.6}}]
        """, name: "old.json")
        let new = try box.resultFile("""
        {"model_version": "clf", "commit_sha": "\(shas[1])", "created_at": "2026-01-03T00:00:00Z", "metrics": {"f1": 0.8}}
        """, name: "new.json")
        let result = try box.bench("import", new, old)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("imported 3 runs into 1 series"))
        let history = try #require(try Sandbox.json(try box.bench("history", "clf", "--json")) as? [[String: Any]])
        let snapshots = try #require(history.first?["snapshots"] as? [[String: Any]])
        #expect(snapshots.map { ($0["metrics"] as? [String: Double])?["f1"] } == [0.8, 0.7, 0.6])
        #expect(snapshots.map { $0["commit_sha"] as? String } == [shas[1], shas[0], shas[0]])
    }

    @Test func oneBadFileImportsNothing() throws {
        let box = try Sandbox(committing: "first")
        let good = try box.resultFile(Sandbox.result(f1: 0.8), name: "good.json")
        let bad = try box.resultFile("{\"model_version\": \"clf\", \"metrics\": {\"f1\": 0.8", name: "bad.json")
        let result = try box.bench("import", good, bad)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.json:1:"))
        #expect(try box.counts() == nil)
        let unknown = try box.resultFile("{\"model_version\": \"clf\", \"commit_sha\": \"nope\", \"metrics\": {\"f1\": 1}}", name: "unknown.json")
        #expect(try box.bench("import", good, unknown).status == 2)
        #expect(try box.counts() == nil)
    }

    @Test func exportRoundTripsThroughImport() throws {
        let box = try Sandbox(committing: "first")
        try box.record(f1: 0.8, extra: ["--tags", "a", "b", "--notes", "first, \"quoted\""])
        try box.record(f1: 0.85)
        let exported = box.fixture.root + "/export.json"
        #expect(try box.bench("export", "--format", "json", "--output", exported).status == 0)

        let other = box.fixture.root + "/other.sqlite3"
        let imported = try box.bench("import", exported, "--database", other)
        #expect(imported.status == 0, "\(imported.stderr)")
        let original = try box.bench("export", "--format", "json").stdout
        let copy = try box.bench("export", "--format", "json", "--database", other).stdout
        #expect(original == copy)
        let again = try box.bench("import", exported, "--database", other)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already in the store"))

        let csv = try box.bench("export", "--format", "csv").stdout
        #expect(csv.contains("\"first, \"\"quoted\"\"\""))
        #expect(csv.split(separator: "\n").count == 3)
        #expect(try box.bench("export", "--since", "2999-01-01").stdout.split(separator: "\n").count == 1)
    }
}

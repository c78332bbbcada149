import BenchTestSupport
import Foundation
import Testing

@Suite struct DemoTests {
    @Test func demoTellsTheWholeStory() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("bench-demo-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let result = try BenchBinary.run(["demo", "--dir", parent], in: parent)
        #expect(result.status == 0, "\(result.stderr)")
        for section in ["$ bench history classifier", "$ bench current", "$ bench compare classifier 7 8", "$ bench log --metric f1"] {
            #expect(result.stdout.contains(section))
        }
        #expect(result.stdout.contains("f1 fell at v8"))
        #expect(result.stdout.contains("f1 (") == false)
        let f1Line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("f1 ") })
        #expect(f1Line.contains("0.875") && f1Line.contains("0.8") && f1Line.contains("worse"))
        let repositories = try FileManager.default.contentsOfDirectory(atPath: parent)
        #expect(repositories.count == 1)
        let history = try BenchBinary.run(["history", "classifier", "--json"], in: parent + "/" + repositories[0])
        let snapshots = (try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])?.first?["snapshots"] as? [[String: Any]]
        #expect(snapshots?.count == 12)
        // The suggested bisect names the commit that made f1 drop, from stored results only.
        #expect(result.stdout.contains("bisect --good HEAD~5 --bad HEAD --metric f1"))
        let bisect = try BenchBinary.run(["bisect", "--good", "HEAD~5", "--bad", "HEAD", "--metric", "f1"], in: parent + "/" + repositories[0])
        #expect(bisect.status == 0, "\(bisect.stderr)")
        #expect(bisect.stdout.contains("Switch tokenizer to whitespace split"))
        #expect(bisect.stdout.contains("0 benchmark run(s)"))
    }
}

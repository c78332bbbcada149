import BenchCore
import BenchTestSupport
import Foundation
import Testing

/// `bench import` of input in time order reads it twice and hands the runs to the store in
/// batches of 4,096 without holding them; input out of order is read once, held and sorted.
/// Both must leave the same store, and a problem found in a late batch must leave nothing.
@Suite struct ImportStreamTests {
    /// Results `first..<first + count` over two series, each with its transaction id and a
    /// time one second after the one before: in time order.
    static func results(_ count: Int, from first: Int = 0) -> [String] {
        let format = ISO8601DateFormatter()
        return (first..<first + count).map { index in
            let time = format.string(from: Date(timeIntervalSince1970: 1_767_225_600 + Double(index)))
            return "{\"transaction_id\": \"t-\(index)\", \"model_version\": \"m\(index % 2)\", \"created_at\": \"\(time)\", "
                + "\"metrics\": {\"f1\": \(Double(index % 97) / 100), \"latency_ms\": \(index % 13)}}"
        }
    }

    static func file(_ box: Sandbox, _ results: [String], name: String) throws -> String {
        try box.resultFile("[" + results.joined(separator: ",\n") + "]", name: name)
    }

    /// 9,000 results in two files: in time order (streamed, across three batches), and the
    /// same files the other way round (held and sorted). The stores are the same, row for row
    /// as export, history and the current flags show them.
    @Test func streamedAndSortedImportsLeaveTheSameStore() throws {
        let box = try Sandbox(committing: "first")
        let all = Self.results(9_000)
        let early = try Self.file(box, Array(all[..<5_000]), name: "early.json")
        let late = try Self.file(box, Array(all[5_000...]), name: "late.json")
        let streamed = try box.bench("import", early, late)
        #expect(streamed.status == 0, "\(streamed.stderr)")
        #expect(streamed.stdout == "imported 9000 runs into 2 series\n")
        let other = box.fixture.root + "/sorted.sqlite3"
        let sorted = try box.bench("import", late, early, "--database", other)
        #expect(sorted.status == 0, "\(sorted.stderr)")
        #expect(sorted.stdout == "imported 9000 runs into 2 series\n")
        for command in [["export", "--format", "json"], ["history", "m1", "--json"], ["current", "--json"]] {
            let one = try box.bench(arguments: command), two = try box.bench(arguments: command + ["--database", other])
            #expect(one.status == 0 && two.status == 0)
            #expect(one.stdout == two.stdout, "\(command.joined(separator: " ")) differs")
        }
        let history = try #require(try Sandbox.json(try box.bench("history", "m0", "--json")) as? [[String: Any]])
        let snapshots = try #require(history.first?["snapshots"] as? [[String: Any]])
        #expect(snapshots.count == 4_500)
        #expect(snapshots.first?["transaction_id"] as? String == "t-8998")
        #expect(snapshots.filter { $0["is_current"] as? Bool == true }.count == 1)
        #expect(try box.counts()?.transactions == 9_000)
    }

    /// A transaction the store holds, met in the sixth batch of 25,000 results in time
    /// order: the five batches written before it (their progress shows they were, which
    /// only the streamed import does: one held in memory checks before it writes) are
    /// rolled back.
    @Test func aTransactionStoredAlreadyInALateBatchImportsNothing() throws {
        let box = try Sandbox(committing: "first")
        let stored = try Self.file(box, Self.results(1, from: 24_000), name: "stored.json")
        #expect(try box.bench("import", stored).status == 0)
        let before = try box.counts()
        let result = try box.bench("import", "--progress", try Self.file(box, Self.results(25_000), name: "all.json"))
        #expect(result.status == 2)
        #expect(result.stderr.contains("transaction t-24000 is already in the store; nothing was imported"), "\(result.stderr)")
        #expect(result.stderr.contains("importing: 20000 of 25000 runs"), "\(result.stderr)")
        #expect(try box.counts() == before)
        #expect(try box.counts()?.transactions == 1)
    }

    /// A process substitution, a pipe by another name, is read once and held: the first of
    /// two reads would drain it.
    @Test func aPipeIsReadOnce() throws {
        let box = try Sandbox(committing: "first")
        let file = try Self.file(box, Self.results(5_000), name: "all.json")
        let result = try ProcessRunner.run("/bin/bash", ["-c", "\"$0\" import <(cat \"$1\")", BenchBinary.path, file], in: box.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "imported 5000 runs into 2 series\n")
        #expect(try box.counts()?.transactions == 5_000)
    }

    /// A problem far into 9,000 results in time order, found by the first read: an unknown
    /// revision in the last result (said after every file is read), or a transaction id
    /// given twice. Nothing is written and no store is made.
    @Test(arguments: [
        (8_999, "\"model_version\"", "\"commit_sha\": \"nope\", \"model_version\"", "unknown revision 'nope' in commit_sha"),
        (8_000, "\"t-8000\"", "\"t-10\"", "transaction t-10 appears twice in the input"),
    ])
    func aLateProblemMakesNoStore(index: Int, replacing: String, with replacement: String, message: String) throws {
        let box = try Sandbox(committing: "first")
        var results = Self.results(9_000)
        results[index] = results[index].replacingOccurrences(of: replacing, with: replacement)
        let result = try box.bench("import", try Self.file(box, results, name: "all.json"))
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try box.counts() == nil)
    }
}

@testable import BenchCLI
import BenchCore
import BenchKit
import BenchStore
import BenchTestSupport
import Foundation
import Testing

/// `bench history`: every version streamed to a pipe and as JSON, pages with a cursor, and a
/// page on a terminal that says how to see more.
@Suite struct HistoryPagingTests {
    /// A repository with `count` versions of `clf` on as many commits, imported at once; the
    /// older half measured on testbed alpha and the newer on beta, so epochs are written too.
    static func history(_ count: Int) throws -> Sandbox {
        let box = try Sandbox()
        let shas = try box.fixture.importHistory(count: count) { ["file.txt": "\($0)\n"] }
        let results = shas.enumerated().map { index, sha in
            let testbed = index < count / 2 ? "alpha" : "beta"
            let notes = index == 3 ? ", \"notes\": \"quote \\\" slash / tab \\t é\"" : ""
            return """
            {"model_version": "clf", "commit_sha": "\(sha)", "created_at": "\(Timestamp.format(Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 60)))",
             "testbed": "\(testbed)"\(notes), "metrics": {"f1": \(0.5 + Double(index % 97) / 1000), "latency_ms": {"value": \(index), "unit": "ms"},
             "F1": 1e-05, "f_1": 123456789012, "f10": -0.0}}
            """
        }
        let file = try box.resultFile("[" + results.joined(separator: ",\n") + "]", name: "history.json")
        let imported = try box.bench("import", file)
        #expect(imported.status == 0, "\(imported.stderr)")
        return box
    }

    /// The shape `bench history --json` prints for a series, as one value.
    struct WholeHistory: Encodable {
        var series: SeriesKey
        var snapshots: [SnapshotJSON]
        var actions: [ActionJSON]
        var testbed_epochs: [EpochJSON]
    }

    /// What `bench history --json` printed before it streamed: the whole value through `JSONOutput`'s encoder.
    static func wholeJSON(_ box: Sandbox, model: String) throws -> String {
        let store = try SQLiteStore(path: box.storePath, create: false)
        let keys = try store.series(SeriesFilter(modelVersion: model))
        let value = try keys.map { key in
            let snapshots = try store.history(of: key)
            let actions = try store.entries(since: nil, kinds: [.checkout, .baselineSet, .baselineClear], series: SeriesFilter(key))
            return WholeHistory(series: key, snapshots: snapshots.map(SnapshotJSON.init), actions: actions.map(ActionJSON.init),
                                            testbed_epochs: TestbedEpoch.of(snapshots.reversed()).map(EpochJSON.init))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    @Test func jsonIsStreamedByteForByteAsTheWholeValueWouldBe() throws {
        // Over two pages of the stream (1,000 versions each), with a checkout among the actions.
        let box = try Self.history(2_100)
        #expect(try box.bench("checkout", "clf", "--version", "7").status == 0)
        let streamed = try box.bench("history", "clf", "--json")
        #expect(streamed.status == 0, "\(streamed.stderr)")
        #expect(streamed.stdout == (try Self.wholeJSON(box, model: "clf")))
        let snapshots = (try Sandbox.json(streamed) as? [[String: Any]])?.first?["snapshots"] as? [[String: Any]] ?? []
        #expect(snapshots.count == 2_100)
        #expect(snapshots.map { $0["snapshot_version"] as? Int } == Array((1...2_100).reversed()))
    }

    @Test func pagesFollowTheCursorToTheFirstVersion() throws {
        let box = try Self.history(120)
        var versions: [Int] = [], before: [String] = []
        for _ in 0..<10 {
            let page = try box.bench(arguments: ["history", "clf", "--json", "-n", "50"] + before)
            #expect(page.status == 0, "\(page.stderr)")
            let listed = ((try Sandbox.json(page) as? [[String: Any]])?.first?["snapshots"] as? [[String: Any]] ?? []).compactMap { $0["snapshot_version"] as? Int }
            guard let oldest = listed.last else { break }
            #expect(listed.count <= 50)
            versions += listed
            before = ["--before", String(oldest)]
        }
        #expect(versions == Array((1...120).reversed()), "every version once, newest first")
        let text = try box.bench("history", "clf", "--limit", "3", "--before", "100").stdout
        #expect(text.contains("v99 ") && text.contains("v97 ") && !text.contains("v100 ") && !text.contains("v96 "))
    }

    @Test func aPipeGetsEveryVersionWithItsEpochs() throws {
        let box = try Self.history(120)
        let text = try box.bench("history", "clf")
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("v") }.count == 120)
        let beta = try #require(lines.firstIndex(of: "── testbed beta · v61–v120 ──"))
        let alpha = try #require(lines.firstIndex(of: "── testbed alpha · v1–v60 ──"))
        #expect(beta < alpha)
        #expect(lines[beta + 1].hasPrefix("v120 ") && lines[alpha - 1].hasPrefix("v61 ") && lines.last?.hasPrefix("v1 ") == true)
    }

    @Test func aTerminalGetsOnePageAndTheWayToTheNext() throws {
        let box = try Self.history(120)
        let page = try Self.onTerminal(box, "history clf")
        let rows = page.split(separator: "\n").filter { $0.hasPrefix("v") }
        #expect(rows.count == Bench.History.terminalPage)
        #expect(rows.first?.hasPrefix("v120 ") == true && rows.last?.hasPrefix("v71 ") == true)
        let hint = try #require(page.split(separator: "\n").first { $0.hasPrefix("Older versions:") })
        #expect(hint == "Older versions: bench history clf --branch main --before 71")
        let next = try Self.onTerminal(box, String(hint.dropFirst("Older versions: bench ".count)))
        #expect(next.split(separator: "\n").filter { $0.hasPrefix("v") }.first?.hasPrefix("v70 ") == true)
        let last = try Self.onTerminal(box, "history clf --before 21")
        #expect(!last.contains("Older versions"), "the last page has nothing after it")
    }

    @Test(arguments: [["-n", "0"], ["--limit", "-3"], ["--before", "0"], ["--before", "v3"], ["-n", "many"]])
    func badPagingIsRefused(_ arguments: [String]) throws {
        let box = try Sandbox(committing: "first")
        try box.record(f1: 0.8)
        let result = try box.bench(arguments: ["history", "clf"] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stdout.isEmpty)
    }

    /// Runs `bench ARGUMENTS` with a terminal for its output (under `script`), and returns
    /// what the terminal showed.
    static func onTerminal(_ box: Sandbox, _ arguments: String) throws -> String {
        let result = try ProcessRunner.run("/usr/bin/script", ["-qec", "\(BenchBinary.path) \(arguments)", "/dev/null"], in: box.path)
        #expect(result.status == 0, "\(result.stdout)")
        return result.stdout.replacingOccurrences(of: "\r\n", with: "\n")
    }
}

/// `JSONStream` writes what `JSONEncoder` writes, for the values that need escaping or a
/// particular spelling.
@Suite struct JSONStreamTests {
    @Test func rowsMatchTheEncoderOnAwkwardValues() throws {
        let awkward = Snapshot(
            id: 1, series: SeriesKey(modelVersion: "m \"q\" / \\ \u{1}\u{1F}\t\n é 😀 \u{2028}", datasetVersion: "", promptVersion: "p",
                                     environment: "local", branchName: "feature/x"),
            version: 12, transactionId: "t", commitSha: "abc", commitTime: nil, modelProvider: nil,
            metrics: [NamedMetric(name: "f1", metric: MetricValue(value: 0.1, unit: nil, samples: [1, 2.5, 1e-7, 1e21])),
                      NamedMetric(name: "F1", metric: MetricValue(value: 1e-05, unit: "ms", samples: [])),
                      NamedMetric(name: "f_1", metric: MetricValue(value: -0.0, unit: "µs", samples: nil)),
                      NamedMetric(name: "f10", metric: MetricValue(value: 123456789012345680, unit: nil, samples: nil)),
                      NamedMetric(name: "f2", metric: MetricValue(value: 2.0 / 3, unit: nil, samples: nil)),
                      NamedMetric(name: "a b", metric: MetricValue(value: 1e16, unit: nil, samples: nil)),
                      NamedMetric(name: "Z", metric: MetricValue(value: 5, unit: nil, samples: nil)),
                      NamedMetric(name: "é", metric: MetricValue(value: 6, unit: nil, samples: nil)),
                      NamedMetric(name: "😀", metric: MetricValue(value: 8, unit: "😀", samples: nil)),
                      NamedMetric(name: "\u{FF5E}", metric: MetricValue(value: 9, unit: nil, samples: nil))],
            isCurrent: true, isBaseline: false, isActive: false, inactiveReason: "rewritten \"away\"",
            createdAt: Date(timeIntervalSince1970: 1_700_000_000.123), lastUpdatedAt: Date(timeIntervalSince1970: 0), testbed: nil)
        var plain = awkward
        plain.metrics = []
        for snapshot in [awkward, plain] {
            var written: [UInt8] = []
            var stream = JSONStream { written += $0 }, writer = SnapshotRowWriter()
            stream.write("[\n")
            writer.write(snapshot, depth: 1, to: &stream)
            stream.write("\n]")
            stream.flush()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            #expect(String(decoding: written, as: UTF8.self) == String(decoding: try encoder.encode([SnapshotJSON(snapshot)]), as: UTF8.self))
        }
    }

    /// `bench current --json` writes its rows by hand: byte for byte what `JSONOutput` printed
    /// through the encoder, for several series (units, samples, a testbed) and for none.
    @Test func currentIsWrittenAsTheEncoderWouldWriteIt() throws {
        let box = try Sandbox()
        let shas = try box.fixture.importHistory(count: 3) { ["file.txt": "\($0)\n"] }
        let results = shas.enumerated().map { index, sha in
            """
            {"model_version": "m\(index)", "branch_name": "main", "commit_sha": "\(sha)", "testbed": \(index == 1 ? "\"ci\"" : "null"),
             "metrics": {"f1": 0.\(index + 5), "latency_ms": {"value": \(index * 10 + 1), "unit": "ms", "samples": [1, 2.5]}, "Zeta": -1e-9}}
            """
        }
        let empty = try box.bench("current", "--json"), none = try Self.encoded([SnapshotJSON]())
        #expect(empty.status == 0)
        #expect(empty.stdout == none)
        let file = try box.resultFile("[" + results.joined(separator: ",\n") + "]", name: "results.json")
        #expect(try box.bench("import", file).status == 0)
        let written = try box.bench("current", "--json")
        let store = try SQLiteStore(path: box.storePath, create: false)
        let current = try store.currentSnapshots(SeriesFilter())
        let expected = try Self.encoded(current.map(SnapshotJSON.init))
        #expect(current.count == 3)
        #expect(written.status == 0)
        #expect(written.stdout == expected)
        // `record --json` prints what it recorded the same way.
        let again = try box.resultFile(#"{"model_version": "m1", "metrics": {"f1": 0.75, "recall": {"value": 0.5, "samples": [0.5]}}}"#, name: "again.json")
        let recorded = try box.bench("record", "--input", again, "--json")
        let newest = try store.currentSnapshots(SeriesFilter(modelVersion: "m1"))
        let expectedRecord = try Self.encoded(newest.map(SnapshotJSON.init))
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(newest.first?.version == 2)
        #expect(recorded.stdout == expectedRecord)
        // And `baseline show --json` its baselines.
        #expect(try box.bench("baseline", "set", "m2").status == 0)
        let baselines = try box.bench("baseline", "show", "--json")
        let expectedBaselines = try Self.encoded(try store.baselines(SeriesFilter()).map(SnapshotJSON.init))
        #expect(baselines.status == 0)
        #expect(baselines.stdout == expectedBaselines)
        #expect(baselines.stdout.contains("\"model_version\" : \"m2\""))
    }

    /// JSON written by hand to a full disk: one error line and the environment's exit code,
    /// no trap and no stack trace.
    @Test func jsonThatCannotBeWrittenIsOneError() throws {
        let box = try Sandbox()
        let shas = try box.fixture.importHistory(count: 2) { ["file.txt": "\($0)\n"] }
        let file = try box.resultFile(#"[{"model_version": "m", "commit_sha": "\#(shas[1])", "metrics": {"f1": 0.5}}]"#, name: "r.json")
        #expect(try box.bench("import", file).status == 0)
        for arguments in [["current", "--json"], ["history", "m", "--json"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: BenchBinary.path)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: box.path)
            let errors = Pipe()
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
            process.standardError = errors
            try process.run()
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus == 3, "\(arguments): \(said)")
            #expect(said.hasPrefix("error: cannot write the output: No space left on device\n"), "\(arguments): \(said)")
            #expect(!said.contains("Fatal error") && !said.contains("stack trace"))
        }
    }

    static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
